"""Two people act on one request at the same moment: exactly one transition wins, every time.

Each race runs MMIN_RACE_TRIALS times (default 100; CI may set fewer). Two long-lived worker
threads, each with its own database connection, meet at a barrier and then call the services;
the same request row is put back to pending between trials.
"""

import os
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection

from members import collaboration
from members.collaboration import RequestError
from members.models import CollaborationRequest, RequestEvent
from tests.members.collaboration_helpers import make_open, send

TRIALS = int(os.environ.get("MMIN_RACE_TRIALS", "100"))
State = CollaborationRequest.State


@pytest.fixture
def race(transactional_db, settings, alice, bob):
    """(request, run): `run(first, second)` races two callables TRIALS times and yields their outcomes."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    make_open(alice, bob)
    request = send(alice, bob)
    pool = ThreadPoolExecutor(max_workers=2)
    barrier = threading.Barrier(2, timeout=10)

    def attempt(action):
        barrier.wait()
        try:
            result = action()
        except RequestError:
            return "refused"
        return "ok" if result is not False else "refused"

    def run(first, second):
        for _trial in range(TRIALS):
            reset(request)
            outcomes = [
                future.result(timeout=30) for future in (pool.submit(attempt, first), pool.submit(attempt, second))
            ]
            yield outcomes, CollaborationRequest.objects.get(pk=request.pk)

    yield request, run

    def close():
        barrier.wait()
        connection.close()

    for future in [pool.submit(close), pool.submit(close)]:
        future.result(timeout=30)
    pool.shutdown()


def reset(request: CollaborationRequest) -> None:
    CollaborationRequest.objects.filter(pk=request.pk).update(
        state=State.PENDING, closed_at=None, answered_at=None, decline_reason="", response_note=""
    )
    RequestEvent.objects.filter(request=request).exclude(action="sent").delete()


def _closing_events(request) -> list[str]:
    return list(RequestEvent.objects.filter(request=request).exclude(action="sent").values_list("action", flat=True))


def test_accept_against_withdraw(race, alice, bob):
    request, run = race
    winners = set()
    for outcomes, after in run(
        lambda: collaboration.accept_request(request, by=bob), lambda: collaboration.withdraw_request(request, by=alice)
    ):
        assert sorted(outcomes) == ["ok", "refused"]
        expected = State.ACCEPTED if outcomes[0] == "ok" else State.WITHDRAWN
        assert after.state == expected
        assert _closing_events(request) == [expected]
        winners.add(expected)
    assert winners <= {State.ACCEPTED, State.WITHDRAWN}


def test_accept_against_decline(race, bob):
    request, run = race
    for outcomes, after in run(
        lambda: collaboration.accept_request(request, by=bob), lambda: collaboration.decline_request(request, by=bob)
    ):
        assert sorted(outcomes) == ["ok", "refused"]
        expected = State.ACCEPTED if outcomes[0] == "ok" else State.DECLINED
        assert after.state == expected
        assert _closing_events(request) == [expected]


def test_two_accepts(race, bob):
    request, run = race
    for outcomes, after in run(
        lambda: collaboration.accept_request(request, by=bob), lambda: collaboration.accept_request(request, by=bob)
    ):
        assert sorted(outcomes) == ["ok", "refused"]
        assert after.state == State.ACCEPTED
        assert _closing_events(request) == ["accepted"]


def test_expire_against_accept(race, bob):
    request, run = race
    for outcomes, after in run(
        lambda: collaboration.expire_request(request), lambda: collaboration.accept_request(request, by=bob)
    ):
        assert sorted(outcomes) == ["ok", "refused"]
        expected = State.EXPIRED if outcomes[0] == "ok" else State.ACCEPTED
        assert after.state == expected
        assert _closing_events(request) == [expected]


def test_two_tabs_sending_the_same_request(transactional_db, settings, alice, bob, charlie):
    """The second of two simultaneous sends to one person is refused, not a second pending request or a 500."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    settings.COLLABORATION_REQUESTS_PER_HOUR = settings.COLLABORATION_REQUESTS_PER_DAY = 10_000
    make_open(alice, bob)
    barrier = threading.Barrier(2, timeout=10)

    def attempt():
        barrier.wait()
        try:
            send(alice, bob)
        except RequestError:
            return "refused"
        finally:
            connection.close()
        return "ok"

    for _trial in range(max(TRIALS // 5, 1)):
        with ThreadPoolExecutor(max_workers=2) as pool:
            outcomes = sorted(future.result(timeout=30) for future in [pool.submit(attempt), pool.submit(attempt)])
        assert outcomes == ["ok", "refused"]
        assert CollaborationRequest.objects.filter(state=State.PENDING).count() == 1
        CollaborationRequest.objects.update(state=State.WITHDRAWN, closed_at="2020-01-01T00:00Z")
