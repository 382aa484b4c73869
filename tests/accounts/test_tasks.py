"""Mail goes through the task queue: allauth's messages and ours, with retries while SMTP is down."""

import smtplib
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django_tasks import default_task_backend

from accounts.tasks import MAX_ATTEMPTS, freeze, queue_email, send_email, thaw


class RefusingBackend(BaseEmailBackend):
    """An SMTP server that is down."""

    def send_messages(self, messages):
        raise smtplib.SMTPConnectError(421, "Service not available")


@pytest.fixture
def dummy_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    default_task_backend.clear()
    yield default_task_backend
    default_task_backend.clear()


def test_context_freezes_to_json_and_thaws_back(alice):
    when = datetime(2026, 1, 2, 3, 4, tzinfo=UTC)
    frozen = freeze({"user": alice, "timestamp": when, "request": None, "n": 1, "items": ("a", "b")})
    assert frozen["user"] == {"__model__": "auth.user", "pk": alice.pk}
    thawed = thaw(frozen)
    assert thawed["user"] == alice
    assert thawed["timestamp"] == when
    assert thawed["items"] == ["a", "b"]


def test_a_row_deleted_before_sending_thaws_to_none(alice):
    frozen = freeze({"user": alice})
    alice.delete()
    assert thaw(frozen)["user"] is None


def test_queueing_writes_a_task_instead_of_sending(dummy_tasks):
    queue_email("accounts/email/member_approved", ["amira@example.org"], {"member_name": "Amira Okafor"})
    assert mail.outbox == []
    [result] = dummy_tasks.results
    assert result.task.name == "send_email"
    assert result.args[:2] == ["accounts/email/member_approved", ["amira@example.org"]]


def test_the_task_renders_and_sends(db):
    send_email.call(
        "accounts/email/member_approved",
        ["amira@example.org"],
        {"member_name": "Amira Okafor", "profile_url": "https://x/members/amira/", "account_url": "https://x/a/"},
    )
    [message] = mail.outbox
    assert message.to == ["amira@example.org"]
    assert message.subject == "[MMIN Directory] Your profile is live"
    assert "https://x/members/amira/" in message.body


def test_a_refused_connection_is_retried_later(settings, dummy_tasks):
    settings.EMAIL_BACKEND = "tests.accounts.test_tasks.RefusingBackend"
    send_email.call("accounts/email/member_approved", ["amira@example.org"], {"member_name": "A"})
    [retry] = dummy_tasks.results
    assert retry.task.run_after is not None
    assert retry.args[-1] == 2


def test_the_last_attempt_fails_visibly(settings, dummy_tasks):
    settings.EMAIL_BACKEND = "tests.accounts.test_tasks.RefusingBackend"
    with pytest.raises(smtplib.SMTPConnectError):
        send_email.call("accounts/email/member_approved", ["amira@example.org"], {"member_name": "A"}, MAX_ATTEMPTS)
    assert dummy_tasks.results == []


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_the_mail_task_is_written_in_the_same_transaction_as_the_change(database_tasks, alice):
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    from members import profiles
    from members.models import Member

    Member.objects.filter(pk=alice.member.pk).update(status=Member.Status.PENDING)
    with pytest.raises(RuntimeError), transaction.atomic():
        profiles.approve_member(alice.member)
        assert DBTaskResult.objects.count() == 2  # the mail, and the new profile's similar members
        raise RuntimeError("the request fails after approving")
    assert DBTaskResult.objects.count() == 0, "no mail about a change that did not happen"
    assert Member.objects.get(pk=alice.member.pk).status == Member.Status.PENDING

    profiles.approve_member(alice.member)
    [row] = DBTaskResult.objects.filter(task_path="accounts.tasks.send_email")
    assert row.args_kwargs["args"][:2] == ["accounts/email/member_approved", ["alice@example.org"]]
    assert mail.outbox == [], "the worker sends it, not the request"
