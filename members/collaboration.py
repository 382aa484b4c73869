"""Collaboration requests: one member asks another to collaborate, and the request runs its course.

States: pending -> accepted | declined | withdrawn | expired. Only the recipient accepts or
declines, only the sender withdraws, only the system (process_requests, or a network admin
acting for it) expires. Each transition locks the request row (or updates it conditionally),
checks the state it expects, saves the change, writes a RequestEvent and queues the email to
the other side, all in one transaction: a change that is rolled back sends nothing.

Views, admin actions and the management command all call these functions; they raise
RequestError, whose text is a translated message for the person asking.
"""

import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.tasks import queue_email
from members.models import (
    CollaborationRequest,
    Member,
    RequestEvent,
    RequestMessage,
    RequestReport,
)

logger = logging.getLogger(__name__)

State = CollaborationRequest.State
Action = RequestEvent.Action
EMAIL = "members/requests/email/"
MAX_MESSAGE_LENGTH = 5000


class RequestError(Exception):
    """A request change that cannot be made; str(error) is a translated message for the person asking."""


# ---------------------------------------------------------------- who can be asked


def why_not(recipient: Member, *, sender: Member | None) -> str | None:
    """Why `sender` cannot ask `recipient` to collaborate right now (from the rows alone), or None if they can."""
    if sender is not None and sender.pk == recipient.pk:
        return _("This is your own profile.")
    reason = recipient_unavailable(recipient)
    if reason is not None:
        return reason
    if sender is None:
        return _("Only members of the network can send collaboration requests.")
    if sender.status != Member.Status.ACTIVE:
        return _("Your profile needs to be approved before you can send collaboration requests.")
    return None


def recipient_unavailable(recipient: Member) -> str | None:
    """Why nobody can ask `recipient` at the moment: suspended or gone, not open to collaboration, unreachable."""
    if recipient.status != Member.Status.ACTIVE:
        return _("%(name)s is not an active member of the network at the moment.") % {"name": recipient.full_name}
    if not recipient.open_to or recipient.capacity == Member.Capacity.NONE:
        return _("%(name)s is not taking new collaboration requests at the moment.") % {"name": recipient.full_name}
    if not recipient.user_id and not recipient.email:
        return _("%(name)s cannot be reached through the directory yet.") % {"name": recipient.full_name}
    return None


@dataclass(frozen=True)
class ButtonState:
    """What the "Request collaboration" button shows for one viewer and one member."""

    can_ask: bool
    reason: str = ""
    pending: CollaborationRequest | None = None
    own_profile: bool = False
    needs_profile: bool = False
    sign_in: bool = False


def requests_between(member: Member, other: Member) -> list[CollaborationRequest]:
    """Pending and accepted requests between the two, either way; cached on `member` (one query, or none)."""
    cache = member.__dict__.setdefault("_requests_with", {})
    if other.pk not in cache:
        prime_requests_between([member], other)
    return cache[other.pk]


def prime_requests_between(members: list[Member], other: Member) -> None:
    """Load, in one query, the pending and accepted requests between `other` and each of `members`."""
    ids = [member.pk for member in members]
    found: dict[int, list[CollaborationRequest]] = {pk: [] for pk in ids}
    rows = CollaborationRequest.objects.filter(
        Q(sender=other, recipient__in=ids) | Q(sender__in=ids, recipient=other),
        state__in=[State.PENDING, State.ACCEPTED],
    ).only("pk", "sender_id", "recipient_id", "state")
    for request in rows:
        found[request.recipient_id if request.sender_id == other.pk else request.sender_id].append(request)
    for member in members:
        member.__dict__.setdefault("_requests_with", {})[other.pk] = found[member.pk]


def unread_count(viewer: Member, *, also_between: Member | None = None) -> int:
    """How many of the viewer's requests have something new (the header badge), in one query.

    With `also_between` (the profile being shown), the same query also loads the requests between
    the two, which the request button and the contact details then read from the cache.
    """
    if also_between is None or also_between.pk == viewer.pk:
        return CollaborationRequest.objects.unread_by(viewer.pk).count()
    pair = Q(sender_id=viewer.pk, recipient_id=also_between.pk) | Q(sender_id=also_between.pk, recipient_id=viewer.pk)
    rows = CollaborationRequest.objects.filter(
        Q(recipient_id=viewer.pk, unread_by_recipient=True)
        | Q(sender_id=viewer.pk, unread_by_sender=True)
        | (pair & Q(state__in=[State.PENDING, State.ACCEPTED]))
    ).only("pk", "sender_id", "recipient_id", "state", "unread_by_sender", "unread_by_recipient")
    unread, between = 0, []
    for request in rows:
        if (request.recipient_id == viewer.pk and request.unread_by_recipient) or (
            request.sender_id == viewer.pk and request.unread_by_sender
        ):
            unread += 1
        if also_between.pk in (request.sender_id, request.recipient_id) and request.state in (
            State.PENDING,
            State.ACCEPTED,
        ):
            between.append(request)
    also_between.__dict__.setdefault("_requests_with", {})[viewer.pk] = between
    return unread


def button_state(recipient: Member, *, sender: Member | None, signed_in: bool = True) -> ButtonState:
    """The button for `sender` on `recipient`'s profile: ask, see the pending request, or why not."""
    if sender is not None and sender.pk == recipient.pk:
        return ButtonState(False, _("This is your own profile."), own_profile=True)
    if sender is not None:
        for existing in requests_between(recipient, sender):
            if existing.state != State.PENDING:
                continue
            if existing.sender_id == sender.pk:
                return ButtonState(False, _("You have sent a request; it is waiting for an answer."), existing)
            message = _("%(name)s has sent you a request: answer it first.") % {"name": recipient.full_name}
            return ButtonState(False, message, existing)
    reason = why_not(recipient, sender=sender)
    if sender is None and recipient_unavailable(recipient) is None:
        if signed_in:
            return ButtonState(False, _("Create your profile to send collaboration requests."), needs_profile=True)
        return ButtonState(False, _("Sign in to send a collaboration request."), sign_in=True)
    return ButtonState(reason is None, reason or "")


# ---------------------------------------------------------------- sending


def send_request(
    sender: Member,
    *,
    recipient: Member,
    kind: str,
    subject: str,
    message: str,
    expertise: Iterable = (),
) -> CollaborationRequest:
    """Ask `recipient` to collaborate; checks who may be asked and the sender's limits, then emails the recipient."""
    subject, message = subject.strip(), message.strip()
    if kind not in CollaborationRequest.Kind.values:
        raise RequestError(_("Choose what kind of collaboration you are asking for."))
    if not subject or not message:
        raise RequestError(_("A request needs a subject and a message."))
    with transaction.atomic():
        # Locking the sender serialises their sends, so two tabs cannot both slip under a limit.
        sender = Member.objects.select_for_update(of=("self",)).select_related("institution").get(pk=sender.pk)
        recipient = Member.objects.select_related("user", "institution").get(pk=recipient.pk)
        reason = why_not(recipient, sender=sender)
        if reason is not None:
            raise RequestError(reason)
        _check_limits(sender)
        if CollaborationRequest.objects.filter(sender=recipient, recipient=sender, state=State.PENDING).exists():
            raise RequestError(
                _("%(name)s has already sent you a request: please answer it instead.") % {"name": recipient.full_name}
            )
        try:
            with transaction.atomic():
                request = CollaborationRequest.objects.create(
                    sender=sender,
                    recipient=recipient,
                    kind=kind,
                    subject=subject,
                    message=message,
                    unread_by_recipient=True,
                )
        except IntegrityError as error:
            raise RequestError(
                _("You already have a pending request to %(name)s.") % {"name": recipient.full_name}
            ) from error
        request.expertise.set(list(expertise))
        _record(request, Action.SENT, actor=sender, from_state="", to_state=State.PENDING)
        _notify(
            request,
            recipient,
            "request_received",
            sender=sender,
            recipient=recipient,
            sender_institution=sender.institution.name,
            sender_url=_absolute(sender.get_absolute_url()),
        )
    logger.info("Member %s sent collaboration request %s to member %s", sender.pk, request.pk, recipient.pk)
    return request


def _check_limits(sender: Member) -> None:
    now = timezone.now()
    counts = CollaborationRequest.objects.filter(sender=sender).aggregate(
        last_hour=Count("pk", filter=Q(created_at__gt=now - timedelta(hours=1))),
        last_day=Count("pk", filter=Q(created_at__gt=now - timedelta(days=1))),
        pending=Count("pk", filter=Q(state=State.PENDING)),
    )
    if counts["pending"] >= settings.COLLABORATION_MAX_PENDING:
        raise RequestError(
            _(
                "You have %(count)d requests waiting for an answer, the most you can have at once. "
                "Withdraw one, or wait for answers, before sending another."
            )
            % {"count": counts["pending"]}
        )
    if counts["last_hour"] >= settings.COLLABORATION_REQUESTS_PER_HOUR:
        raise RequestError(
            _("You can send at most %(limit)d requests an hour. Please try again later.")
            % {"limit": settings.COLLABORATION_REQUESTS_PER_HOUR}
        )
    if counts["last_day"] >= settings.COLLABORATION_REQUESTS_PER_DAY:
        raise RequestError(
            _("You can send at most %(limit)d requests a day. Please try again tomorrow.")
            % {"limit": settings.COLLABORATION_REQUESTS_PER_DAY}
        )


# ---------------------------------------------------------------- transitions


def accept_request(request: CollaborationRequest, *, by: AbstractBaseUser, note: str = "") -> CollaborationRequest:
    """The recipient accepts: both sides now see each other's contact details and can exchange messages."""
    with transaction.atomic():
        request = _lock(request)
        if request.recipient.user_id is None or request.recipient.user_id != by.pk:
            raise RequestError(_("Only the person who received the request can accept it."))
        _expect_pending(request)
        now = timezone.now()
        request.state = State.ACCEPTED
        request.response_note = note.strip()
        request.answered_at = request.closed_at = now
        request.unread_by_sender, request.unread_by_recipient = True, False
        request.save(
            update_fields=[
                "state",
                "response_note",
                "answered_at",
                "closed_at",
                "unread_by_sender",
                "unread_by_recipient",
            ]
        )
        _record(request, Action.ACCEPTED, actor=request.recipient, from_state=State.PENDING, to_state=State.ACCEPTED)
        _notify(request, request.sender, "request_accepted", sender=request.sender, recipient=request.recipient)
    return request


def decline_request(
    request: CollaborationRequest,
    *,
    by: AbstractBaseUser,
    reason: str = "",
    suggested_member: Member | None = None,
    note: str = "",
) -> CollaborationRequest:
    """The recipient declines, optionally saying why and suggesting a colleague who may help."""
    if reason and reason not in CollaborationRequest.DeclineReason.values:
        raise RequestError(_("Choose one of the reasons offered, or none."))
    suggesting = reason == CollaborationRequest.DeclineReason.SUGGEST_COLLEAGUE
    if suggesting and suggested_member is None:
        raise RequestError(_("Say which colleague you suggest, or choose another reason."))
    if suggested_member is not None and not suggesting:
        raise RequestError(_("A colleague can only be suggested with the reason “a colleague would be better placed”."))
    with transaction.atomic():
        request = _lock(request)
        if request.recipient.user_id is None or request.recipient.user_id != by.pk:
            raise RequestError(_("Only the person who received the request can decline it."))
        _expect_pending(request)
        if suggested_member is not None:
            if suggested_member.pk in (request.sender_id, request.recipient_id):
                raise RequestError(_("Suggest someone other than yourself or the person who asked."))
            if suggested_member.status != Member.Status.ACTIVE:
                raise RequestError(_("%(name)s is not an active member.") % {"name": suggested_member.full_name})
        now = timezone.now()
        request.state = State.DECLINED
        request.decline_reason = reason
        request.suggested_member = suggested_member
        request.response_note = note.strip()
        request.answered_at = request.closed_at = now
        request.unread_by_sender, request.unread_by_recipient = True, False
        request.save(
            update_fields=[
                "state",
                "decline_reason",
                "suggested_member",
                "response_note",
                "answered_at",
                "closed_at",
                "unread_by_sender",
                "unread_by_recipient",
            ]
        )
        _record(
            request,
            Action.DECLINED,
            actor=request.recipient,
            from_state=State.PENDING,
            to_state=State.DECLINED,
            reason=reason,
        )
        _notify(request, request.sender, "request_declined", sender=request.sender, recipient=request.recipient)
    return request


def withdraw_request(request: CollaborationRequest, *, by: AbstractBaseUser) -> CollaborationRequest:
    """The sender takes back a request that has not been answered yet."""
    with transaction.atomic():
        request = _lock(request)
        if request.sender.user_id is None or request.sender.user_id != by.pk:
            raise RequestError(_("Only the person who sent the request can withdraw it."))
        _expect_pending(request)
        request.state = State.WITHDRAWN
        request.closed_at = timezone.now()
        request.unread_by_recipient, request.unread_by_sender = True, False
        request.save(update_fields=["state", "closed_at", "unread_by_recipient", "unread_by_sender"])
        _record(request, Action.WITHDRAWN, actor=request.sender, from_state=State.PENDING, to_state=State.WITHDRAWN)
        _notify(request, request.recipient, "request_withdrawn", sender=request.sender, recipient=request.recipient)
    return request


def expire_request(request: CollaborationRequest, *, by: AbstractBaseUser | None = None) -> bool:
    """Close one pending request as expired (the system's transition); False if it was no longer pending."""
    with transaction.atomic():
        now = timezone.now()
        # A conditional update: if the recipient answers at the same moment, exactly one of the two wins.
        changed = CollaborationRequest.objects.filter(pk=request.pk, state=State.PENDING).update(
            state=State.EXPIRED, closed_at=now, unread_by_sender=True, unread_by_recipient=True
        )
        if not changed:
            return False
        request = CollaborationRequest.objects.select_related("sender__user", "recipient__user").get(pk=request.pk)
        _record(request, Action.EXPIRED, actor=None, by_admin=by, from_state=State.PENDING, to_state=State.EXPIRED)
        for member in (request.sender, request.recipient):
            _notify(request, member, "request_expired", sender=request.sender, recipient=request.recipient)
    return True


def expire_stale_requests(*, now: datetime | None = None) -> int:
    """Expire every request left unanswered for COLLABORATION_EXPIRY_DAYS; safe to run again. Returns how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.COLLABORATION_EXPIRY_DAYS)
    stale = CollaborationRequest.objects.filter(state=State.PENDING, created_at__lte=cutoff).order_by("created_at")
    # One transaction per request: a failure part-way keeps what was already done.
    return sum(expire_request(request) for request in stale.only("pk").iterator())


def send_reminders(*, now: datetime | None = None) -> int:
    """Remind recipients once of requests pending for COLLABORATION_REMINDER_DAYS; safe to run again."""
    now = now or timezone.now()
    due = CollaborationRequest.objects.filter(
        state=State.PENDING,
        reminded_at__isnull=True,
        created_at__lte=now - timedelta(days=settings.COLLABORATION_REMINDER_DAYS),
        created_at__gt=now - timedelta(days=settings.COLLABORATION_EXPIRY_DAYS),
    ).order_by("created_at")
    sent = 0
    for pk in due.values_list("pk", flat=True).iterator():
        with transaction.atomic():
            if not CollaborationRequest.objects.filter(pk=pk, state=State.PENDING, reminded_at__isnull=True).update(
                reminded_at=timezone.now(), unread_by_recipient=True
            ):
                continue
            request = CollaborationRequest.objects.select_related("sender__user", "recipient__user").get(pk=pk)
            _record(request, Action.REMINDED, actor=None, from_state=State.PENDING, to_state=State.PENDING)
            _notify(request, request.recipient, "request_reminder", sender=request.sender, recipient=request.recipient)
            sent += 1
    return sent


def _lock(request: CollaborationRequest) -> CollaborationRequest:
    return (
        CollaborationRequest.objects.select_for_update(of=("self",))
        .select_related("sender__user", "recipient__user")
        .get(pk=request.pk)
    )


def _expect_pending(request: CollaborationRequest) -> None:
    if request.state != State.PENDING:
        raise RequestError(
            _("This request has already been %(state)s, so it cannot be changed.")
            % {"state": request.get_state_display().lower()}
        )


# ---------------------------------------------------------------- the thread and reports


def post_message(request: CollaborationRequest, *, by: AbstractBaseUser, body: str) -> RequestMessage:
    """Add a message to an accepted request's thread and email the other side."""
    body = body.strip()
    if not body:
        raise RequestError(_("Write a message before sending it."))
    if len(body) > MAX_MESSAGE_LENGTH:
        raise RequestError(_("A message can be at most %(limit)d characters long.") % {"limit": MAX_MESSAGE_LENGTH})
    with transaction.atomic():
        request = _lock(request)
        if by.pk not in (request.sender.user_id, request.recipient.user_id) or by.pk is None:
            raise RequestError(_("Only the two people in this collaboration can write in its thread."))
        if request.state != State.ACCEPTED:
            raise RequestError(_("Messages can be exchanged once a request has been accepted."))
        author, other = (
            (request.sender, request.recipient)
            if by.pk == request.sender.user_id
            else (request.recipient, request.sender)
        )
        if other.is_deleted:
            raise RequestError(
                _("This member has left the network: the thread stays here, but nobody will read new messages.")
            )
        message = RequestMessage.objects.create(request=request, author=author, body=body)
        flag = "unread_by_recipient" if other.pk == request.recipient_id else "unread_by_sender"
        CollaborationRequest.objects.filter(pk=request.pk).update(**{flag: True})
        _notify(
            request,
            other,
            "request_message",
            sender=request.sender,
            recipient=request.recipient,
            author=author,
            body=message.body,
        )
    return message


def report_request(request: CollaborationRequest, *, by: AbstractBaseUser, reason: str = "") -> RequestReport:
    """The recipient reports a request as unwanted; it joins the admins' moderation queue."""
    from members.profiles import curator_emails

    with transaction.atomic():
        request = _lock(request)
        if request.recipient.user_id is None or request.recipient.user_id != by.pk:
            raise RequestError(_("Only the person who received the request can report it."))
        try:
            with transaction.atomic():
                report = RequestReport.objects.create(
                    request=request, reporter=request.recipient, reason=reason.strip()
                )
        except IntegrityError as error:
            raise RequestError(
                _("You have already reported this request; the network admins will look at it.")
            ) from error
        _record(request, Action.REPORTED, actor=request.recipient, from_state=request.state, to_state=request.state)
        context = {
            "subject": request.subject,
            "sender_name": request.sender.public_name,
            "recipient_name": request.recipient.public_name,
            "reason": report.reason,
            "admin_url": _absolute(reverse("admin:members_requestreport_change", args=[report.pk])),
        }
        for email in curator_emails():
            queue_email(f"{EMAIL}request_reported", [email], context)
    logger.info("Member %s reported collaboration request %s", request.recipient_id, request.pk)
    return report


def resolve_report(report: RequestReport, *, by: AbstractBaseUser) -> bool:
    """A network admin marks a report as dealt with; False if it already was."""
    return bool(
        RequestReport.objects.filter(pk=report.pk, resolved_at__isnull=True).update(
            resolved_at=timezone.now(), resolved_by=by
        )
    )


def leave_requests(member: Member, *, by: AbstractBaseUser) -> int:
    """A member leaving: erase what they wrote, withdraw the requests they sent, decline those they received.

    Call it inside the leaving transaction while `by` is still the member's account. The threads stay
    for the other side, with empty bodies where the member wrote. Returns how many requests were closed.
    """
    with transaction.atomic():
        RequestMessage.objects.filter(author=member).update(body="")
        CollaborationRequest.objects.filter(sender=member).update(message="")
        CollaborationRequest.objects.filter(recipient=member).update(response_note="")
        closed = 0
        pending = CollaborationRequest.objects.involving(member).filter(state=State.PENDING).order_by("pk")
        for request in pending.only("pk", "sender_id"):
            close = withdraw_request if request.sender_id == member.pk else decline_request
            try:
                close(request, by=by)
            except RequestError:
                continue  # answered, withdrawn or expired a moment ago: already closed
            closed += 1
    logger.info("Member %s left: %d pending collaboration requests closed", member.pk, closed)
    return closed


def mark_read(request: CollaborationRequest, *, by: AbstractBaseUser) -> None:
    """The member opening a request has seen what was new in it (one UPDATE only when something was)."""
    if request.recipient.user_id == by.pk and request.unread_by_recipient:
        CollaborationRequest.objects.filter(pk=request.pk).update(unread_by_recipient=False)
        request.unread_by_recipient = False
    elif request.sender.user_id == by.pk and request.unread_by_sender:
        CollaborationRequest.objects.filter(pk=request.pk).update(unread_by_sender=False)
        request.unread_by_sender = False


# ---------------------------------------------------------------- events and mail


def _record(
    request: CollaborationRequest,
    action: str,
    *,
    actor: Member | None,
    from_state: str,
    to_state: str,
    reason: str = "",
    by_admin: AbstractBaseUser | None = None,
) -> RequestEvent:
    return RequestEvent.objects.create(
        request=request,
        action=action,
        actor=actor,
        by_admin=by_admin,
        from_state=from_state,
        to_state=to_state,
        reason=reason,
    )


def address_of(member: Member) -> str:
    """Where the directory writes to a member: their account's address, else the profile's contact email."""
    if member.user_id and member.user.email:
        return member.user.email
    return member.email


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _notify(
    request: CollaborationRequest,
    to: Member,
    template: str,
    *,
    sender: Member,
    recipient: Member,
    author: Member | None = None,
    **extra,
) -> None:
    """Queue one email to `to` about `request`, in the caller's transaction."""
    context = {
        **extra,
        "to_name": to.full_name,
        "sender_name": sender.public_name,
        "recipient_name": recipient.public_name,
        "subject": request.subject,
        "kind": request.get_kind_display(),
        "message": request.message,
        "state": request.get_state_display(),
        "decline_reason": request.get_decline_reason_display() if request.decline_reason else "",
        "suggested_name": request.suggested_member.public_name if request.suggested_member_id else "",
        "suggested_url": _absolute(request.suggested_member.get_absolute_url()) if request.suggested_member_id else "",
        "note": request.response_note,
        "author_name": author.public_name if author else "",
        "request_url": _absolute(request.get_absolute_url()),
        "requests_url": _absolute(reverse("members:requests")),
        "has_account": bool(to.user_id),
        "signup_url": _absolute(reverse("account_signup")),
        "expiry_days": settings.COLLABORATION_EXPIRY_DAYS,
        "reminder_days": settings.COLLABORATION_REMINDER_DAYS,
    }
    queue_email(f"{EMAIL}{template}", [address_of(to)], context)


# ---------------------------------------------------------------- figures for the admin dashboard


@dataclass(frozen=True)
class MonthFigures:
    month: datetime
    sent: int
    accepted: int
    declined: int
    withdrawn: int
    expired: int
    pending: int


@dataclass(frozen=True)
class RequestFigures:
    """The network's request figures: per month (by month sent) and overall."""

    months: list[MonthFigures]
    total: int
    answered: int
    accepted: int
    acceptance_rate: float | None
    median_hours_to_answer: float | None
    cross_institution: int
    cross_institution_share: float | None
    open_reports: int

    @property
    def median_time_to_answer(self) -> str:
        """The median time to first answer, in the unit people read it in: minutes, hours or days."""
        hours = self.median_hours_to_answer
        if hours is None:
            return "–"
        if hours < 1:
            return _("%(n)d min") % {"n": round(hours * 60)}
        if hours < 48:
            return _("%(n)d h") % {"n": round(hours)}
        return _("%(n)d days") % {"n": round(hours / 24)}


def request_figures(*, months: int = 12) -> RequestFigures:
    """Sent / accepted / declined / withdrawn / expired per month, acceptance rate, time to answer; three queries."""
    since = (timezone.now() - timedelta(days=31 * months)).replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    per_state = {state: Count("pk", filter=Q(state=state)) for state in State.values}
    rows = (
        CollaborationRequest.objects.filter(created_at__gte=since)
        .annotate(month=TruncMonth("created_at"))
        .values("month")
        .annotate(sent=Count("pk"), **per_state)
        .order_by("-month")
    )
    month_rows = [
        MonthFigures(
            row["month"],
            row["sent"],
            row[State.ACCEPTED],
            row[State.DECLINED],
            row[State.WITHDRAWN],
            row[State.EXPIRED],
            row[State.PENDING],
        )
        for row in rows
    ]
    overall = _overall()
    answered = overall["answered"]
    return RequestFigures(
        months=month_rows,
        total=overall["total"],
        answered=answered,
        accepted=overall["accepted"],
        acceptance_rate=overall["accepted"] / answered if answered else None,
        median_hours_to_answer=overall["median_seconds"] / 3600 if overall["median_seconds"] is not None else None,
        cross_institution=overall["cross"],
        cross_institution_share=overall["cross"] / overall["total"] if overall["total"] else None,
        open_reports=overall["open_reports"],
    )


OVERALL_SQL = """
SELECT count(*) AS total,
       count(*) FILTER (WHERE request.state = 'accepted') AS accepted,
       count(*) FILTER (WHERE request.answered_at IS NOT NULL) AS answered,
       count(*) FILTER (WHERE sender.institution_id <> recipient.institution_id) AS cross,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM request.answered_at - request.created_at))
           FILTER (WHERE request.answered_at IS NOT NULL) AS median_seconds,
       (SELECT count(*) FROM {reports} WHERE resolved_at IS NULL) AS open_reports
FROM {requests} AS request
JOIN {members} AS sender ON sender.id = request.sender_id
JOIN {members} AS recipient ON recipient.id = request.recipient_id
"""


def _overall() -> dict:
    quote = connection.ops.quote_name
    sql = OVERALL_SQL.format(
        requests=quote(CollaborationRequest._meta.db_table),
        members=quote(Member._meta.db_table),
        reports=quote(RequestReport._meta.db_table),
    )
    with connection.cursor() as cursor:
        cursor.execute(sql)
        columns = [column.name for column in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))
