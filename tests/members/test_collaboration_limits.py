"""Anti-abuse limits on new requests, counted in the database: per hour, per day, and pending at once."""

from datetime import timedelta

import pytest
from django.utils import timezone

from members import collaboration
from members.collaboration import RequestError
from members.models import CollaborationRequest
from tests.factories import MemberFactory
from tests.members.collaboration_helpers import make_open

State = CollaborationRequest.State


@pytest.fixture
def sender(alice):
    make_open(alice)
    return alice.member


@pytest.fixture
def someone():
    counter = iter(range(1000))

    def make():
        return MemberFactory(open_to=["clinical"], email=f"person{next(counter)}@example.org")

    return make


def ask(sender, recipient):
    return collaboration.send_request(sender, recipient=recipient, kind="methods", subject="Help", message="Please")


def age(requests, delta: timedelta) -> None:
    CollaborationRequest.objects.filter(pk__in=[r.pk for r in requests]).update(created_at=timezone.now() - delta)


def test_three_requests_an_hour(sender, someone):
    for _n in range(3):
        ask(sender, someone())
    with pytest.raises(RequestError, match="You can send at most 3 requests an hour."):
        ask(sender, someone())
    assert CollaborationRequest.objects.count() == 3


def test_the_hourly_limit_counts_withdrawn_requests_too(sender, someone, alice):
    for _n in range(3):
        collaboration.withdraw_request(ask(sender, someone()), by=alice)
    with pytest.raises(RequestError, match="an hour"):
        ask(sender, someone())


def test_an_hour_later_more_may_be_sent(sender, someone):
    age([ask(sender, someone()) for _n in range(3)], timedelta(minutes=61))
    ask(sender, someone())


def test_ten_requests_a_day(sender, someone):
    for hours in range(2, 12):  # ten requests, each in an earlier hour of the day
        age([ask(sender, someone())], timedelta(hours=hours))
    with pytest.raises(RequestError, match="You can send at most 10 requests a day. Please try again tomorrow."):
        ask(sender, someone())
    age(CollaborationRequest.objects.all(), timedelta(hours=25))
    ask(sender, someone())


def test_twenty_pending_at_once(sender, someone, settings):
    settings.COLLABORATION_REQUESTS_PER_DAY = 1000
    for _n in range(20):
        age([ask(sender, someone())], timedelta(days=2))
    with pytest.raises(RequestError, match="You have 20 requests waiting for an answer"):
        ask(sender, someone())
    first = CollaborationRequest.objects.order_by("pk").first()
    collaboration.withdraw_request(first, by=sender.user)
    ask(sender, someone())


def test_the_limits_are_settings(sender, someone, settings):
    settings.COLLABORATION_REQUESTS_PER_HOUR = 1
    ask(sender, someone())
    with pytest.raises(RequestError, match="at most 1 requests an hour"):
        ask(sender, someone())


def test_limits_are_per_sender(sender, someone, bob):
    make_open(bob)
    for _n in range(3):
        ask(sender, someone())
    ask(bob.member, someone())
