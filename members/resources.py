"""CSV import and export of member profiles (the columns are documented in docs/csv/README.md).

Rows are matched on `slug` (derived from the full name when the cell is blank), so
importing the same file twice updates the profiles instead of adding them again.
Accounts, photos and publications are not part of the file: curators edit those in the admin.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields

from expertise.models import ExpertiseArea
from institutions.models import Institution
from institutions.resources import UnitWidget
from members.models import Member, MemberExpertise
from mmin.importexport import LIST_SEPARATOR, CuratorResource, ListWidget, SlugWidget

SECONDARY_SUFFIX = ":secondary"


def parse_expertise(value) -> dict[ExpertiseArea, str]:
    """`diffusion-mri; epilepsy:secondary` -> {area: emphasis}; an unknown slug or emphasis raises ValueError."""
    wanted: dict[str, str] = {}
    for item in ListWidget().clean(value):
        slug, _separator, emphasis = item.partition(":")
        emphasis = emphasis.strip().lower() or MemberExpertise.Emphasis.PRIMARY
        if emphasis not in MemberExpertise.Emphasis.values:
            raise ValueError(
                _("“%(item)s”: the emphasis after the colon must be “primary” or “secondary”.") % {"item": item}
            )
        wanted[slug.strip()] = emphasis
    areas = ExpertiseArea.objects.in_bulk(list(wanted), field_name="slug")
    missing = [slug for slug in wanted if slug not in areas]
    if missing:
        raise ValueError(
            _("No expertise area has the slug %(slugs)s.") % {"slugs": ", ".join(f"“{slug}”" for slug in missing)}
        )
    return {areas[slug]: emphasis for slug, emphasis in wanted.items()}


def render_expertise(links) -> str:
    """The inverse of parse_expertise, primary areas first, each group by slug."""
    ordered = sorted(links, key=lambda link: (link[1] != MemberExpertise.Emphasis.PRIMARY, link[0]))
    return f"{LIST_SEPARATOR} ".join(
        slug if emphasis == MemberExpertise.Emphasis.PRIMARY else f"{slug}{SECONDARY_SUFFIX}"
        for slug, emphasis in ordered
    )


class MemberResource(CuratorResource):
    slug_source = "full_name"

    institution = fields.Field(
        attribute="institution",
        column_name="institution",
        widget=SlugWidget(Institution, hint=_("Import the institution first.")),
    )
    unit = fields.Field(attribute="unit", column_name="unit", widget=UnitWidget())
    open_to = fields.Field(attribute="open_to", column_name="open_to", widget=ListWidget())
    # No attribute: written by save_m2m once the member has a primary key.
    expertise = fields.Field(column_name="expertise", dehydrate_method="dehydrate_expertise")

    class Meta:
        model = Member
        import_id_fields = ["slug"]
        fields = [
            "slug",
            "full_name",
            "title",
            "job_title",
            "role",
            "career_stage",
            "institution",
            "unit",
            "email",
            "email_visibility",
            "phone",
            "phone_visibility",
            "profile_visibility",
            "status",
            "orcid",
            "website",
            "biography",
            "research_interests",
            "open_to",
            "capacity",
            "expertise",
        ]
        export_order = fields
        clean_model_instances = True
        skip_unchanged = True
        report_skipped = True

    export_select = ("institution", "unit")
    export_prefetch = ("memberexpertise_set__area",)

    def dehydrate_expertise(self, member: Member) -> str:
        wanted = getattr(member, "imported_expertise", None)
        if wanted is not None:
            return render_expertise((area.slug, emphasis) for area, emphasis in wanted.items())
        if member.pk is None:
            return ""
        return render_expertise((link.area.slug, link.emphasis) for link in member.memberexpertise_set.all())

    def import_instance(self, instance, row, **kwargs):
        """Set the fields, then check what the model cannot say for a column: expertise, duplicate ORCID or email."""
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if "expertise" in row:
            try:
                instance.imported_expertise = parse_expertise(row["expertise"])
            except ValueError as error:
                errors["expertise"] = [ValidationError(str(error), code="invalid")]
        others = Member.objects.exclude(pk=instance.pk) if instance.pk else Member.objects.all()
        if instance.orcid and "orcid" not in errors and others.filter(orcid=instance.orcid).exists():
            errors["orcid"] = [ValidationError(_("Another profile already has this ORCID iD."), code="unique")]
        if instance.email and "email" not in errors and others.filter(email__iexact=instance.email).exists():
            errors["email"] = [ValidationError(_("Another profile already has this email address."), code="unique")]
        if errors:
            raise ValidationError(errors)

    def skip_row(self, instance, original, row, import_validation_errors=None):
        unchanged = super().skip_row(instance, original, row, import_validation_errors)
        if not unchanged or getattr(instance, "imported_expertise", None) is None:
            return unchanged
        current = dict(MemberExpertise.objects.filter(member=instance).values_list("area_id", "emphasis"))
        return current == {area.pk: emphasis for area, emphasis in instance.imported_expertise.items()}

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        wanted = getattr(instance, "imported_expertise", None)
        if wanted is None:
            return
        wanted_ids = {area.pk: emphasis for area, emphasis in wanted.items()}
        current = dict(MemberExpertise.objects.filter(member=instance).values_list("area_id", "emphasis"))
        MemberExpertise.objects.filter(member=instance).exclude(area_id__in=wanted_ids).delete()
        for area_id, emphasis in wanted_ids.items():
            if area_id not in current:
                MemberExpertise.objects.create(member=instance, area_id=area_id, emphasis=emphasis)
            elif current[area_id] != emphasis:
                MemberExpertise.objects.filter(member=instance, area_id=area_id).update(emphasis=emphasis)

    def after_import(self, dataset, result, **kwargs):
        """Rewrite the search documents and similar members of the imported profiles; let cached counts go."""
        if kwargs.get("dry_run") or result.has_errors() or result.has_validation_errors():
            return
        from members.search import forget_browse_facets, refresh_search_vectors
        from members.similar import forget_area_holders, queue_similar_refresh

        saved = [int(row.object_id) for row in result.rows if row.import_type in ("new", "update") and row.object_id]
        if saved:
            refresh_search_vectors(saved)
            queue_similar_refresh(saved)
        transaction.on_commit(forget_browse_facets)
        transaction.on_commit(forget_area_holders)
