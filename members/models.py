from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from members.validators import DOI_PATTERN, ORCID_PATTERN, validate_doi, validate_orcid


class Visibility(models.TextChoices):
    """Who may see one contact detail."""

    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members")
    COLLABORATORS = "collaborators", _("People whose collaboration request I accepted")
    NOBODY = "nobody", _("Nobody")


class MemberQuerySet(models.QuerySet):
    def active(self):
        return self.filter(status=Member.Status.ACTIVE)

    def visible_to(self, user):
        """Active profiles this user may see: public ones, plus members-only ones when signed in."""
        levels = [Member.ProfileVisibility.PUBLIC]
        if user.is_authenticated:
            levels.append(Member.ProfileVisibility.MEMBERS)
        return self.active().filter(profile_visibility__in=levels)

    def public(self):
        return self.active().filter(profile_visibility=Member.ProfileVisibility.PUBLIC)

    def search(self, query: str):
        """Members whose name or job title contains the query, accents ignored.

        A stand-in for the ranked full-text search, which will replace this method's body.
        """
        query = query.strip()
        if not query:
            return self
        return self.filter(
            models.Q(full_name__unaccent__icontains=query) | models.Q(job_title__unaccent__icontains=query)
        )

    def with_expertise_in(self, areas):
        """Members who list any of these expertise areas (ids or a queryset), each once."""
        return self.filter(pk__in=MemberExpertise.objects.filter(area__in=areas).values("member_id"))

    def for_profile(self):
        """Everything the profile page shows, in a fixed number of queries."""
        from institutions.models import Facility

        return self.for_cards().prefetch_related(
            "publications",
            models.Prefetch(
                "facilities", queryset=Facility.objects.for_cards().order_by("name"), to_attr="facilities_run"
            ),
        )

    def for_cards(self):
        """What a member card shows, in a fixed number of queries."""
        return self.select_related("institution", "unit").prefetch_related(
            models.Prefetch(
                "memberexpertise_set",
                queryset=MemberExpertise.objects.select_related("area").order_by("emphasis", "area__name"),
                to_attr="expertise_links",
            )
        )


class MemberManager(models.Manager.from_queryset(MemberQuerySet)):
    def get_queryset(self):
        # The search vector is never read in Python; leaving it unloaded also means
        # saving a profile can't overwrite it with a stale value.
        return super().get_queryset().defer("search_vector")


class Member(models.Model):
    """A researcher's or clinician's profile; may exist before its owner signs up and claims it."""

    class Role(models.TextChoices):
        RESEARCHER = "researcher", _("Researcher")
        CLINICIAN = "clinician", _("Clinician")
        STUDENT = "student", _("Research student")
        PHYSICIST = "physicist", _("Physicist / engineer")
        INDUSTRY = "industry", _("Industry")

    class CareerStage(models.TextChoices):
        DOCTORAL = "doctoral", _("Doctoral student")
        EARLY = "early", _("Early career")
        MID = "mid", _("Mid career")
        SENIOR = "senior", _("Senior / professor")

    class OpenTo(models.TextChoices):
        CLINICAL = "clinical", _("Clinical collaboration")
        METHODS = "methods", _("Methods development")
        DATA_ANALYSIS = "data_analysis", _("Data analysis")
        SUPERVISION = "supervision", _("Supervision")
        INDUSTRY = "industry", _("Industry projects")

    class Capacity(models.TextChoices):
        NONE = "none", _("No capacity at the moment")
        LIMITED = "limited", _("Limited capacity")
        OPEN = "open", _("Open to new work")

    class ProfileVisibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        MEMBERS = "members", _("Members only")
        HIDDEN = "hidden", _("Hidden from the directory")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending approval")
        ACTIVE = "active", _("Active")
        SUSPENDED = "suspended", _("Suspended")
        LEFT = "left", _("Left the network")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="member",
    )
    full_name = models.CharField(_("full name"), max_length=150, help_text=_("For example: Amira Okafor."))
    slug = models.SlugField(_("slug"), max_length=160, unique=True)
    title = models.CharField(_("title"), max_length=20, blank=True, help_text=_("For example: Dr or Prof."))
    job_title = models.CharField(
        _("job title"), max_length=200, blank=True, help_text=_("For example: Associate Professor of MR Physics.")
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.RESEARCHER)
    career_stage = models.CharField(_("career stage"), max_length=20, choices=CareerStage.choices, blank=True)
    institution = models.ForeignKey(
        "institutions.Institution", verbose_name=_("institution"), on_delete=models.PROTECT, related_name="members"
    )
    unit = models.ForeignKey(
        "institutions.Unit",
        verbose_name=_("unit"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
    )
    biography = models.TextField(_("biography"), blank=True)
    research_interests = models.TextField(_("research interests"), blank=True)
    expertise = models.ManyToManyField(
        "expertise.ExpertiseArea",
        verbose_name=_("expertise areas"),
        through="MemberExpertise",
        related_name="members",
        blank=True,
    )
    orcid = models.CharField(
        _("ORCID iD"), max_length=19, blank=True, validators=[validate_orcid], help_text=_("e.g. 0000-0002-1825-0097")
    )
    website = models.URLField(_("website"), blank=True)
    photo = models.ImageField(_("photo"), upload_to="photos/", blank=True, help_text=_("About 400 px, WebP."))
    photo_thumbnail = models.ImageField(_("photo thumbnail"), upload_to="photos/", blank=True, editable=False)
    open_to = ArrayField(
        models.CharField(max_length=20, choices=OpenTo.choices),
        verbose_name=_("open to"),
        default=list,
        blank=True,
    )
    capacity = models.CharField(_("capacity"), max_length=10, choices=Capacity.choices, default=Capacity.OPEN)
    availability_confirmed_at = models.DateTimeField(_("availability last confirmed"), null=True, blank=True)
    email = models.EmailField(_("email"), blank=True)
    email_visibility = models.CharField(
        _("who can see my email"), max_length=20, choices=Visibility.choices, default=Visibility.MEMBERS
    )
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    phone_visibility = models.CharField(
        _("who can see my phone number"), max_length=20, choices=Visibility.choices, default=Visibility.NOBODY
    )
    profile_visibility = models.CharField(
        _("profile visibility"), max_length=10, choices=ProfileVisibility.choices, default=ProfileVisibility.PUBLIC
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Weighted full-text document (A name, B expertise, C affiliation and interests,
    # D biography and publications), written by members.search.refresh_search_vectors().
    search_vector = SearchVectorField(null=True, editable=False)

    objects = MemberManager()
    history = HistoricalRecords(excluded_fields=["search_vector", "updated_at"])

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["full_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(orcid="") | models.Q(orcid__regex=ORCID_PATTERN.pattern),
                name="member_orcid_format",
            ),
            models.UniqueConstraint(fields=["orcid"], condition=~models.Q(orcid=""), name="member_unique_orcid"),
            models.UniqueConstraint(Lower("email"), condition=~models.Q(email=""), name="member_unique_email"),
        ]
        indexes = [
            # The members list: visible profiles ordered by name.
            models.Index(fields=["status", "profile_visibility", "full_name"], name="member_listing_idx"),
            # Ranked search on /members/ (members.search: search_vector @@ query).
            GinIndex(fields=["search_vector"], name="member_search_idx"),
            # Misspelled names: mmin_unaccent(full_name) %> query in members.search.
            GinIndex(
                OpClass(models.Func(models.F("full_name"), function="mmin_unaccent"), name="gin_trgm_ops"),
                name="member_name_trgm_idx",
            ),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.slug])

    @property
    def display_name(self):
        return f"{self.title} {self.full_name}" if self.title else self.full_name

    @property
    def initials(self):
        parts = self.full_name.split()
        if not parts:
            return "?"
        return (parts[0][0] + (parts[-1][0] if len(parts) > 1 else "")).upper()

    def get_open_to_display(self):
        labels = dict(self.OpenTo.choices)
        return [labels[value] for value in self.open_to if value in labels]

    def can_see(self, field: str, viewer) -> bool:
        """May this viewer see the contact detail `email` or `phone`?"""
        visibility = getattr(self, f"{field}_visibility")
        if visibility == Visibility.PUBLIC:
            return True
        if not viewer.is_authenticated:
            return False
        if getattr(viewer, "member", None) == self:
            return True
        return visibility == Visibility.MEMBERS

    def clean(self):
        if self.unit_id and self.institution_id and self.unit.institution_id != self.institution_id:
            raise ValidationError({"unit": _("This unit belongs to another institution.")})


class MemberExpertise(models.Model):
    """A member's expertise in one area, with how central it is to their work."""

    class Emphasis(models.TextChoices):
        PRIMARY = "primary", _("Primary")
        SECONDARY = "secondary", _("Secondary")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE)
    area = models.ForeignKey("expertise.ExpertiseArea", verbose_name=_("expertise area"), on_delete=models.CASCADE)
    emphasis = models.CharField(_("emphasis"), max_length=10, choices=Emphasis.choices, default=Emphasis.PRIMARY)

    class Meta:
        verbose_name = _("member expertise")
        verbose_name_plural = _("member expertise")
        ordering = ["emphasis", "area__name"]
        constraints = [
            models.UniqueConstraint(fields=["member", "area"], name="memberexpertise_unique_member_area"),
        ]
        indexes = [
            # An expertise area's page lists its members.
            models.Index(fields=["area", "member"], name="memberexpertise_area_idx"),
        ]

    def __str__(self):
        return f"{self.member} – {self.area} ({self.get_emphasis_display()})"


class Publication(models.Model):
    """A paper or other output on a member's profile."""

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="publications")
    title = models.CharField(_("title"), max_length=500)
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)], help_text=_("e.g. 2024")
    )
    venue = models.CharField(_("venue"), max_length=300, blank=True, help_text=_("Journal or conference."))
    doi = models.CharField(
        _("DOI"),
        max_length=200,
        blank=True,
        validators=[validate_doi],
        help_text=_("e.g. 10.1016/j.neuroimage.2020.117012"),
    )
    url = models.URLField(_("link"), blank=True)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-year", "title"]
        constraints = [
            models.CheckConstraint(condition=models.Q(year__range=(1900, 2100)), name="publication_year_range"),
            models.CheckConstraint(
                condition=models.Q(doi="") | models.Q(doi__regex=DOI_PATTERN.pattern),
                name="publication_doi_format",
            ),
            models.UniqueConstraint(
                "member", Lower("doi"), condition=~models.Q(doi=""), name="publication_unique_doi_per_member"
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def link(self):
        return f"https://doi.org/{self.doi}" if self.doi else self.url


class SearchGap(models.Model):
    """A search that found nobody: the network's expertise gaps. Never records who searched."""

    query = models.CharField(_("query (normalised)"), max_length=200, unique=True)
    count = models.PositiveIntegerField(_("times searched"), default=1)
    first_seen = models.DateTimeField(_("first seen"), auto_now_add=True)
    last_seen = models.DateTimeField(_("last seen"), auto_now=True)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        ordering = ["-count", "query"]

    def __str__(self):
        return self.query
