"""Data retention (accounts.retention and manage.py apply_retention), on a frozen clock and real rows."""

import re
from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.models import AccountEvent, UnusedAccountWarning
from accounts.retention import apply_retention
from accounts.tasks import queue_email
from members import collaboration
from members.models import CollaborationRequest, Member, RequestEvent, RequestMessage
from tests.accounts.conftest import verify
from tests.members.collaboration_helpers import make_open, send

PASSWORD = "correct horse battery"


@pytest.fixture
def clock():
    """`with clock(days):` freezes time that many days after the test started."""
    start = timezone.now()
    return lambda days: time_machine.travel(start + timedelta(days=days), tick=False)


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


REQUEST_RULES = {"request texts erased", "thread messages erased"}
ACCOUNT_RULES = {"accounts warned", "accounts deactivated", "unused-account warnings withdrawn"}


def changed(outcomes, rules: set[str] | None = None) -> dict[str, int]:
    """What a run changed (or would change), by rule; rules that found nothing, or are not in `rules`, left out."""
    return {o.what: o.count for o in outcomes if o.count and (rules is None or o.what in rules)}


def make_login_records(username: str) -> None:
    """One row in each of django-axes' three tables, as a failed and a successful sign-in leave them."""
    request = {"user_agent": "pytest", "ip_address": "192.0.2.1", "http_accept": "*/*", "path_info": "/accounts/login/"}
    AccessAttempt.objects.create(username=username, get_data="", post_data="", failures_since_start=1, **request)
    AccessFailureLog.objects.create(username=username, **request)
    AccessLog.objects.create(username=username, **request)


def accepted_request_with_thread(sender, recipient) -> CollaborationRequest:
    request = send(sender, recipient)
    collaboration.accept_request(request, by=recipient, note="Happy to help.")
    collaboration.post_message(request, by=sender, body="Our scans are on 3T.")
    collaboration.post_message(request, by=recipient, body="Send me two examples.")
    return request


def snapshot() -> dict:
    """Every row the rules may touch, to prove a run changed nothing."""
    return {
        "requests": list(CollaborationRequest.objects.order_by("pk").values_list("message", "response_note")),
        "messages": list(RequestMessage.objects.order_by("pk").values_list("body", flat=True)),
        "events": RequestEvent.objects.count(),
        "axes": [model.objects.count() for model in (AccessAttempt, AccessFailureLog, AccessLog)],
        "tasks": set(DBTaskResult.objects.values_list("id", "status")),
        "users": list(get_user_model().objects.order_by("pk").values_list("pk", "is_active")),
        "members": list(Member.objects.order_by("pk").values_list("status", flat=True)),
        "warnings": list(UnusedAccountWarning.objects.values_list("user_id", "sent_at")),
        "account_events": AccountEvent.objects.count(),
        "mail": len(mail.outbox),
    }


# ---------------------------------------------------------------- collaboration request texts


def test_request_texts_are_erased_two_years_after_the_request_closed(alice, bob, charlie, clock):
    make_open(alice, bob, charlie)
    with clock(0):
        accepted = accepted_request_with_thread(alice, bob)
        pending = send(bob, charlie)
    with clock(10):
        withdrawn = send(charlie, alice)
        collaboration.withdraw_request(withdrawn, by=charlie)
    events = RequestEvent.objects.count()

    with clock(729):
        assert changed(apply_retention()) == {}
    accepted.refresh_from_db()
    assert accepted.message and accepted.response_note

    with clock(731):
        assert changed(apply_retention(), REQUEST_RULES) == {"request texts erased": 1, "thread messages erased": 2}
    accepted.refresh_from_db()
    assert (accepted.message, accepted.response_note) == ("", "")
    assert accepted.subject == "Lesions in MS", "the subject and the parties stay"
    assert list(accepted.messages.values_list("body", flat=True)) == ["", ""]
    assert RequestEvent.objects.count() == events, "the event log stays"
    withdrawn.refresh_from_db()
    pending.refresh_from_db()
    assert withdrawn.message, "closed ten days later: not yet"
    assert pending.message, "still open: never"

    with clock(741):
        assert changed(apply_retention(), REQUEST_RULES) == {"request texts erased": 1}


# ---------------------------------------------------------------- sign-in records


def test_sign_in_records_are_deleted_after_90_days(db, clock):
    with clock(0):
        make_login_records("old@example.org")
    with clock(5):
        make_login_records("recent@example.org")

    with clock(89):
        assert changed(apply_retention()) == {}
    with clock(91):
        assert changed(apply_retention()) == {
            "access attempts deleted": 1,
            "access failures deleted": 1,
            "access logs deleted": 1,
        }
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert list(model.objects.values_list("username", flat=True)) == ["recent@example.org"]


# ---------------------------------------------------------------- task rows


def test_finished_tasks_are_deleted_after_30_days_and_waiting_ones_kept(db, database_tasks, clock):
    with clock(0):
        for n in range(3):
            queue_email("accounts/email/member_approved", [f"person{n}@example.org"])
        sent, failed, waiting = sorted(DBTaskResult.objects.all(), key=lambda row: row.args_kwargs["args"][1])
        sent.set_successful(None)
        failed.set_failed(OSError("connection refused"))

    with clock(29):
        assert changed(apply_retention()) == {}
    with clock(31):
        assert changed(apply_retention()) == {"finished tasks deleted": 2}
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [waiting.pk], "unsent mail is never dropped"


# ---------------------------------------------------------------- unused accounts


def test_an_unused_account_is_warned_then_deactivated(alice, clock):
    with clock(729):
        assert changed(apply_retention()) == {}

    with clock(731):
        assert changed(apply_retention()) == {"accounts warned": 1}
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert message.subject == "[MMIN Directory] Your account will be deactivated unless you sign in"
    deadline = timezone.localtime(UnusedAccountWarning.objects.get(user=alice).sent_at + timedelta(days=30))
    assert "Dear Dr Alice Moreno," in message.body
    assert f"on or after {deadline.day} {deadline:%B %Y}" in message.body
    assert "take your profile out of the directory" in message.body
    assert "http://127.0.0.1:8000/accounts/login/" in message.body

    with clock(760):
        assert changed(apply_retention()) == {}
    alice.refresh_from_db()
    assert alice.is_active

    with clock(762):
        assert changed(apply_retention()) == {"accounts deactivated": 1}
    alice.refresh_from_db()
    alice.member.refresh_from_db()
    assert not alice.is_active
    assert alice.member.status == Member.Status.SUSPENDED
    assert alice.member.history.first().history_type == "~", "the curators see the change in the profile's history"
    assert AccountEvent.objects.filter(kind="deactivate", user_id=alice.pk, member_id=alice.member.pk).exists()
    assert not UnusedAccountWarning.objects.exists()

    with clock(900):
        assert changed(apply_retention()) == {}, "a deactivated account is not warned again"
    assert len(mail.outbox) == 1


def test_unused_counts_from_the_last_sign_in_or_else_from_sign_up(client, alice, bob, clock):
    verify(alice)
    with clock(100):
        client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    alice.refresh_from_db()
    assert alice.last_login is not None

    with clock(731):
        apply_retention()
    assert list(UnusedAccountWarning.objects.values_list("user", flat=True)) == [bob.pk], "bob never signed in"
    with clock(829):
        assert "accounts warned" not in changed(apply_retention())
    with clock(831):
        assert changed(apply_retention(), ACCOUNT_RULES) == {"accounts warned": 1}
    assert UnusedAccountWarning.objects.filter(user=alice).exists()


def test_signing_in_after_the_warning_keeps_the_account(client, alice, clock):
    verify(alice)
    with clock(731):
        apply_retention()
    assert UnusedAccountWarning.objects.filter(user=alice).exists()
    with clock(740):
        response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302

    with clock(762):
        assert changed(apply_retention(), ACCOUNT_RULES) == {"unused-account warnings withdrawn": 1}
    alice.refresh_from_db()
    assert alice.is_active
    assert alice.member.status == Member.Status.ACTIVE
    assert not UnusedAccountWarning.objects.exists()

    with clock(740 + 729):
        assert changed(apply_retention(), ACCOUNT_RULES) == {}
    with clock(740 + 731):
        assert changed(apply_retention(), ACCOUNT_RULES) == {"accounts warned": 1}, "unused again for the whole period"


def test_staff_and_superusers_are_never_warned_or_deactivated(admin_user, clock):
    get_user_model().objects.create_user("curator", "curator@example.org", PASSWORD, is_staff=True)
    for days in (731, 762, 2000):
        with clock(days):
            assert changed(apply_retention()) == {}
    assert set(get_user_model().objects.values_list("is_active", flat=True)) == {True}
    assert not UnusedAccountWarning.objects.exists()
    assert mail.outbox == []


# ---------------------------------------------------------------- the command: dry run and repeated runs


@pytest.fixture
def everything_due(alice, bob, database_tasks, clock):
    """A request with a thread, sign-in records and finished mail tasks, all from day 0."""
    make_open(alice, bob)
    with clock(0):
        accepted_request_with_thread(alice, bob)
        make_login_records("alice@example.org")
        for task in DBTaskResult.objects.all():
            task.set_successful(None)


def run(*args) -> dict[str, int]:
    """Run the command; the counts it printed, by rule."""
    out = StringIO()
    call_command("apply_retention", *args, stdout=out)
    lines = re.findall(r"^ *(\d+)  (.+) \(.+\)$", out.getvalue(), flags=re.MULTILINE)
    return {what: int(count) for count, what in lines if int(count)}


def test_the_dry_run_counts_and_changes_nothing(everything_due, clock):
    with clock(731):
        before = snapshot()
        would = run("--dry-run")
        assert snapshot() == before
        assert would == {
            "request texts erased": 1,
            "thread messages erased": 2,
            "access attempts deleted": 1,
            "access failures deleted": 1,
            "access logs deleted": 1,
            "finished tasks deleted": 4,
            "accounts warned": 2,
        }
        assert run() == would

    with clock(762):
        before = snapshot()
        assert run("--dry-run") == {"accounts deactivated": 2}
        assert snapshot() == before
        assert run() == {"accounts deactivated": 2}


def test_a_second_run_changes_nothing(everything_due, clock):
    for days in (731, 762):
        with clock(days):
            assert run()
            after_first = snapshot()
            assert run() == {}
            assert snapshot() == after_first


def test_the_dry_run_says_so(db):
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert out.getvalue().startswith("Dry run: nothing is changed and no email is sent.")
    assert "     0  accounts warned (unused since before " in out.getvalue()
