"""Dump the project's database (pg_dump custom format) while the site keeps running: `make backup`."""

from django.core.management.base import BaseCommand, CommandError

from mmin.backup import BackupError, backup


class Command(BaseCommand):
    help = (
        "Back up the project's database (DATABASE_URL or the embedded PostgreSQL) with pg_dump -Fc to "
        "backups/<database>-<UTC time>.dump, or to --output. Consistent while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("--output", help="Where to write the dump (default: backups/<database>-<UTC time>.dump).")

    def handle(self, *args, output=None, **options):
        try:
            outcome = backup(output)
        except BackupError as error:
            raise CommandError(str(error)) from error
        size = outcome.path.stat().st_size
        self.stdout.write(
            f"Backed up {outcome.database} to {outcome.path} ({size / 1_000_000:.1f} MB, {size} bytes) "
            f"in {outcome.seconds:.1f} s."
        )
