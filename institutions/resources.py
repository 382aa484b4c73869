"""CSV import and export of institutions, units and facilities (the columns are documented in docs/csv/)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, widgets

from expertise.models import ExpertiseArea
from institutions.models import Facility, Institution, Unit
from members.models import Member
from mmin.importexport import LIST_SEPARATOR, CuratorResource, ListWidget, SlugWidget


def _refresh_members(member_ids) -> None:
    """Rewrite the search documents of these members (their institution or unit was renamed) and drop cached facets."""
    from members.search import forget_browse_facets, refresh_search_vectors

    member_ids = list(member_ids)
    if member_ids:
        refresh_search_vectors(member_ids)
    transaction.on_commit(forget_browse_facets)


def _saved_ids(result) -> list[int]:
    return [int(row.object_id) for row in result.rows if row.import_type in ("new", "update") and row.object_id]


class UnitWidget(SlugWidget):
    """A unit named by its name, inside the institution named in the same row's `institution` column."""

    def __init__(self, model=Unit, field: str = "name"):
        super().__init__(model, field)

    def get_queryset(self, value, row, *args, **kwargs):
        return Unit.objects.filter(institution__slug=(row or {}).get("institution", ""))

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            institution = (row or {}).get("institution", "")
            raise ValueError(
                _("The institution “%(institution)s” has no unit named “%(unit)s”. Import the unit first.")
                % {"institution": institution, "unit": value}
            ) from None

    def render(self, value, obj=None, **kwargs):
        return value.name if value else ""


class InstitutionResource(CuratorResource):
    slug_source = "name"

    class Meta:
        model = Institution
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "short_name",
            "kind",
            "city",
            "website",
            "description",
            "latitude",
            "longitude",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        _refresh_members(Member.objects.filter(institution_id__in=_saved_ids(result)).values_list("pk", flat=True))


class UnitResource(CuratorResource):
    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=SlugWidget(Institution, hint=_("Import the institution first.")),
    )

    class Meta:
        model = Unit
        import_id_fields = ["institution", "name"]
        fields = ["institution", "name", "kind", "website", "description"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    export_select = ("institution",)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        _refresh_members(Member.objects.filter(unit_id__in=_saved_ids(result)).values_list("pk", flat=True))


class ResponsibleMembersWidget(widgets.ManyToManyWidget):
    """The slugs of the members responsible for a facility, separated by semicolons; an unknown slug is an error."""

    def __init__(self):
        super().__init__(Member, separator=LIST_SEPARATOR, field="slug")

    def clean(self, value, row=None, **kwargs):
        slugs = ListWidget().clean(value)
        found = {member.slug: member for member in Member.objects.filter(slug__in=slugs)}
        missing = [slug for slug in slugs if slug not in found]
        if missing:
            raise ValueError(_("No member has the slug %(slugs)s.") % {"slugs": ", ".join(f"“{s}”" for s in missing)})
        return [found[slug] for slug in dict.fromkeys(slugs)]

    def render(self, value, obj=None, **kwargs):
        return ListWidget().render(sorted(member.slug for member in value.all()) if value is not None else [])


class FacilityResource(CuratorResource):
    slug_source = "name"

    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=SlugWidget(Institution, hint=_("Import the institution first.")),
    )
    unit = fields.Field(attribute="unit", column_name="unit", widget=UnitWidget())
    modality = fields.Field(
        attribute="modality",
        column_name="modality",
        widget=SlugWidget(ExpertiseArea, hint=_("Use the slug of an expertise area in the modality facet.")),
    )
    responsible_members = fields.Field(
        attribute="responsible_members",
        column_name="responsible_members",
        widget=ResponsibleMembersWidget(),
        m2m_add=False,
    )

    class Meta:
        model = Facility
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "name",
            "institution",
            "unit",
            "modality",
            "manufacturer",
            "model",
            "field_strength_tesla",
            "sensor_type",
            "channel_count",
            "subject",
            "access_model",
            "booking_url",
            "description",
            "responsible_members",
            "is_illustrative",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    export_select = ("institution", "unit", "modality")
    export_prefetch = ("responsible_members",)

    def import_instance(self, instance, row, **kwargs):
        """Responsible members are saved after the facility, but their slugs are checked now, to err on their row."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "responsible_members" in row:
            try:
                ResponsibleMembersWidget().clean(row["responsible_members"])
            except ValueError as error:
                errors["responsible_members"] = [ValidationError(str(error), code="invalid")]
        if errors:
            raise ValidationError(errors)
