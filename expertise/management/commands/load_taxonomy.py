from django.core.management.base import BaseCommand

from expertise.taxonomy import load_taxonomy


class Command(BaseCommand):
    help = "Create or update the expertise areas listed in expertise/taxonomy.md (safe to run again)."

    def handle(self, *args, **options):
        counts = load_taxonomy()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.total} expertise areas: {counts.created} created, {counts.updated} updated, "
                f"{counts.unchanged} unchanged."
            )
        )
