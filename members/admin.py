from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from members.models import Member, MemberExpertise, Publication
from mmin.admin import CuratorAdmin, CuratorTabularInline


class MemberAdminForm(forms.ModelForm):
    """The member change form; MemberAdmin supplies the model and, through its fieldsets, the fields."""

    # Tick boxes instead of the comma-separated text box Django gives an ArrayField.
    open_to = forms.MultipleChoiceField(
        label=_("open to"),
        choices=Member.OpenTo.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class OpenToFilter(admin.SimpleListFilter):
    title = _("open to")
    parameter_name = "open_to"

    def lookups(self, request, model_admin):
        return Member.OpenTo.choices

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(open_to__contains=[self.value()])
        return queryset


class MemberExpertiseInline(CuratorTabularInline):
    model = MemberExpertise
    fields = ["area", "emphasis"]
    autocomplete_fields = ["area"]
    extra = 1


class PublicationInline(CuratorTabularInline):
    model = Publication
    fields = ["title", "year", "venue", "doi", "url"]
    extra = 0


@admin.register(Member)
class MemberAdmin(CuratorAdmin):
    form = MemberAdminForm
    list_display = ["full_name", "institution", "unit", "role", "career_stage", "status", "profile_visibility"]
    list_filter = [
        "status",
        "role",
        "career_stage",
        "profile_visibility",
        OpenToFilter,
        "capacity",
        ("institution", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["full_name", "email", "orcid", "job_title", "institution__name", "unit__name"]
    # Unit.__str__ names the unit's institution, hence unit__institution.
    list_select_related = ["institution", "unit__institution"]
    autocomplete_fields = ["user", "institution", "unit"]
    prepopulated_fields = {"slug": ["full_name"]}
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MemberExpertiseInline, PublicationInline]
    fieldsets = [
        (
            _("Profile"),
            {
                "fields": [
                    "full_name",
                    "slug",
                    "title",
                    "job_title",
                    "role",
                    "career_stage",
                    "biography",
                    "research_interests",
                    "orcid",
                    "website",
                    "photo",
                ]
            },
        ),
        (_("Affiliation"), {"fields": ["institution", "unit"]}),
        (_("Availability"), {"fields": ["open_to", "capacity", "availability_confirmed_at"]}),
        (
            _("Contact & privacy"),
            {"fields": ["email", "email_visibility", "phone", "phone_visibility", "profile_visibility"]},
        ),
        (_("Status"), {"fields": ["status", "user", "created_at", "updated_at"]}),
    ]


@admin.register(MemberExpertise)
class MemberExpertiseAdmin(CuratorAdmin):
    list_display = ["member", "area", "emphasis"]
    list_filter = ["emphasis", "area__facet"]
    search_fields = ["member__full_name", "area__name"]
    list_select_related = ["member", "area"]
    autocomplete_fields = ["member", "area"]


@admin.register(Publication)
class PublicationAdmin(CuratorAdmin):
    list_display = ["title", "member", "year", "venue", "doi"]
    list_filter = ["year"]
    search_fields = ["title", "doi", "venue", "member__full_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fields = ["member", "title", "year", "venue", "doi", "url"]
