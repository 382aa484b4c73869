"""Tasks whose worker died: run them again, or fail them visibly. Run by `manage.py recover_tasks`.

django-tasks-db 0.13 marks a task RUNNING when a worker claims it and finished when it ends; it has
no heartbeat and never looks at a RUNNING row again. A worker killed mid-task (SIGKILL, out of
memory, the host going down) therefore leaves the row RUNNING forever and its email unsent.

A task that has been RUNNING longer than STALE_AFTER is taken to have lost its worker: no email
task runs that long (each SMTP step gives up after EMAIL_TIMEOUT). It goes back to READY, and a
worker runs it again. Each claim appends the worker's id to the row, so the row counts its own
runs: after MAX_RUNS it is marked FAILED instead, so a task that kills its worker cannot kill
every worker in turn, and the failure shows in the task admin.

Running a task again may repeat what its worker did before dying: an email may go out twice.
The directory prefers that to an email that is silently never sent.
"""

import logging
from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
MAX_RUNS = 3


class WorkerLost(Exception):
    """Recorded on a task that was still RUNNING when its worker died, too often to try again."""


@dataclass(frozen=True)
class Recovered:
    requeued: int
    failed: int


def recover_stale_tasks(*, stale_after: timedelta = STALE_AFTER, max_runs: int = MAX_RUNS) -> Recovered:
    """Put tasks RUNNING for longer than `stale_after` back in the queue, or fail those already run `max_runs` times."""
    now = timezone.now()
    requeued = failed = 0
    for row in DBTaskResult.objects.running().filter(started_at__lt=now - stale_after):
        # Only if nothing touched the row since it was read: a worker that finished just now wins.
        unchanged = DBTaskResult.objects.filter(pk=row.pk, status=TaskResultStatus.RUNNING, started_at=row.started_at)
        runs = len(row.worker_ids)
        if runs >= max_runs:
            message = f"The worker running this task stopped before it finished, {runs} times; not run again.\n"
            if unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=message,
            ):
                failed += 1
                logger.error("Task %s (%s) lost its worker %d times; marked failed", row.pk, row.task_path, runs)
        elif unchanged.update(status=TaskResultStatus.READY):
            requeued += 1
            logger.warning("Task %s (%s) lost its worker (run %d); queued again", row.pk, row.task_path, runs)
    return Recovered(requeued, failed)
