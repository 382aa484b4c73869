"""Drill: the task worker is killed in the middle of a task. The task runs again, or is marked failed; never lost.

django-tasks-db leaves the row of a task whose worker died RUNNING for ever (no heartbeat, no
recovery); `manage.py recover_tasks` (accounts.task_recovery) puts it back in the queue.
"""

import signal
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from accounts.task_recovery import MAX_RUNS, Recovered, WorkerLost, recover_stale_tasks
from tests.drills.processes import manage, wait_for
from tests.drills.tasks import hangs_the_first_time

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def database_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def run_worker_here() -> None:
    call_command("db_worker", batch=True, startup_delay=False, reload=False, verbosity=0)


def test_a_task_whose_worker_was_killed_runs_again(tmp_path):
    marker = tmp_path / "started"
    result = hangs_the_first_time.enqueue(str(marker))
    worker = manage("db_worker", "--no-reload", "--no-startup-delay", "--interval", "0.1", "-v", "0")
    try:
        wait_for(marker.exists, what="the worker to start the task")
    finally:
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=10)
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "RUNNING"

    run_worker_here()
    assert DBTaskResult.objects.get(pk=result.id).status == "RUNNING", "the library alone never runs it again"

    call_command("recover_tasks", older_than=0, verbosity=0)
    assert DBTaskResult.objects.get(pk=result.id).status == "READY"
    run_worker_here()
    row = DBTaskResult.objects.get(pk=result.id)
    assert (row.status, row.return_value, len(row.worker_ids)) == ("SUCCESSFUL", "finished", 2)


def running_row(*, started_minutes_ago: float, runs: int) -> DBTaskResult:
    result = hangs_the_first_time.enqueue("unused")
    DBTaskResult.objects.filter(pk=result.id).update(
        status="RUNNING",
        started_at=timezone.now() - timedelta(minutes=started_minutes_ago),
        worker_ids=[f"worker-{n}" for n in range(runs)],
    )
    return DBTaskResult.objects.get(pk=result.id)


def test_a_task_that_keeps_losing_its_worker_is_marked_failed():
    row = running_row(started_minutes_ago=60, runs=MAX_RUNS)
    assert recover_stale_tasks() == Recovered(requeued=0, failed=1)
    row.refresh_from_db()
    assert (row.status, row.exception_class_path) == ("FAILED", f"accounts.task_recovery.{WorkerLost.__name__}")
    assert row.finished_at is not None
    assert f"stopped before it finished, {MAX_RUNS} times" in row.traceback


def test_a_task_still_within_its_time_is_left_to_its_worker():
    row = running_row(started_minutes_ago=1, runs=1)
    assert recover_stale_tasks() == Recovered(requeued=0, failed=0)
    row.refresh_from_db()
    assert row.status == "RUNNING"
