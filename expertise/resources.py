"""CSV import and export of the expertise taxonomy (the columns are documented in docs/csv/)."""

from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields

from expertise.models import ExpertiseArea
from mmin.importexport import CuratorResource, KeyValueWidget, ListWidget, SlugWidget


class ExpertiseAreaResource(CuratorResource):
    """Areas keyed by slug; a parent is named by its slug and must exist already or come earlier in the file."""

    slug_source = "name"

    parent = fields.Field(
        attribute="parent",
        column_name="parent",
        widget=SlugWidget(ExpertiseArea, hint=_("A broader area must come before its narrower areas in the file.")),
    )
    aliases = fields.Field(attribute="aliases", column_name="aliases", widget=ListWidget())
    identifiers = fields.Field(attribute="identifiers", column_name="identifiers", widget=KeyValueWidget())

    class Meta:
        model = ExpertiseArea
        import_id_fields = ["slug"]
        fields = ["slug", "name", "facet", "parent", "description", "aliases", "identifiers"]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    def export(self, queryset=None, **kwargs):
        """Broader areas first, so the file imports into an empty directory in one pass."""
        if queryset is None:
            queryset = self.get_queryset()
        return super().export(queryset=parents_first(queryset.select_related("parent")), **kwargs)

    def after_import(self, dataset, result, **kwargs):
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors
        from members.similar import forget_area_holders

        if any(row.import_type == "update" for row in result.rows):
            # A new name, alias or parent reaches every member below the area: rewrite them all (a rare import).
            refresh_search_vectors()
        transaction.on_commit(forget_vocabulary)
        transaction.on_commit(forget_browse_facets)
        transaction.on_commit(forget_area_holders)


def parents_first(areas) -> list[ExpertiseArea]:
    """The areas ordered so each comes after its parent (then by facet and name); a cycle's members come last."""
    areas = sorted(areas, key=lambda area: (area.facet, area.name))
    listed = {area.pk for area in areas}
    placed: set[int] = set()
    ordered: list[ExpertiseArea] = []
    pending = areas
    while pending:
        ready = [area for area in pending if area.parent_id not in listed or area.parent_id in placed]
        ready = ready or pending  # a cycle: keep the rest in their order
        ordered.extend(ready)
        placed.update(area.pk for area in ready)
        pending = [area for area in pending if area.pk not in placed]
    return ordered
