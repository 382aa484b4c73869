"""Apply the data-retention rules (accounts.retention). Safe to repeat: run it once a day, for example with cron:
    30 3 * * *  cd /srv/mmin && .venv/bin/python manage.py apply_retention

--dry-run prints the same counts and changes nothing: no row, no email.
"""

from django.core.management.base import BaseCommand

from accounts.retention import apply_retention


class Command(BaseCommand):
    help = (
        "Erase the texts of collaboration requests closed RETENTION_REQUEST_MESSAGES_DAYS ago; delete sign-in "
        "records older than RETENTION_LOGIN_ATTEMPTS_DAYS and finished tasks older than "
        "RETENTION_FINISHED_TASKS_DAYS; warn accounts unused for RETENTION_UNUSED_ACCOUNT_DAYS and deactivate them "
        "RETENTION_UNUSED_ACCOUNT_GRACE_DAYS later (never staff). Idempotent."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count what would change; change nothing.")

    def handle(self, *args, dry_run: bool, **options):
        if dry_run:
            self.stdout.write("Dry run: nothing is changed and no email is sent. A real run would do this:")
        for outcome in apply_retention(dry_run=dry_run):
            self.stdout.write(f"{outcome.count:>6}  {outcome.what} ({outcome.scope})")
