from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Value
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext
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
        # The search columns are never read in Python; leaving them unloaded also means
        # saving a profile can't overwrite them with stale values.
        return super().get_queryset().defer("search_vector", "expertise_tree_ids")


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
    # The member's expertise areas and every broader area above them, written with the
    # search vector: facet counts and area filters read it instead of joining the links.
    expertise_tree_ids = ArrayField(
        models.BigIntegerField(),
        default=list,
        db_default=Value([], ArrayField(models.BigIntegerField())),
        editable=False,
    )

    objects = MemberManager()
    history = HistoricalRecords(excluded_fields=["search_vector", "expertise_tree_ids", "updated_at"])

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
            # Filtering /members/ by an expertise area (members.search.Filters.narrow).
            GinIndex(fields=["expertise_tree_ids"], name="member_expertise_tree_idx"),
        ]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("members:detail", args=[self.slug])

    @property
    def display_name(self):
        return f"{self.title} {self.full_name}" if self.title else self.full_name

    @property
    def is_deleted(self) -> bool:
        """Left the network with no account behind the profile: others see "Deleted member", with no link."""
        return self.status == self.Status.LEFT and self.user_id is None

    @property
    def public_name(self) -> str:
        """The name others see on requests, messages and their emails: "Deleted member" once deleted."""
        return gettext("Deleted member") if self.is_deleted else self.display_name

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
        viewer_member = getattr(viewer, "member", None)
        if viewer_member == self:
            return True
        if visibility == Visibility.MEMBERS:
            return True
        if visibility == Visibility.COLLABORATORS and viewer_member is not None:
            # One query per profile and viewer, shared with the request button (members.collaboration).
            from members.collaboration import requests_between

            return any(request.state == "accepted" for request in requests_between(self, viewer_member))
        return False

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


class SimilarMember(models.Model):
    """One line of a profile's "Similar members", computed ahead of time by members.similar.refresh_similar."""

    class Audience(models.TextChoices):
        PUBLIC = "public", _("Visitors")
        MEMBERS = "members", _("Signed-in members")

    member = models.ForeignKey(Member, verbose_name=_("member"), on_delete=models.CASCADE, related_name="similar_lines")
    similar = models.ForeignKey(Member, verbose_name=_("similar member"), on_delete=models.CASCADE, related_name="+")
    audience = models.CharField(_("shown to"), max_length=10, choices=Audience.choices)
    rank = models.PositiveSmallIntegerField(_("rank"))
    score = models.FloatField(_("score"))
    # Rarest first: the profile page names them from the member's own expertise, with no query of its own.
    shared_area_ids = ArrayField(models.BigIntegerField(), verbose_name=_("shared expertise areas"))

    class Meta:
        verbose_name = _("similar member")
        verbose_name_plural = _("similar members")
        ordering = ["member", "audience", "rank"]
        constraints = [
            # Also the index of the profile page's one query: a member's lines for one audience, in rank order.
            models.UniqueConstraint(fields=["member", "audience", "rank"], name="similarmember_unique_rank"),
        ]

    def __str__(self):
        return f"{self.member} ~ {self.similar} ({self.audience} #{self.rank})"


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


# ---------------------------------------------------------------- collaboration requests


class CollaborationRequestQuerySet(models.QuerySet):
    def involving(self, member):
        """Requests this member sent or received."""
        return self.filter(models.Q(sender=member) | models.Q(recipient=member))

    def unread_by(self, member_id: int):
        """Requests with something new for this member: the "My requests" badge."""
        return self.filter(
            models.Q(recipient_id=member_id, unread_by_recipient=True)
            | models.Q(sender_id=member_id, unread_by_sender=True)
        )

    def for_list(self):
        """What a row of "My requests" and the admin list show, in a fixed number of queries."""
        return self.select_related("sender__institution", "recipient__institution")


class CollaborationRequest(models.Model):
    """One member asking another to collaborate: pending until answered, withdrawn or expired.

    The state only changes through members.collaboration, which records every change as a RequestEvent.
    """

    class Kind(models.TextChoices):
        CLINICAL = "clinical", _("Clinical question")
        METHODS = "methods", _("Methods development")
        DATA_ANALYSIS = "data_analysis", _("Data analysis")
        SCANNER_ACCESS = "scanner_access", _("Scanner access")
        SUPERVISION = "supervision", _("Supervision")
        INDUSTRY = "industry", _("Industry project")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("Expired")

    class DeclineReason(models.TextChoices):
        NO_CAPACITY = "no_capacity", _("No capacity at the moment")
        OUTSIDE_EXPERTISE = "outside_expertise", _("Outside my expertise")
        SUGGEST_COLLEAGUE = "suggest_colleague", _("A colleague would be better placed")

    sender = models.ForeignKey(Member, verbose_name=_("from"), on_delete=models.CASCADE, related_name="sent_requests")
    recipient = models.ForeignKey(
        Member, verbose_name=_("to"), on_delete=models.CASCADE, related_name="received_requests"
    )
    kind = models.CharField(_("kind of collaboration"), max_length=20, choices=Kind.choices)
    subject = models.CharField(
        _("subject"), max_length=200, help_text=_("For example: Quantifying white matter lesions in MS on 3T MRI.")
    )
    message = models.TextField(_("message"))
    expertise = models.ManyToManyField(
        "expertise.ExpertiseArea", verbose_name=_("expertise areas"), blank=True, related_name="+"
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decline_reason = models.CharField(
        _("reason for declining"), max_length=20, choices=DeclineReason.choices, blank=True
    )
    response_note = models.TextField(
        _("note with the answer"), blank=True, help_text=_("Optional: a word of thanks, or why not.")
    )
    suggested_member = models.ForeignKey(
        Member,
        verbose_name=_("suggested colleague"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    unread_by_sender = models.BooleanField(_("unread by the sender"), default=False)
    unread_by_recipient = models.BooleanField(_("unread by the recipient"), default=True)

    objects = CollaborationRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("collaboration request")
        verbose_name_plural = _("collaboration requests")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(sender=models.F("recipient")), name="collabrequest_not_to_self"),
            models.UniqueConstraint(
                fields=["sender", "recipient"],
                condition=models.Q(state="pending"),
                name="collabrequest_one_pending_per_pair",
            ),
            models.CheckConstraint(
                condition=models.Q(decline_reason="") | models.Q(state="declined"),
                name="collabrequest_reason_only_when_declined",
            ),
            models.CheckConstraint(
                condition=models.Q(state="pending", closed_at__isnull=True)
                | (~models.Q(state="pending") & models.Q(closed_at__isnull=False)),
                name="collabrequest_closed_iff_not_pending",
            ),
        ]
        indexes = [
            # Rate limits and "My requests → sent": a sender's requests by date.
            models.Index(fields=["sender", "-created_at"], name="collabrequest_sender_idx"),
            # "My requests → received": a recipient's requests by date.
            models.Index(fields=["recipient", "-created_at"], name="collabrequest_recipient_idx"),
            # process_requests: pending requests older than the reminder or expiry age.
            models.Index(fields=["created_at"], condition=models.Q(state="pending"), name="collabrequest_pending_idx"),
            # The unread badge in the site header, on every page a member sees.
            models.Index(
                fields=["recipient"], condition=models.Q(unread_by_recipient=True), name="collab_unread_recip_idx"
            ),
            models.Index(fields=["sender"], condition=models.Q(unread_by_sender=True), name="collab_unread_sender_idx"),
        ]

    def __str__(self):
        return f"{self.subject} ({self.sender} → {self.recipient})"

    def get_absolute_url(self):
        return reverse("members:request-detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == self.State.PENDING

    @property
    def is_accepted(self) -> bool:
        return self.state == self.State.ACCEPTED

    def other_side(self, member) -> Member:
        return self.recipient if member.pk == self.sender_id else self.sender


class RequestEvent(models.Model):
    """One thing that happened to a request: the timeline both sides and the admins see. Append-only."""

    class Action(models.TextChoices):
        SENT = "sent", _("sent the request")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        WITHDRAWN = "withdrawn", _("withdrew the request")
        EXPIRED = "expired", _("expired unanswered")
        REMINDED = "reminded", _("reminder sent")
        REPORTED = "reported", _("reported as unwanted")

    request = models.ForeignKey(
        CollaborationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="events"
    )
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    # Who acted: a member, a network admin acting in the admin (by_admin), or neither (the system).
    actor = models.ForeignKey(
        Member, verbose_name=_("member"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_admin = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("network admin"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    from_state = models.CharField(
        _("from state"), max_length=10, choices=CollaborationRequest.State.choices, blank=True
    )
    to_state = models.CharField(_("to state"), max_length=10, choices=CollaborationRequest.State.choices, blank=True)
    reason = models.CharField(
        _("reason"), max_length=20, choices=CollaborationRequest.DeclineReason.choices, blank=True
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("request event")
        verbose_name_plural = _("request events")
        ordering = ["created_at", "pk"]
        indexes = [
            # The timeline on a request's page; the dashboard's time to first answer.
            models.Index(fields=["request", "created_at"], name="requestevent_timeline_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} ({self.created_at:%Y-%m-%d %H:%M})"


class RequestMessage(models.Model):
    """A message in an accepted request's thread."""

    request = models.ForeignKey(
        CollaborationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(Member, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("request message")
        verbose_name_plural = _("request messages")
        ordering = ["created_at", "pk"]
        indexes = [
            # The thread on a request's page.
            models.Index(fields=["request", "created_at"], name="requestmessage_thread_idx"),
        ]

    def __str__(self):
        return f"{self.author}: {self.body[:60]}"


class RequestReport(models.Model):
    """A recipient's report that a request was unwanted: the admins' moderation queue."""

    request = models.ForeignKey(
        CollaborationRequest, verbose_name=_("request"), on_delete=models.CASCADE, related_name="reports"
    )
    reporter = models.ForeignKey(Member, verbose_name=_("reported by"), on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(
        _("what was wrong"), blank=True, help_text=_("For example: advertising, not a collaboration.")
    )
    created_at = models.DateTimeField(_("reported"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("reported request")
        verbose_name_plural = _("reported requests")
        ordering = ["resolved_at", "-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["request", "reporter"], name="requestreport_once_per_reporter"),
        ]
        indexes = [
            # The admin queue: unresolved reports first.
            models.Index(
                fields=["created_at"], condition=models.Q(resolved_at__isnull=True), name="requestreport_open_idx"
            ),
        ]

    def __str__(self):
        return _("Report on “%(subject)s”") % {"subject": self.request.subject}
