"""Request notifications go through the durable queue: written with the change, sent by the worker,
retried while the mail server is down and delivered once it is back."""

import socket
from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.core import mail
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tasks import MAX_ATTEMPTS
from members import collaboration
from members.models import CollaborationRequest
from tests.members.collaboration_helpers import make_open, send


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def pair(alice, bob, database_tasks):
    make_open(alice, bob)
    return alice, bob


def run_worker() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def make_due() -> None:
    """Pretend the back-off has passed: every waiting attempt may run now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now() - timedelta(seconds=1))


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_notification_is_queued_in_the_same_transaction(pair):
    alice, bob = pair
    with pytest.raises(RuntimeError), transaction.atomic():
        send(alice, bob)
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError("the page fails after sending")
    assert not CollaborationRequest.objects.exists()
    assert DBTaskResult.objects.count() == 0, "no mail about a request that was never made"

    send(alice, bob)
    [row] = DBTaskResult.objects.all()
    assert row.args_kwargs["args"][:2] == ["members/requests/email/request_received", ["bob@example.org"]]
    assert mail.outbox == [], "the worker sends it, not the request"


@pytest.fixture
def worker_db(transactional_db):
    """The worker closes its connection between tasks, which a test wrapped in a transaction cannot survive."""


def test_the_worker_sends_it(worker_db, pair):
    alice, bob = pair
    request = send(alice, bob, subject="Lesions in MS")
    run_worker()
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]
    assert message.subject == "[MMIN Directory] Collaboration request from Dr Alice Moreno: Lesions in MS"
    assert request.get_absolute_url() in message.body
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


class Sink(Message):
    """A local SMTP server that keeps what it receives."""

    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


@pytest.fixture
def smtp(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_TIMEOUT = 5
    return settings.EMAIL_PORT


def test_retried_while_the_mail_server_is_down_and_delivered_when_it_is_back(worker_db, pair, smtp):
    alice, bob = pair
    collaboration.accept_request(send(alice, bob), by=bob)  # two notifications: to bob, then to alice

    run_worker()  # nothing listens on the port yet
    waiting = DBTaskResult.objects.filter(status="READY")
    assert waiting.count() == 2
    assert all(row.run_after > timezone.now() for row in waiting), "retried later, with a back-off"
    assert {row.args_kwargs["args"][-1] for row in waiting} == {2}

    run_worker()
    assert DBTaskResult.objects.filter(status="READY").count() == 2, "not before the back-off has passed"

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=smtp)
    controller.start()
    try:
        make_due()
        run_worker()
    finally:
        controller.stop()
    assert sorted(message["To"] for message in sink.received) == ["alice@example.org", "bob@example.org"]
    subjects = sorted(" ".join(str(message["Subject"]).split()) for message in sink.received)  # unfolded
    assert subjects == [
        "[MMIN Directory] Collaboration request from Dr Alice Moreno: Lesions in MS",
        "[MMIN Directory] Dr Bob Achterberg accepted your request: Lesions in MS",
    ]
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_after_the_last_attempt_the_failure_is_visible(worker_db, pair, smtp):
    alice, bob = pair
    send(alice, bob)
    for _attempt in range(MAX_ATTEMPTS):
        make_due()
        run_worker()
    assert not DBTaskResult.objects.filter(status="READY").exists()
    [failed] = DBTaskResult.objects.filter(status="FAILED")
    assert failed.args_kwargs["args"][-1] == MAX_ATTEMPTS
    assert failed.args_kwargs["args"][1] == ["bob@example.org"]
