"""Self-service profiles: from a verified sign-up to an approved, accurate profile, and out again.

The site's views, the admin's approval actions and any management command call these
functions. Each guards the state it expects, changes it inside one transaction (locking
the member row where two requests could race), queues its email in that transaction and
raises ProfileError, with a message for the person, when the change cannot be made.
"""

import logging
import operator
import secrets
from collections.abc import Iterable, Mapping
from functools import reduce
from typing import Any

from allauth.account.models import EmailAddress
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import AccountEvent
from accounts.tasks import queue_email
from institutions.models import Institution
from members import collaboration, photos
from members.models import CollaborationRequest, Member, MemberExpertise, Publication, RequestEvent
from members.search import refresh_search_vectors
from members.similar import queue_similar_refresh

logger = logging.getLogger(__name__)

EXPORT_FORMAT = "mmin-directory-export/1"

# What a member may change about their own profile (status, slug, account and search data are not theirs to set).
EDITABLE_FIELDS = frozenset(
    {
        "full_name",
        "title",
        "job_title",
        "role",
        "career_stage",
        "institution",
        "unit",
        "biography",
        "research_interests",
        "orcid",
        "website",
        "open_to",
        "capacity",
        "phone",
        "email_visibility",
        "phone_visibility",
        "profile_visibility",
    }
)
# Fields that feed the stored search document (members.search.REFRESH_SQL).
SEARCHED_FIELDS = frozenset({"full_name", "job_title", "institution", "unit", "research_interests", "biography"})
AVAILABILITY_FIELDS = frozenset({"open_to", "capacity"})
DELETED_NAME = "Deleted member"


class ProfileError(Exception):
    """A profile change that cannot be made; str(error) is a translated message for the person asking."""


# Reads


def verified_emails(user: AbstractBaseUser) -> list[str]:
    """The user's verified addresses, lower-cased."""
    return [
        address.lower()
        for address in EmailAddress.objects.filter(user=user, verified=True).values_list("email", flat=True)
    ]


def claimable_profile(user: AbstractBaseUser) -> Member | None:
    """A curated profile without an account whose email is one of the user's verified addresses."""
    emails = verified_emails(user)
    if not emails:
        return None
    return (
        Member.objects.filter(reduce(operator.or_, [Q(email__iexact=email) for email in emails]), user__isnull=True)
        .exclude(status=Member.Status.LEFT)
        .select_related("institution", "unit")
        .first()
    )


def curator_emails() -> list[str]:
    """Where new-profile notices go: the addresses of active staff accounts."""
    users = get_user_model().objects.filter(is_active=True, is_staff=True).exclude(email="")
    return sorted({email.lower() for email in users.values_list("email", flat=True)})


# Joining


def create_profile(user: AbstractBaseUser, *, full_name: str, institution: Institution, **fields: Any) -> Member:
    """Create the user's own profile, pending approval, with their verified address as contact email."""
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"create_profile() got fields it may not set: {sorted(unknown)}")
    emails = verified_emails(user)
    if not emails:
        raise ProfileError(_("Please verify your email address before creating a profile."))
    with transaction.atomic():
        get_user_model().objects.select_for_update().get(pk=user.pk)
        if Member.objects.filter(user=user).exists():
            raise ProfileError(_("You already have a profile."))
        if claimable_profile(user) is not None:
            raise ProfileError(_("The network already has a profile with your email address: please claim it."))
        _check_unit(institution, fields.get("unit"))
        primary = user.email.lower() if user.email and user.email.lower() in emails else emails[0]
        contact = primary if not Member.objects.filter(email__iexact=primary).exists() else ""
        member = Member.objects.create(
            user=user,
            full_name=full_name,
            slug=unique_slug(full_name),
            institution=institution,
            email=contact,
            status=Member.Status.PENDING,
            **fields,
        )
        refresh_search_vectors([member.pk])
        _notify_curators(member, claimed=False)
    logger.info("Member %s created their profile (pending approval)", member.pk)
    return member


def claim_profile(user: AbstractBaseUser, *, member: Member) -> Member:
    """Link a curated profile to the user whose verified address it lists; it waits for approval again."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if Member.objects.filter(user=user).exists():
            raise ProfileError(_("You already have a profile."))
        if member.user_id is not None:
            raise ProfileError(_("This profile already belongs to an account."))
        if member.status in (Member.Status.SUSPENDED, Member.Status.LEFT):
            raise ProfileError(_("This profile cannot be claimed. Please contact the network admins."))
        if not member.email or member.email.lower() not in verified_emails(user):
            raise ProfileError(_("This profile lists an email address you have not verified."))
        member.user = user
        member.status = Member.Status.PENDING
        member.save(update_fields=["user", "status", "updated_at"])
        _notify_curators(member, claimed=True)
    logger.info("User %s claimed member %s (pending approval)", user.pk, member.pk)
    return member


def _check_unit(institution: Institution, unit) -> None:
    if unit is not None and unit.institution_id != institution.pk:
        raise ProfileError(_("This unit belongs to another institution."))


def unique_slug(full_name: str) -> str:
    """A free slug for a new profile: the name, then the name with -2, -3 ..."""
    base = slugify(full_name)[:150] or "member"
    taken = set(Member.objects.filter(slug__startswith=base).values_list("slug", flat=True))
    if base not in taken:
        return base
    return next(f"{base}-{n}" for n in range(2, len(taken) + 3) if f"{base}-{n}" not in taken)


def _notify_curators(member: Member, *, claimed: bool) -> None:
    context = {
        "member_name": member.full_name,
        "institution": member.institution.name,
        "claimed": claimed,
        "admin_url": _absolute(reverse("admin:members_member_change", args=[member.pk])),
        "queue_url": _absolute(reverse("admin:members_member_changelist") + "?status__exact=pending"),
    }
    for email in curator_emails():
        queue_email("accounts/email/profile_pending", [email], context)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


# Curation


def approve_member(member: Member, *, by: AbstractBaseUser | None = None) -> Member:
    """Publish a pending (or suspended) profile and tell its owner."""
    with transaction.atomic():
        member = Member.objects.select_for_update(of=("self",)).select_related("user").get(pk=member.pk)
        if member.status not in (Member.Status.PENDING, Member.Status.SUSPENDED):
            raise ProfileError(
                _("%(name)s is %(status)s, so cannot be approved.")
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            )
        member.status = Member.Status.ACTIVE
        member._history_user = by
        member.save(update_fields=["status", "updated_at"])
        queue_similar_refresh([member.pk])
        recipient = member.user.email if member.user else member.email
        queue_email(
            "accounts/email/member_approved",
            [recipient],
            {
                "member_name": member.full_name,
                "profile_url": _absolute(member.get_absolute_url()),
                "account_url": _absolute(reverse("accounts:home")),
            },
        )
    logger.info("Member %s approved by user %s", member.pk, getattr(by, "pk", None))
    return member


def suspend_member(member: Member, *, by: AbstractBaseUser | None = None) -> Member:
    """Take a pending or active profile out of the directory until a curator approves it again."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        if member.status not in (Member.Status.PENDING, Member.Status.ACTIVE):
            raise ProfileError(
                _("%(name)s is %(status)s, so cannot be suspended.")
                % {"name": member.full_name, "status": member.get_status_display().lower()}
            )
        member.status = Member.Status.SUSPENDED
        member._history_user = by
        member.save(update_fields=["status", "updated_at"])
    logger.info("Member %s suspended by user %s", member.pk, getattr(by, "pk", None))
    return member


# Keeping the profile accurate


def update_profile(member: Member, *, changes: Mapping[str, Any], expertise: Mapping[int, str] | None = None) -> Member:
    """Save the member's own edits; `expertise` maps area ids to an emphasis and replaces the current list."""
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"update_profile() got fields it may not set: {sorted(unknown)}")
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        changed = [name for name, value in changes.items() if getattr(member, name) != value]
        if {"institution", "unit"} & set(changed):
            _check_unit(changes.get("institution", member.institution), changes.get("unit", member.unit))
        for name in changed:
            setattr(member, name, changes[name])
        if AVAILABILITY_FIELDS & set(changed):
            member.availability_confirmed_at = timezone.now()
            changed.append("availability_confirmed_at")
        if changed:
            try:
                with transaction.atomic():
                    member.save(update_fields=[*changed, "updated_at"])
            except IntegrityError as error:
                raise ProfileError(_("This ORCID iD is already on another profile.")) from error
        expertise_changed = expertise is not None and _replace_expertise(member, expertise)
        if expertise_changed or SEARCHED_FIELDS & set(changed):
            refresh_search_vectors([member.pk])
        if expertise_changed:
            queue_similar_refresh([member.pk])
    return member


def _replace_expertise(member: Member, expertise: Mapping[int, str]) -> bool:
    current = dict(MemberExpertise.objects.filter(member=member).values_list("area_id", "emphasis"))
    wanted = {int(area_id): emphasis for area_id, emphasis in expertise.items()}
    if current == wanted:
        return False
    MemberExpertise.objects.filter(member=member).exclude(area_id__in=wanted).delete()
    for area_id, emphasis in wanted.items():
        if area_id not in current:
            MemberExpertise.objects.create(member=member, area_id=area_id, emphasis=emphasis)
        elif current[area_id] != emphasis:
            MemberExpertise.objects.filter(member=member, area_id=area_id).update(emphasis=emphasis)
    return True


def confirm_availability(member: Member) -> Member:
    """Record that the member's "open to" and capacity are still accurate today."""
    member.availability_confirmed_at = timezone.now()
    Member.objects.filter(pk=member.pk).update(availability_confirmed_at=member.availability_confirmed_at)
    return member


def add_publication(
    member: Member, *, title: str, year: int, venue: str = "", doi: str = "", url: str = ""
) -> Publication:
    """Add a publication, refusing one the member already lists (same DOI, or same title and year)."""
    with transaction.atomic():
        _lock(member.pk)
        _refuse_duplicate(member, title=title, year=year, doi=doi)
        publication = Publication.objects.create(member=member, title=title, year=year, venue=venue, doi=doi, url=url)
        refresh_search_vectors([member.pk])
    return publication


def update_publication(
    publication: Publication, *, title: str, year: int, venue: str = "", doi: str = "", url: str = ""
) -> Publication:
    """Change one of the member's publications, still refusing duplicates."""
    with transaction.atomic():
        _lock(publication.member_id)
        _refuse_duplicate(publication.member, title=title, year=year, doi=doi, exclude=publication.pk)
        for name, value in {"title": title, "year": year, "venue": venue, "doi": doi, "url": url}.items():
            setattr(publication, name, value)
        publication.save()
        refresh_search_vectors([publication.member_id])
    return publication


def remove_publication(publication: Publication) -> None:
    """Remove a publication from the member's profile."""
    with transaction.atomic():
        member_id = publication.member_id
        publication.delete()
        refresh_search_vectors([member_id])


def _lock(member_id: int) -> None:
    # Two tabs adding the same paper at once: the second waits here, then sees the first.
    list(Member.objects.select_for_update().filter(pk=member_id).values_list("pk", flat=True))


def _refuse_duplicate(member: Member, *, title: str, year: int, doi: str, exclude: int | None = None) -> None:
    others = Publication.objects.filter(member=member).exclude(pk=exclude)
    if doi and others.filter(doi__iexact=doi).exists():
        raise ProfileError(_("You already list a publication with the DOI %(doi)s.") % {"doi": doi})
    if others.filter(title__iexact=title.strip(), year=year).exists():
        raise ProfileError(_("You already list “%(title)s” (%(year)s).") % {"title": title, "year": year})


def set_photo(member: Member, *, upload) -> Member:
    """Replace the member's photo with a cleaned copy of `upload`; a refused upload changes nothing."""
    try:
        processed = photos.process_upload(upload)
    except photos.PhotoError as error:
        raise ProfileError(str(error)) from error
    token = secrets.token_urlsafe(16)
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        old_files = [member.photo.name, member.photo_thumbnail.name]
        member.photo.save(f"{token}.webp", processed.photo, save=False)
        member.photo_thumbnail.save(f"{token}-thumb.webp", processed.thumbnail, save=False)
        try:
            member.save(update_fields=["photo", "photo_thumbnail", "updated_at"])
        except Exception:
            _delete_files([member.photo.name, member.photo_thumbnail.name])
            raise
        transaction.on_commit(lambda: _delete_files(old_files))
    return member


def remove_photo(member: Member) -> Member:
    """Take the member's photo down (initials are shown instead)."""
    with transaction.atomic():
        member = Member.objects.select_for_update().get(pk=member.pk)
        old_files = [member.photo.name, member.photo_thumbnail.name]
        member.photo = ""
        member.photo_thumbnail = ""
        member.save(update_fields=["photo", "photo_thumbnail", "updated_at"])
        transaction.on_commit(lambda: _delete_files(old_files))
    return member


def _delete_files(names: Iterable[str]) -> None:
    storage = Member._meta.get_field("photo").storage
    for name in names:
        if name:
            storage.delete(name)


def sync_contact_email(user: AbstractBaseUser) -> None:
    """After a verified change of the account's address, show the new one on the profile too."""
    email = (user.email or "").lower()
    member = Member.objects.filter(user=user).first()
    if member is None or not email or member.email.lower() == email:
        return
    if Member.objects.filter(email__iexact=email).exclude(pk=member.pk).exists():
        logger.warning("Member %s changed their address to one another profile lists; contact email kept", member.pk)
        return
    Member.objects.filter(pk=member.pk).update(email=email, updated_at=timezone.now())


# Leaving


def export_member_data(user: AbstractBaseUser) -> dict[str, Any]:
    """Everything the directory holds about this user, as JSON-ready data."""
    member = (
        Member.objects.filter(user=user).select_related("institution", "unit").prefetch_related("publications").first()
    )
    data: dict[str, Any] = {
        "format": EXPORT_FORMAT,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": address.email, "verified": address.verified, "primary": address.primary}
                for address in EmailAddress.objects.filter(user=user).order_by("email")
            ],
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "profile": _profile_data(member) if member else None,
        "expertise": [],
        "publications": [],
        "collaboration_requests": _requests_data(member) if member else [],
        "login_history": [
            {
                "signed_in_at": log.attempt_time.isoformat(),
                "signed_out_at": log.logout_time.isoformat() if log.logout_time else None,
                "ip_address": log.ip_address,
                "user_agent": log.user_agent,
            }
            for log in AccessLog.objects.filter(username=user.get_username()).order_by("-attempt_time")
        ],
        "failed_sign_ins": [
            {
                "last_attempt_at": attempt.attempt_time.isoformat(),
                "failures": attempt.failures_since_start,
                "ip_address": attempt.ip_address,
            }
            for attempt in AccessAttempt.objects.filter(username__in=_login_names(user)).order_by("-attempt_time")
        ],
    }
    if member:
        data["expertise"] = [
            {"area": link.area.name, "slug": link.area.slug, "facet": link.area.facet, "emphasis": link.emphasis}
            for link in MemberExpertise.objects.filter(member=member).select_related("area").order_by("area__name")
        ]
        data["publications"] = [
            {"title": p.title, "year": p.year, "venue": p.venue, "doi": p.doi, "url": p.url}
            for p in member.publications.all()
        ]
    AccountEvent.objects.create(kind=AccountEvent.Kind.EXPORT, user_id=user.pk, member_id=member.pk if member else None)
    logger.info("User %s downloaded their data", user.pk)
    return data


def _profile_data(member: Member) -> dict[str, Any]:
    return {
        "full_name": member.full_name,
        "title": member.title,
        "job_title": member.job_title,
        "role": member.role,
        "career_stage": member.career_stage,
        "institution": member.institution.name,
        "unit": member.unit.name if member.unit else None,
        "biography": member.biography,
        "research_interests": member.research_interests,
        "orcid": member.orcid,
        "website": member.website,
        "photo": member.photo.name or None,
        "open_to": list(member.open_to),
        "capacity": member.capacity,
        "availability_confirmed_at": (
            member.availability_confirmed_at.isoformat() if member.availability_confirmed_at else None
        ),
        "email": member.email,
        "email_visibility": member.email_visibility,
        "phone": member.phone,
        "phone_visibility": member.phone_visibility,
        "profile_visibility": member.profile_visibility,
        "status": member.status,
        "profile_url": _absolute(member.get_absolute_url()),
        "created_at": member.created_at.isoformat(),
        "updated_at": member.updated_at.isoformat(),
    }


def _requests_data(member: Member) -> list[dict[str, Any]]:
    """The requests the member sent or received, each with its timeline and thread (three queries)."""
    requests = (
        CollaborationRequest.objects.involving(member)
        .select_related("sender", "recipient")
        .prefetch_related(
            Prefetch("events", queryset=RequestEvent.objects.select_related("actor")),
            "messages",
        )
        .order_by("created_at", "pk")
    )
    return [_request_data(request, member) for request in requests]


def _request_data(request: CollaborationRequest, member: Member) -> dict[str, Any]:
    sent = request.sender_id == member.pk
    other = request.other_side(member)
    return {
        "direction": "sent" if sent else "received",
        "kind": request.kind,
        "subject": request.subject,
        "message": request.message,
        "state": request.state,
        "other_party": {"name": other.public_name, "slug": None if other.is_deleted else other.slug},
        "created_at": request.created_at.isoformat(),
        "answered_at": request.answered_at.isoformat() if request.answered_at else None,
        "closed_at": request.closed_at.isoformat() if request.closed_at else None,
        "decline_reason": request.decline_reason or None,
        "response_note": request.response_note,
        "events": [
            {
                "action": event.action,
                "actor": _event_actor(event),
                "from_state": event.from_state or None,
                "to_state": event.to_state or None,
                "at": event.created_at.isoformat(),
                "reason": event.reason or None,
            }
            for event in request.events.all()
        ],
        "messages": [
            {
                "author": "me" if message.author_id == member.pk else "them",
                "body": message.body,
                "at": message.created_at.isoformat(),
            }
            for message in request.messages.all()
        ],
    }


def _event_actor(event: RequestEvent) -> str:
    if event.actor is not None:
        return event.actor.public_name
    return "network admin" if event.by_admin_id else "system"


def _login_names(user: AbstractBaseUser) -> set[str]:
    """The names django-axes may have recorded this user's sign-ins under (see accounts.adapters.axes_username)."""
    names = {user.get_username(), user.get_username().lower()}
    names.update(EmailAddress.objects.filter(user=user).values_list("email", flat=True))
    if user.email:
        names.add(user.email)
    return names | {name.lower() for name in names}


def delete_account(user: AbstractBaseUser, *, password: str) -> None:
    """Erase the user's personal data and account; their profile stays only as an anonymous "left" row."""
    if not user.check_password(password):
        raise ProfileError(_("That password is not correct. Your account has not been deleted."))
    with transaction.atomic():
        member = Member.objects.select_for_update().filter(user=user).first()
        files: list[str] = []
        if member is not None:
            files = [member.photo.name, member.photo_thumbnail.name]
            _anonymise(member, user=user)
        names = _login_names(user)
        AccessLog.objects.filter(username__in=names).delete()
        AccessAttempt.objects.filter(username__in=names).delete()
        AccountEvent.objects.create(
            kind=AccountEvent.Kind.DELETE, user_id=user.pk, member_id=member.pk if member else None
        )
        user_id = user.pk
        user.delete()
        transaction.on_commit(lambda: _delete_files(files))
    logger.info("User %s deleted their account (member %s anonymised)", user_id, getattr(member, "pk", None))


def _anonymise(member: Member, *, user: AbstractBaseUser) -> None:
    # The history holds every earlier version of the profile: it goes, then one anonymous version is written.
    Member.history.filter(id=member.pk).delete()
    MemberExpertise.objects.filter(member=member).delete()
    member.publications.all().delete()
    member.facilities.clear()
    member.full_name = DELETED_NAME
    member.slug = f"deleted-{member.pk}"
    for name in ("title", "job_title", "biography", "research_interests", "orcid", "website", "email", "phone"):
        setattr(member, name, "")
    member.photo = ""
    member.photo_thumbnail = ""
    member.unit = None
    member.career_stage = ""
    member.open_to = []
    member.availability_confirmed_at = None
    member.email_visibility = member.phone_visibility = "nobody"
    member.profile_visibility = Member.ProfileVisibility.HIDDEN
    member.status = Member.Status.LEFT
    # Erased while the account is still linked: the request services accept it as the member closing
    # their own requests, and the emails they queue to the other side already name a "Deleted member".
    member.save_without_historical_record()
    collaboration.leave_requests(member, by=user)
    member.user = None
    member.save()
    refresh_search_vectors([member.pk])
