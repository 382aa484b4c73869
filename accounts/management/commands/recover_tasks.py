"""Run again (or fail) tasks left RUNNING by a worker that died (accounts.task_recovery). Safe to repeat.

Schedule it beside the worker, for example every ten minutes with cron:
    */10 * * * *  cd /srv/mmin && .venv/bin/python manage.py recover_tasks
"""

from datetime import timedelta

from django.core.management.base import BaseCommand

from accounts.task_recovery import MAX_RUNS, STALE_AFTER, recover_stale_tasks


class Command(BaseCommand):
    help = (
        "Queue again the tasks RUNNING for longer than --older-than minutes (their worker died), or mark them "
        "failed once they have been started --max-runs times. Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--older-than",
            type=float,
            default=STALE_AFTER.total_seconds() / 60,
            help="Minutes a task may run before its worker is taken to be gone (default: %(default)g).",
        )
        parser.add_argument(
            "--max-runs", type=int, default=MAX_RUNS, help="Starts after which it is failed (default: %(default)d)."
        )

    def handle(self, *args, older_than: float, max_runs: int, **options):
        recovered = recover_stale_tasks(stale_after=timedelta(minutes=older_than), max_runs=max_runs)
        self.stdout.write(
            f"Queued again {recovered.requeued} task(s) whose worker stopped; marked {recovered.failed} failed."
        )
