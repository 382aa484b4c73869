"""Data retention: how long the directory keeps what people leave behind. Run by `manage.py apply_retention`.

The rules (every period is a setting, in days):

- Collaboration requests closed RETENTION_REQUEST_MESSAGES_DAYS ago lose their texts: the request's message,
  the answer's note and the thread's messages are blanked, as when a member leaves. The subject, the two
  people, the states and the event log stay, so the dashboard's figures do not change.
- django-axes' sign-in records (attempts, failures, the access log) older than RETENTION_LOGIN_ATTEMPTS_DAYS
  are deleted.
- Finished task rows older than RETENTION_FINISHED_TASKS_DAYS are deleted: an email task holds the address
  and the message's context. Tasks still waiting or running are kept.
- An account nobody has signed in to for RETENTION_UNUSED_ACCOUNT_DAYS (counted from sign-up if it never was)
  is warned by email. If nobody signs in during the next RETENTION_UNUSED_ACCOUNT_GRACE_DAYS, it is
  deactivated and its profile suspended, which takes it out of the directory until a curator restores it.
  Signing in voids the warning. Staff and superusers are never warned nor deactivated.

Each rule selects by age and state alone, so a second run, or a late one, finds nothing more to do.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F, Q
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import AccountEvent, UnusedAccountWarning
from accounts.tasks import queue_email
from members.models import CollaborationRequest, Member, RequestMessage
from members.profiles import suspend_member

logger = logging.getLogger(__name__)

WARNING_EMAIL = "accounts/email/unused_account"

# A warning no longer stands once its owner signed in after it, or the account left the rule's reach.
VOID_WARNING = (
    Q(user__last_login__gt=F("sent_at"))
    | Q(user__is_active=False)
    | Q(user__is_staff=True)
    | Q(user__is_superuser=True)
)


@dataclass(frozen=True)
class Outcome:
    """What one rule did (or, in a dry run, would do): `count` rows, described by `what` and `scope`."""

    what: str
    count: int
    scope: str


def apply_retention(*, now: datetime | None = None, dry_run: bool = False) -> list[Outcome]:
    """Apply every retention rule once; with `dry_run`, only count what a run would change (no row, no email)."""
    now = now or timezone.now()
    outcomes = [
        *erase_request_texts(now=now, dry_run=dry_run),
        *delete_login_records(now=now, dry_run=dry_run),
        delete_finished_tasks(now=now, dry_run=dry_run),
        withdraw_void_warnings(dry_run=dry_run),
        deactivate_unused_accounts(now=now, dry_run=dry_run),
        warn_unused_accounts(now=now, dry_run=dry_run),
    ]
    if not dry_run:
        logger.info("Retention applied: %s", ", ".join(f"{o.count} {o.what}" for o in outcomes))
    return outcomes


def erase_request_texts(*, now: datetime, dry_run: bool) -> list[Outcome]:
    """Blank what the two people wrote in requests closed longer ago than the retention period."""
    cutoff = now - timedelta(days=settings.RETENTION_REQUEST_MESSAGES_DAYS)
    closed = CollaborationRequest.objects.filter(closed_at__lte=cutoff)
    requests = closed.exclude(message="", response_note="")
    messages = RequestMessage.objects.filter(request__in=closed).exclude(body="")
    if dry_run:
        counts = requests.count(), messages.count()
    else:
        with transaction.atomic():
            counts = requests.update(message="", response_note=""), messages.update(body="")
    scope = f"requests closed before {cutoff:%Y-%m-%d}"
    return [Outcome("request texts erased", counts[0], scope), Outcome("thread messages erased", counts[1], scope)]


def delete_login_records(*, now: datetime, dry_run: bool) -> list[Outcome]:
    """Delete django-axes' records of sign-in attempts older than the retention period."""
    cutoff = now - timedelta(days=settings.RETENTION_LOGIN_ATTEMPTS_DAYS)
    outcomes = []
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        old = model.objects.filter(attempt_time__lte=cutoff)
        count = old.count() if dry_run else old.delete()[1].get(model._meta.label, 0)
        outcomes.append(Outcome(f"{model._meta.verbose_name_plural} deleted", count, f"before {cutoff:%Y-%m-%d}"))
    return outcomes


def delete_finished_tasks(*, now: datetime, dry_run: bool) -> Outcome:
    """Delete task rows that succeeded or failed longer ago than the retention period."""
    cutoff = now - timedelta(days=settings.RETENTION_FINISHED_TASKS_DAYS)
    old = DBTaskResult.objects.finished().filter(finished_at__lte=cutoff)
    count = old.count() if dry_run else old.delete()[0]
    return Outcome("finished tasks deleted", count, f"finished before {cutoff:%Y-%m-%d}")


def withdraw_void_warnings(*, dry_run: bool) -> Outcome:
    """Forget warnings whose account was signed in to since (or became inactive or staff)."""
    void = UnusedAccountWarning.objects.filter(VOID_WARNING)
    count = void.count() if dry_run else void.delete()[0]
    return Outcome("unused-account warnings withdrawn", count, "signed in again since")


def deactivate_unused_accounts(*, now: datetime, dry_run: bool) -> Outcome:
    """Deactivate the accounts warned longer ago than the grace period and not signed in to since."""
    cutoff = now - timedelta(days=settings.RETENTION_UNUSED_ACCOUNT_GRACE_DAYS)
    due = UnusedAccountWarning.objects.filter(sent_at__lte=cutoff).exclude(VOID_WARNING)
    scope = f"warned before {cutoff:%Y-%m-%d}"
    if dry_run:
        return Outcome("accounts deactivated", due.count(), scope)
    deactivated = 0
    for warning in due:
        with transaction.atomic():
            # Conditional, so a sign-in between the query above and now keeps the account.
            unused = Q(last_login__isnull=True) | Q(last_login__lte=warning.sent_at)
            if not get_user_model().objects.filter(unused, pk=warning.user_id, is_active=True).update(is_active=False):
                continue
            member = Member.objects.filter(user_id=warning.user_id).first()
            if member is not None and member.status in (Member.Status.PENDING, Member.Status.ACTIVE):
                suspend_member(member)
            AccountEvent.objects.create(
                kind=AccountEvent.Kind.DEACTIVATE, user_id=warning.user_id, member_id=member.pk if member else None
            )
            warning.delete()
        deactivated += 1
    return Outcome("accounts deactivated", deactivated, scope)


def warn_unused_accounts(*, now: datetime, dry_run: bool) -> Outcome:
    """Email every account unused for the retention period that the grace period starts now.

    An account without an address is recorded as warned all the same, so it is deactivated on time.
    """
    cutoff = now - timedelta(days=settings.RETENTION_UNUSED_ACCOUNT_DAYS)
    unused = (
        get_user_model()
        .objects.filter(is_active=True, is_staff=False, is_superuser=False, unused_account_warning__isnull=True)
        .alias(last_seen=Coalesce("last_login", "date_joined"))
        .filter(last_seen__lte=cutoff)
    )
    scope = f"unused since before {cutoff:%Y-%m-%d}"
    if dry_run:
        return Outcome("accounts warned", unused.count(), scope)
    deadline = now + timedelta(days=settings.RETENTION_UNUSED_ACCOUNT_GRACE_DAYS)
    warned = 0
    for user in unused.select_related("member").order_by("pk"):
        with transaction.atomic():
            _, created = UnusedAccountWarning.objects.get_or_create(user=user, defaults={"sent_at": now})
            if not created:
                continue  # another run warned this account a moment ago
            member = getattr(user, "member", None)
            queue_email(
                WARNING_EMAIL,
                [user.email],
                {
                    "name": member.display_name if member else "",
                    "last_seen": user.last_login or user.date_joined,
                    "deadline": deadline,
                    "has_profile": member is not None and member.status == Member.Status.ACTIVE,
                    "login_url": _absolute(reverse("account_login")),
                    "account_url": _absolute(reverse("accounts:home")),
                },
            )
        warned += 1
    return Outcome("accounts warned", warned, scope)


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
