"""`manage.py process_requests`: one reminder after 7 days, expiry after 30, and nothing more however often it runs."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from members.models import CollaborationRequest
from tests.members.collaboration_helpers import make_open, send


@pytest.fixture
def pending(alice, bob):
    make_open(alice, bob)
    request = send(alice, bob)
    mail.outbox.clear()
    return request


def age(request, days: float) -> None:
    CollaborationRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - timedelta(days=days))


def process() -> str:
    from io import StringIO

    out = StringIO()
    call_command("process_requests", stdout=out)
    return out.getvalue()


def test_a_fresh_request_is_left_alone(pending):
    age(pending, 6.9)
    assert "Expired 0" in process()
    assert mail.outbox == []


def test_one_reminder_after_seven_days(pending):
    age(pending, 7.1)
    assert "reminded 1" in process()
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]
    assert "Reminder" in message.subject
    pending.refresh_from_db()
    assert pending.reminded_at is not None
    assert pending.unread_by_recipient is True
    assert pending.events.filter(action="reminded").count() == 1

    assert "reminded 0" in process()
    assert len(mail.outbox) == 1, "only one reminder"


def test_expiry_after_thirty_days_tells_both_once(pending):
    age(pending, 30.1)
    assert "Expired 1" in process()
    pending.refresh_from_db()
    assert pending.state == "expired"
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]
    assert "Expired 0" in process()
    assert len(mail.outbox) == 2
    assert pending.events.filter(action="expired").count() == 1
    assert not pending.events.filter(action="reminded").exists(), "no reminder for a request it just expired"


@pytest.mark.parametrize("state", ["accepted", "declined", "withdrawn"])
def test_answered_requests_are_never_reminded_or_expired(pending, state):
    CollaborationRequest.objects.filter(pk=pending.pk).update(state=state, closed_at=timezone.now())
    age(pending, 40)
    process()
    pending.refresh_from_db()
    assert pending.state == state
    assert mail.outbox == []


def test_the_ages_are_settings(pending, settings):
    settings.COLLABORATION_REMINDER_DAYS = 1
    settings.COLLABORATION_EXPIRY_DAYS = 2
    age(pending, 1.5)
    assert "reminded 1" in process()
    age(pending, 2.5)
    assert "Expired 1" in process()
