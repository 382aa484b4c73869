import time

from django.core.management.base import BaseCommand

from members.demo import load_demo
from members.models import Member, MemberExpertise, SimilarMember
from members.similar import refresh_similar


class Command(BaseCommand):
    help = (
        "Load the demo network: the taxonomy, real Midlands institutions, illustrative facilities and "
        "fictional members (safe to run again)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing when the directory already has members (make run uses this).",
        )

    def handle(self, *args, if_empty=False, **options):
        if if_empty and Member.objects.exists():
            self.stdout.write("The directory already has members; the demo network was not loaded.")
            if not SimilarMember.objects.exists() and MemberExpertise.objects.exists():
                # A database from before similar members were stored: compute them once rather than wait a night.
                self.stdout.write(f"Computed the similar members of {refresh_similar()} members.")
            return
        started = time.monotonic()
        counts = load_demo()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo network loaded in {time.monotonic() - started:.1f} s: {counts.taxonomy.total} expertise areas, "
                f"{counts.institutions} institutions, {counts.units} units, {counts.facilities} facilities, "
                f"{counts.members_created + counts.members_updated + counts.members_unchanged} members "
                f"({counts.members_created} new, {counts.members_updated} updated), "
                f"{counts.expertise_links} expertise links, {counts.publications} publications."
            )
        )
