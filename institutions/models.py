from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def count_of(queryset, field: str):
    """A correlated subquery: how many rows of `queryset` have `field` equal to the outer row."""
    counted = queryset.filter(**{field: OuterRef("pk")}).order_by().values(field).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted), 0)


class InstitutionQuerySet(models.QuerySet):
    def with_counts(self, members):
        """Annotate `member_count` (rows of `members`, e.g. the profiles a viewer may see) and `facility_count`."""
        return self.annotate(
            member_count=count_of(members, "institution"),
            facility_count=count_of(Facility.objects.all(), "institution"),
        )

    def for_detail(self, members, *, unit_member_limit: int = 8):
        """An institution's page: units with their first members and counts, and facilities, in fixed queries."""
        units = Unit.objects.annotate(member_count=count_of(members, "unit")).prefetch_related(
            Prefetch(
                "members",
                queryset=members.order_by("full_name")[:unit_member_limit],
                to_attr="listed_members",
            )
        )
        return self.prefetch_related(
            Prefetch("units", queryset=units.order_by("name"), to_attr="unit_list"),
            Prefetch("facilities", queryset=Facility.objects.for_cards().order_by("name"), to_attr="facility_list"),
        )


class Institution(models.Model):
    """A university, NHS trust, company, research institute or charity in the network."""

    class Kind(models.TextChoices):
        UNIVERSITY = "university", _("University")
        NHS_TRUST = "nhs_trust", _("NHS trust")
        COMPANY = "company", _("Company")
        RESEARCH_INSTITUTE = "research_institute", _("Research institute")
        CHARITY = "charity", _("Charity")

    name = models.CharField(
        _("name"), max_length=200, unique=True, help_text=_("For example: University of Nottingham.")
    )
    short_name = models.CharField(_("short name"), max_length=60, blank=True, help_text=_("For example: Nottingham."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    city = models.CharField(_("city"), max_length=100, blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    latitude = models.DecimalField(
        _("latitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("longitude"),
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )

    objects = InstitutionQuerySet.as_manager()

    class Meta:
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(latitude__isnull=True) | models.Q(latitude__range=(-90, 90)),
                name="institution_latitude_range",
            ),
            models.CheckConstraint(
                condition=models.Q(longitude__isnull=True) | models.Q(longitude__range=(-180, 180)),
                name="institution_longitude_range",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("institutions:detail", args=[self.slug])

    @property
    def display_name(self):
        return self.short_name or self.name


class Unit(models.Model):
    """A centre, department or group inside an institution."""

    class Kind(models.TextChoices):
        CENTRE = "centre", _("Centre")
        DEPARTMENT = "department", _("Department")
        GROUP = "group", _("Group")

    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.CASCADE, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Sir Peter Mansfield Imaging Centre."))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CENTRE)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["institution__name", "name"]
        constraints = [
            models.UniqueConstraint(fields=["institution", "name"], name="unit_unique_name_per_institution"),
            # Target of the composite foreign keys that keep a member's or a
            # facility's unit inside their institution (see the *_same_institution migrations).
            models.UniqueConstraint(fields=["id", "institution"], name="unit_id_institution_key"),
        ]

    def __str__(self):
        return f"{self.name} ({self.institution.display_name})"


class FacilityQuerySet(models.QuerySet):
    def for_cards(self):
        """What a facility card shows: its institution, unit and modality, joined in."""
        return self.select_related("institution", "unit", "modality")

    def of_modalities(self, areas):
        return self.filter(modality__in=areas)

    def featured(self, limit: int = 4):
        """A varied handful for the home page: one facility per modality, the highest field first."""
        one_per_modality = (
            self.order_by("modality_id", models.F("field_strength_tesla").desc(nulls_last=True), "name")
            .distinct("modality_id")
            .values("pk")
        )
        return self.filter(pk__in=Subquery(one_per_modality[:limit])).for_cards().order_by("name")


class Facility(models.Model):
    """An imaging instrument or lab, with the specs people choose a scanner by."""

    class SensorType(models.TextChoices):
        SQUID = "squid", _("SQUID")
        OPM = "opm", _("OPM")

    class Subject(models.TextChoices):
        HUMAN = "human", _("Human")
        PRECLINICAL = "preclinical", _("Preclinical")
        EX_VIVO = "ex_vivo", _("Ex vivo")

    class AccessModel(models.TextChoices):
        COLLABORATION = "collaboration", _("Collaboration")
        RECHARGE = "recharge", _("Recharge (paid access)")
        OPEN_CALL = "open_call", _("Open call")

    name = models.CharField(_("name"), max_length=200, help_text=_("For example: Philips Achieva 7 T scanner."))
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    institution = models.ForeignKey(
        Institution, verbose_name=_("institution"), on_delete=models.PROTECT, related_name="facilities"
    )
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.SET_NULL, null=True, blank=True, related_name="facilities"
    )
    modality = models.ForeignKey(
        "expertise.ExpertiseArea",
        verbose_name=_("modality"),
        on_delete=models.PROTECT,
        related_name="facilities",
        limit_choices_to={"facet": "modality"},
    )
    manufacturer = models.CharField(_("manufacturer"), max_length=100, blank=True, help_text=_("For example: Siemens."))
    model = models.CharField(_("model"), max_length=100, blank=True, help_text=_("For example: MAGNETOM Terra."))
    field_strength_tesla = models.DecimalField(
        _("field strength (T)"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("MR systems only, e.g. 3 or 7."),
    )
    sensor_type = models.CharField(
        _("MEG sensor type"), max_length=10, choices=SensorType.choices, blank=True, help_text=_("MEG systems only.")
    )
    channel_count = models.PositiveIntegerField(_("channels"), null=True, blank=True, help_text=_("MEG/EEG systems."))
    subject = models.CharField(_("subjects"), max_length=20, choices=Subject.choices, default=Subject.HUMAN)
    access_model = models.CharField(
        _("access model"), max_length=20, choices=AccessModel.choices, default=AccessModel.COLLABORATION
    )
    booking_url = models.URLField(_("booking link"), blank=True)
    description = models.TextField(_("description"), blank=True)
    responsible_members = models.ManyToManyField(
        "members.Member", verbose_name=_("responsible members"), blank=True, related_name="facilities"
    )
    is_illustrative = models.BooleanField(
        _("illustrative"), default=False, help_text=_("Demo data: plausible specs, not a real booking record.")
    )

    objects = FacilityQuerySet.as_manager()

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(field_strength_tesla__isnull=True) | models.Q(field_strength_tesla__gt=0),
                name="facility_field_strength_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(channel_count__isnull=True) | models.Q(channel_count__gt=0),
                name="facility_channel_count_positive",
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("institutions:facility-detail", args=[self.slug])

    def clean(self):
        if self.unit_id and self.institution_id and self.unit.institution_id != self.institution_id:
            raise ValidationError({"unit": _("This unit belongs to another institution.")})
        if self.modality_id and self.modality.facet != "modality":
            raise ValidationError({"modality": _("Choose an area from the modality facet.")})
