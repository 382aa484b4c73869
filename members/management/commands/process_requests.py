"""Remind and expire unanswered collaboration requests. Safe to run as often as you like.

Schedule it once an hour (or once a day), for example with cron:
    17 * * * *  cd /srv/mmin && .venv/bin/python manage.py process_requests
or a systemd timer. Each request is reminded at most once and expired at most once, however often it runs.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from members.collaboration import expire_stale_requests, send_reminders


class Command(BaseCommand):
    help = (
        "Send one reminder for collaboration requests unanswered after COLLABORATION_REMINDER_DAYS and expire "
        "those unanswered after COLLABORATION_EXPIRY_DAYS. Idempotent."
    )

    def handle(self, *args, **options):
        expired = expire_stale_requests()
        reminded = send_reminders()
        self.stdout.write(
            f"Expired {expired} request(s) unanswered after {settings.COLLABORATION_EXPIRY_DAYS} days; "
            f"reminded {reminded} unanswered after {settings.COLLABORATION_REMINDER_DAYS} days."
        )
