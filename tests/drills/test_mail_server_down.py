"""Drill: the mail server is down. Nothing is lost: the email waits in the queue and goes out once it is back.

tests/members/test_collaboration_queue.py checks the retry rules with the worker called in-process;
this drill runs the whole path as production does: the request form, the task row written with the
request, and real `manage.py db_worker` processes sending over SMTP, first to a closed port, then to
a server (aiosmtpd) listening on it.
"""

from datetime import timedelta

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.handlers import Message
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from members.models import CollaborationRequest
from tests.drills.processes import free_port, project_env, run_worker_batch
from tests.members.collaboration_helpers import make_open

pytestmark = pytest.mark.django_db(transaction=True)


class Sink(Message):
    """The mail server, once it is back: keeps what it receives."""

    def __init__(self):
        super().__init__()
        self.received = []

    def handle_message(self, message):
        self.received.append(message)


def test_a_request_email_waits_while_smtp_is_down_and_is_delivered_when_it_is_back(client, settings, alice, bob):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    make_open(alice, bob)
    port = free_port()  # nothing listens here yet: the mail server is down
    smtp_env = project_env(EMAIL_HOST="127.0.0.1", EMAIL_PORT=str(port), EMAIL_USE_TLS="false", EMAIL_TIMEOUT="5")

    client.force_login(alice)
    form = {"kind": "clinical", "subject": "Lesions in MS", "question": "Could you quantify them?"}
    response = client.post(reverse("members:request-new", args=[bob.member.slug]), form)
    assert response.status_code == 302
    request = CollaborationRequest.objects.get()
    assert DBTaskResult.objects.filter(status="READY").count() == 1

    run_worker_batch(smtp_env)
    [waiting] = DBTaskResult.objects.filter(status="READY")
    assert waiting.run_after > timezone.now(), "tried again later, with a back-off"
    assert waiting.args_kwargs["args"][1] == ["bob@example.org"]
    assert waiting.args_kwargs["args"][-1] == 2, "the second attempt"

    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        # The back-off has passed.
        DBTaskResult.objects.filter(pk=waiting.pk).update(run_after=timezone.now() - timedelta(seconds=1))
        run_worker_batch(smtp_env)
    finally:
        controller.stop()

    [message] = sink.received
    assert message["To"] == "bob@example.org"
    assert "Lesions in MS" in " ".join(str(message["Subject"]).split())
    assert request.get_absolute_url() in message.get_payload(decode=True).decode()
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
