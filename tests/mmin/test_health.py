"""GET /healthz: database and task-queue health for monitors and load balancers (mmin.health)."""

from datetime import timedelta

import pytest
import time_machine
from django.db import connections
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.tasks import send_email

URL = "/healthz"


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
    settings.HEALTH_MAX_TASK_DELAY_SECONDS = 600


def queue_mail(*, run_after=None) -> DBTaskResult:
    """A mail task written by the real database backend, as the site writes it."""
    task = send_email.using(run_after=run_after) if run_after else send_email
    result = task.enqueue("accounts/email/member_approved", ["alice@example.org"], {})
    return DBTaskResult.objects.get(pk=result.id)


def test_healthy_site_answers_200_with_the_queue_figures(client, db, database_tasks, django_assert_max_num_queries):
    queue_mail()
    queue_mail(run_after=timezone.now() + timedelta(hours=1))
    with django_assert_max_num_queries(2):
        response = client.get(URL)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/json"
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"] == "ok"
    assert body["tasks"]["ready"] == 2
    assert body["tasks"]["due"] == 1, "the task with run_after in an hour is not waiting yet"
    assert 0 <= body["tasks"]["oldest_due_seconds"] < 60
    assert body["tasks"]["max_delay_seconds"] == 600


def test_empty_queue_is_healthy(client, db, database_tasks):
    response = client.get(URL)
    assert response.status_code == 200
    assert response.json()["tasks"] == {
        "ready": 0,
        "due": 0,
        "running": 0,
        "failed_last_24h": 0,
        "oldest_due_seconds": None,
        "max_delay_seconds": 600,
    }


def test_a_task_waiting_longer_than_the_threshold_means_no_worker(client, db, database_tasks):
    with time_machine.travel(timezone.now() - timedelta(minutes=11), tick=False):
        queue_mail()
    response = client.get(URL)
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "degraded"
    assert body["database"] == "ok"
    assert body["tasks"]["oldest_due_seconds"] >= 660


def test_a_retry_is_late_only_from_its_run_after(client, db, database_tasks):
    # Queued an hour ago with a back-off: it has been due for 9 minutes, not 60.
    with time_machine.travel(timezone.now() - timedelta(hours=1), tick=False):
        queue_mail(run_after=timezone.now() + timedelta(minutes=51))
    response = client.get(URL)
    assert response.status_code == 200
    assert 540 <= response.json()["tasks"]["oldest_due_seconds"] < 600

    DBTaskResult.objects.update(run_after=timezone.now() - timedelta(minutes=11))
    assert client.get(URL).status_code == 503


def test_the_threshold_comes_from_settings(client, db, database_tasks, settings):
    with time_machine.travel(timezone.now() - timedelta(minutes=2), tick=False):
        queue_mail()
    assert client.get(URL).status_code == 200
    settings.HEALTH_MAX_TASK_DELAY_SECONDS = 60
    assert client.get(URL).status_code == 503


def test_running_and_recently_failed_tasks_are_reported_but_not_unhealthy(client, db, database_tasks):
    queue_mail().claim("worker-1")
    with time_machine.travel(timezone.now() - timedelta(hours=25), tick=False):
        queue_mail().set_failed(OSError("connection refused"))
    queue_mail().set_failed(OSError("connection refused"))
    response = client.get(URL)
    assert response.status_code == 200
    tasks = response.json()["tasks"]
    assert (tasks["ready"], tasks["running"], tasks["failed_last_24h"]) == (0, 1, 1)


def test_an_unreachable_database_answers_503(client, django_db_blocker, tmp_path):
    # A real failed connection: the database's socket directory is swapped for an empty one.
    database = connections["default"]
    saved = database.settings_dict
    database.close()
    database.settings_dict = {**saved, "OPTIONS": {**saved["OPTIONS"], "host": str(tmp_path)}, "HOST": str(tmp_path)}
    try:
        with django_db_blocker.unblock():
            response = client.get(URL)
    finally:
        database.close()
        database.settings_dict = saved
    assert response.status_code == 503
    assert response.json() == {"status": "down", "database": "unreachable"}


def test_never_cached(client, db):
    response = client.get(URL)
    assert "no-store" in response.headers["Cache-Control"]
    assert "max-age=0" in response.headers["Cache-Control"]


def test_answers_plain_http_when_https_is_enforced(client, db, settings):
    # A load balancer probing over HTTP would read the redirect as a failure.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/").status_code == 301
    assert client.get(URL).status_code == 200


def test_only_reads(client, db):
    assert client.post(URL).status_code == 405
    assert client.head(URL).status_code == 200
