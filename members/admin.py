from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin

from members import profiles
from members.models import Member, MemberExpertise, Publication
from members.similar import queue_similar_refresh
from mmin.admin import CuratorAdmin, CuratorTabularInline, RefreshesSearchAdmin
from mmin.importexport import CuratorImportExportMixin


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


class HasAccountFilter(admin.SimpleListFilter):
    title = _("account")
    parameter_name = "has_account"

    def lookups(self, request, model_admin):
        return [("yes", _("Has an account")), ("no", _("Curated only"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(user__isnull=self.value() == "no")
        return queryset


def _apply(modeladmin, request, queryset, service, done_message):
    """Run an approval-queue service on each selected member; report what changed and what could not."""
    changed = 0
    for member in queryset:
        try:
            service(member, by=request.user)
        except profiles.ProfileError as error:
            modeladmin.message_user(request, str(error), messages.WARNING)
        else:
            changed += 1
    if changed:
        modeladmin.message_user(request, done_message(changed), messages.SUCCESS)


@admin.action(description=_("Approve selected members (publish and email them)"), permissions=["change"])
def approve_members(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        profiles.approve_member,
        lambda n: ngettext("%(n)d member approved.", "%(n)d members approved.", n) % {"n": n},
    )


@admin.action(description=_("Suspend selected members (hide from the directory)"), permissions=["change"])
def suspend_members(modeladmin, request, queryset):
    _apply(
        modeladmin,
        request,
        queryset,
        profiles.suspend_member,
        lambda n: ngettext("%(n)d member suspended.", "%(n)d members suspended.", n) % {"n": n},
    )


class RefreshesSimilarAdmin(RefreshesSearchAdmin):
    """For admins that change which areas members list: their similar members are computed again too (queued)."""

    def _refresh(self, member_ids):
        super()._refresh(member_ids)
        queue_similar_refresh(member_ids)


@admin.register(Member)
class MemberAdmin(RefreshesSimilarAdmin, CuratorImportExportMixin, SimpleHistoryAdmin, CuratorAdmin):
    """Profiles, with the approval queue (filter by status "Pending approval") and every change's history."""

    def searched_members(self, obj):
        return [obj.pk] if obj.pk else []

    form = MemberAdminForm
    actions = [approve_members, suspend_members]
    list_display = [
        "full_name",
        "institution",
        "unit",
        "role",
        "career_stage",
        "status",
        "profile_visibility",
        "created_at",
    ]
    list_filter = [
        "status",
        HasAccountFilter,
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
class MemberExpertiseAdmin(RefreshesSimilarAdmin, CuratorAdmin):
    def searched_members(self, obj):
        return [obj.member_id]

    list_display = ["member", "area", "emphasis"]
    list_filter = ["emphasis", "area__facet"]
    search_fields = ["member__full_name", "area__name"]
    list_select_related = ["member", "area"]
    autocomplete_fields = ["member", "area"]


@admin.register(Publication)
class PublicationAdmin(RefreshesSearchAdmin, CuratorAdmin):
    def searched_members(self, obj):
        return [obj.member_id]

    list_display = ["title", "member", "year", "venue", "doi"]
    list_filter = ["year"]
    search_fields = ["title", "doi", "venue", "member__full_name"]
    list_select_related = ["member"]
    autocomplete_fields = ["member"]
    fields = ["member", "title", "year", "venue", "doi", "url"]


import members.admin_curation  # noqa: E402 -- CSV import/export, merging duplicates, stale profiles
from members import admin_search  # noqa: E402, F401 -- registers the searches-that-found-nothing list

members.admin_curation.install(MemberAdmin)
from members import admin_collaboration  # noqa: E402, F401 -- collaboration requests and reported requests
