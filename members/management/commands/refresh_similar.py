"""Compute every profile's similar members again (members.similar). Safe to repeat; the site stays up meanwhile.

A member's own list is refreshed by a queued task when their expertise changes; everyone else's weights
and neighbours drift as the network grows, so schedule this nightly, for example with cron:
    0 4 * * *  cd /srv/mmin && .venv/bin/python manage.py refresh_similar
"""

import time

from django.core.management.base import BaseCommand

from members.similar import refresh_similar


class Command(BaseCommand):
    help = "Compute and store the similar members of every active member with expertise (nightly)."

    def add_arguments(self, parser):
        parser.add_argument("members", nargs="*", type=int, help="Member ids to refresh (default: everyone).")

    def handle(self, *args, members: list[int], **options):
        started = time.perf_counter()
        written = refresh_similar(members or None)
        self.stdout.write(f"Wrote the similar members of {written} member(s) in {time.perf_counter() - started:.1f} s.")
