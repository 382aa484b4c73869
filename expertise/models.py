from django.contrib.postgres.fields import ArrayField
from django.core.exceptions import ValidationError
from django.db import connection, models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Facet(models.TextChoices):
    MODALITY = "modality", _("Modality")
    TECHNIQUE = "technique", _("Technique")
    ANALYSIS = "analysis", _("Analysis")
    APPLICATION = "application", _("Application")


class ExpertiseAreaQuerySet(models.QuerySet):
    def modalities(self):
        return self.filter(facet=Facet.MODALITY)

    def top_level(self):
        return self.filter(parent__isnull=True)

    def with_facility_counts(self):
        """Annotate `facility_count`: facilities whose modality is exactly this area."""
        return self.annotate(facility_count=models.Count("facilities"))

    def subtree_member_counts(self, members) -> dict[int, int]:
        """For each area in this queryset: how many of `members` list it or any narrower area.

        A member listed under both an area and one of its children counts once. One query,
        whatever the depth of the tree (a recursive CTE; UNION stops on an accidental cycle).
        """
        from members.models import MemberExpertise

        roots_sql, roots_params = self.order_by().values("pk").query.sql_with_params()
        members_sql, members_params = members.order_by().values("pk").query.sql_with_params()
        areas = connection.ops.quote_name(self.model._meta.db_table)
        links = connection.ops.quote_name(MemberExpertise._meta.db_table)
        sql = f"""
            WITH RECURSIVE subtree (root_id, area_id) AS (
                SELECT id, id FROM {areas} WHERE id IN ({roots_sql})
                UNION
                SELECT subtree.root_id, child.id FROM {areas} child JOIN subtree ON child.parent_id = subtree.area_id
            )
            SELECT subtree.root_id, COUNT(DISTINCT link.member_id)
            FROM subtree JOIN {links} link ON link.area_id = subtree.area_id
            WHERE link.member_id IN ({members_sql})
            GROUP BY subtree.root_id
        """  # noqa: S608 -- only table names and Django-compiled subqueries are interpolated; values are parameters
        with connection.cursor() as cursor:
            cursor.execute(sql, [*roots_params, *members_params])
            return dict(cursor.fetchall())


class ExpertiseArea(models.Model):
    """A node of the curated taxonomy: a modality, technique, analysis method or clinical area."""

    name = models.CharField(_("name"), max_length=120, unique=True, help_text=_("For example: Diffusion MRI."))
    slug = models.SlugField(_("slug"), max_length=120, unique=True)
    facet = models.CharField(_("facet"), max_length=20, choices=Facet.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        help_text=_("A broader area in the same facet, e.g. Magnetic resonance imaging for Ultra-high-field MRI."),
    )
    description = models.TextField(_("description"), blank=True)
    aliases = ArrayField(
        models.CharField(max_length=120),
        verbose_name=_("aliases"),
        default=list,
        blank=True,
        help_text=_("Acronyms, spelling variants and lay terms used in search, e.g. DTI, tractography."),
    )
    identifiers = models.JSONField(
        _("external identifiers"),
        default=dict,
        blank=True,
        help_text=_('Identifiers in public vocabularies, e.g. {"BIDS": "dwi", "MeSH": "D015225"}.'),
    )

    objects = ExpertiseAreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("expertise area")
        verbose_name_plural = _("expertise areas")
        ordering = ["facet", "name"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(parent=models.F("pk")),
                name="expertisearea_parent_not_self",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("expertise:detail", args=[self.slug])

    def clean(self):
        if self.parent_id and self.parent.facet != self.facet:
            raise ValidationError(
                {"parent": _("The parent must be in the same facet (%(facet)s).") % {"facet": self.get_facet_display()}}
            )
