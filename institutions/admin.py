from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from institutions.models import Facility, Institution, Unit, count_of
from institutions.resources import FacilityResource, InstitutionResource, UnitResource
from members.models import Member
from mmin.admin import CuratorAdmin, CuratorTabularInline, RefreshesSearchAdmin
from mmin.importexport import CuratorImportExportMixin


class UnitInline(CuratorTabularInline):
    model = Unit
    fields = ["name", "kind", "website"]
    extra = 0
    show_change_link = True


@admin.register(Institution)
class InstitutionAdmin(RefreshesSearchAdmin, CuratorImportExportMixin, CuratorAdmin):
    def searched_members(self, obj):
        return obj.members.values_list("pk", flat=True) if obj.pk else []

    resource_classes = [InstitutionResource]
    list_display = ["name", "short_name", "kind", "city", "unit_count", "member_count"]
    list_filter = ["kind", "city"]
    search_fields = ["name", "short_name", "city"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [UnitInline]
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "kind"]}),
        (_("Location"), {"fields": ["city", "latitude", "longitude"]}),
        (_("About"), {"fields": ["website", "description"]}),
    ]

    def get_queryset(self, request):
        # Subqueries rather than two joins, which would multiply an institution's units by its members.
        return (
            super()
            .get_queryset(request)
            .annotate(
                unit_count=count_of(Unit.objects.all(), "institution"),
                member_count=count_of(Member.objects.all(), "institution"),
            )
        )

    @admin.display(description=_("units"), ordering="unit_count")
    def unit_count(self, institution):
        return institution.unit_count

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, institution):
        return institution.member_count


@admin.register(Unit)
class UnitAdmin(RefreshesSearchAdmin, CuratorImportExportMixin, CuratorAdmin):
    def searched_members(self, obj):
        return obj.members.values_list("pk", flat=True) if obj.pk else []

    resource_classes = [UnitResource]
    list_display = ["name", "institution", "kind"]
    list_filter = ["kind", ("institution", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["name", "institution__name", "institution__short_name"]
    list_select_related = ["institution"]
    autocomplete_fields = ["institution"]
    fields = ["institution", "name", "kind", "website", "description"]


@admin.register(Facility)
class FacilityAdmin(CuratorImportExportMixin, CuratorAdmin):
    resource_classes = [FacilityResource]
    list_display = [
        "name",
        "institution",
        "unit",
        "modality",
        "field_strength_tesla",
        "access_model",
        "is_illustrative",
    ]
    list_filter = [
        ("modality", admin.RelatedOnlyFieldListFilter),
        "access_model",
        "subject",
        "sensor_type",
        "is_illustrative",
        ("institution", admin.RelatedOnlyFieldListFilter),
    ]
    search_fields = ["name", "manufacturer", "model", "institution__name", "unit__name", "modality__name"]
    # Unit.__str__ names the unit's institution, hence unit__institution.
    list_select_related = ["institution", "unit__institution", "modality"]
    autocomplete_fields = ["institution", "unit", "modality", "responsible_members"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "institution", "unit", "modality"]}),
        (
            _("Specifications"),
            {"fields": ["manufacturer", "model", "field_strength_tesla", "sensor_type", "channel_count", "subject"]},
        ),
        (_("Access"), {"fields": ["access_model", "booking_url", "responsible_members"]}),
        (_("About"), {"fields": ["description", "is_illustrative"]}),
    ]
