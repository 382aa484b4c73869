"""Stale profiles: finding them, asking their owners to confirm them, and the one-click link in that email.

A profile is stale when it has been neither confirmed nor edited for STALE_PROFILE_DAYS.
Curators ask in bulk from the admin; each request is queued as an email in the same
transaction and written to the admin log, which is also how a member asked recently is
not asked again. The email's link is signed (django.core.signing), expires after
PROFILE_CONFIRM_LINK_DAYS and works once: it names the profile and a fingerprint of its
last confirmation and account, which confirming (or a new password) changes.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext as _

from accounts.tasks import queue_email
from members.models import Member
from members.profiles import confirm_availability

logger = logging.getLogger(__name__)

SALT = "members.stale.confirm-profile"
EMAIL_TEMPLATE = "members/email/confirm_profile"
# The admin-log message that marks "asked to confirm": how a recent request is found again.
ASKED_MESSAGE = "Asked to confirm the profile is still accurate."


class ConfirmLinkError(Exception):
    """A confirmation link that cannot be used; str(error) tells the person what to do instead."""


def stale_cutoff(now: datetime | None = None) -> datetime:
    return (now or timezone.now()) - timedelta(days=settings.STALE_PROFILE_DAYS)


def stale_condition(now: datetime | None = None) -> Q:
    """Neither confirmed nor edited since the cutoff."""
    cutoff = stale_cutoff(now)
    return Q(updated_at__lt=cutoff) & (
        Q(availability_confirmed_at__isnull=True) | Q(availability_confirmed_at__lt=cutoff)
    )


def stale_members(members=None, *, now: datetime | None = None):
    """Profiles (of `members`, default all) neither confirmed nor edited in the last STALE_PROFILE_DAYS."""
    members = Member.objects.all() if members is None else members
    return members.filter(stale_condition(now))


def address_for(member: Member) -> str:
    """Where a confirmation request goes: the account's address, else the profile's contact address."""
    if member.user_id and member.user.email:
        return member.user.email
    return member.email


@dataclass
class AskResult:
    """How a bulk request went: who was emailed, and who was left out and why."""

    sent: int = 0
    asked_recently: int = 0
    no_address: int = 0
    not_listed: int = 0


def recently_asked_ids(member_ids: list[int], *, now: datetime | None = None) -> set[int]:
    """Which of these members were asked to confirm within PROFILE_CONFIRM_RESEND_DAYS (one query)."""
    since = (now or timezone.now()) - timedelta(days=settings.PROFILE_CONFIRM_RESEND_DAYS)
    rows = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Member),
        object_id__in=[str(pk) for pk in member_ids],
        change_message=ASKED_MESSAGE,
        action_time__gte=since,
    ).values_list("object_id", flat=True)
    return {int(pk) for pk in rows}


def ask_to_confirm(members, *, by: AbstractBaseUser) -> AskResult:
    """Email each member a "please confirm your profile" message with a one-click link, and log it."""
    result = AskResult()
    members = list(members.select_related("user"))
    recent = recently_asked_ids([member.pk for member in members])
    asked = []
    with transaction.atomic():
        for member in members:
            if member.status not in (Member.Status.ACTIVE, Member.Status.PENDING):
                result.not_listed += 1
                continue
            if member.pk in recent:
                result.asked_recently += 1
                continue
            address = address_for(member)
            if not address:
                result.no_address += 1
                continue
            queue_email(EMAIL_TEMPLATE, [address], _email_context(member))
            asked.append(member)
        if asked:
            LogEntry.objects.log_actions(by.pk, asked, CHANGE, change_message=ASKED_MESSAGE)
    result.sent = len(asked)
    logger.info("User %s asked %d members to confirm their profiles", by.pk, result.sent)
    return result


def _email_context(member: Member) -> dict:
    site = settings.SITE_URL.rstrip("/")
    return {
        "member_name": member.display_name,
        "confirm_url": site + reverse("profile-check", args=[confirmation_token(member)]),
        "profile_url": site + member.get_absolute_url(),
        "link_days": settings.PROFILE_CONFIRM_LINK_DAYS,
        "has_account": bool(member.user_id),
    }


# ---------------------------------------------------------------- the signed link


def _fingerprint(member: Member) -> str:
    """Changes when the profile is confirmed, or its account signs in or gets a new password: the link then dies."""
    user = member.user if member.user_id else None
    parts = [
        str(member.pk),
        member.availability_confirmed_at.isoformat() if member.availability_confirmed_at else "",
        str(member.user_id or ""),
        user.password if user else "",
        # Signing in through the link sets last_login, so the link signs nobody in twice.
        user.last_login.isoformat() if user and user.last_login else "",
    ]
    return salted_hmac(SALT, "|".join(parts)).hexdigest()[:20]


def confirmation_token(member: Member) -> str:
    return signing.dumps({"m": member.pk, "f": _fingerprint(member)}, salt=SALT, compress=True)


def member_for_token(token: str, *, lock: bool = False) -> Member:
    """The profile a link names, if the link is genuine, unexpired and unused; otherwise ConfirmLinkError."""
    try:
        data = signing.loads(token, salt=SALT, max_age=timedelta(days=settings.PROFILE_CONFIRM_LINK_DAYS))
    except signing.SignatureExpired:
        raise ConfirmLinkError(
            _("This link has expired. Sign in to confirm your profile, or ask the network admins for a new link.")
        ) from None
    except (signing.BadSignature, ValueError, TypeError):
        raise ConfirmLinkError(_("This link is not valid. Please copy the whole link from the email.")) from None
    if not isinstance(data, dict) or not isinstance(data.get("m"), int):
        raise ConfirmLinkError(_("This link is not valid. Please copy the whole link from the email."))
    members = Member.objects.select_related("user", "institution", "unit")
    if lock:
        members = members.select_for_update(of=("self",))
    member = members.filter(pk=data["m"]).first()
    if member is None or member.status not in (Member.Status.ACTIVE, Member.Status.PENDING):
        raise ConfirmLinkError(_("This profile is no longer in the directory."))
    if not constant_time_compare(str(data.get("f", "")), _fingerprint(member)):
        raise ConfirmLinkError(
            _("This link has already been used. You can confirm your profile at any time from your account.")
        )
    return member


def confirm_by_link(token: str) -> Member:
    """Record that the profile the link names is still accurate (the link then stops working)."""
    with transaction.atomic():
        # Locked, so of two clicks at once the second finds the link used.
        member = member_for_token(token, lock=True)
        confirm_availability(member)
    logger.info("Member %s confirmed their profile from an emailed link", member.pk)
    return member


def may_sign_in(member: Member) -> bool:
    """Whether the link may sign its owner in: an active account, and never a staff one (curators use passwords)."""
    user = member.user if member.user_id else None
    return bool(user and user.is_active and not user.is_staff and not user.is_superuser)
