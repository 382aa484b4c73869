"""Restore a dump made by backup_db into a fresh database: `make restore BACKUP_FILE=...`."""

import os

from django.core.management.base import BaseCommand, CommandError

from mmin.backup import BackupError, restore


class Command(BaseCommand):
    help = (
        "Restore a backup_db dump with pg_restore into a fresh database (--into, default the project's own), "
        "creating it. A database that already has tables is only replaced with --force."
    )

    def add_arguments(self, parser):
        parser.add_argument("backup_file", help="A dump written by backup_db (pg_dump -Fc).")
        parser.add_argument("--into", help="The database to restore into (default: the project's database).")
        parser.add_argument(
            "--force", action="store_true", help="Drop and recreate the database if it already has tables."
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=min(4, os.cpu_count() or 1),
            help="Parallel pg_restore jobs (default: the number of cores, at most 4).",
        )

    def handle(self, *args, backup_file, into=None, force=False, jobs=1, **options):
        try:
            outcome = restore(backup_file, into=into, force=force, jobs=jobs)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {outcome.path} into {outcome.database} in {outcome.seconds:.1f} s.")
