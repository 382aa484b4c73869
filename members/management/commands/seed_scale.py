"""Fill a separate database with a large synthetic network, to measure search at scale.

    MMIN_DATABASE_NAME=mmin_scale python manage.py migrate
    MMIN_DATABASE_NAME=mmin_scale python manage.py seed_scale --members 100000 --publications 1000000

(`make scale` does both.) Rows are written with COPY; the search documents are
built afterwards in one statement, as a re-index would be in production.
"""

import io
import random
import time

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify

from expertise.models import ExpertiseArea, Facet
from institutions.models import Unit
from members.demo_data import FIRST_NAMES, LAST_NAMES
from members.models import Member
from members.search import refresh_search_vectors
from members.similar import refresh_similar

PROTECTED_DATABASES = {"mmin"}

BIO_OPENINGS = (
    "{name} works on {a} with a particular interest in {b}.",
    "{name}'s research applies {a} to questions in {b}.",
    "Trained in {c}, {name} now leads projects that combine {a} and {b}.",
    "{name} develops methods for {a}, mostly for studies of {b}.",
    "As a {job}, {name} runs studies using {a}.",
)
BIO_MIDDLES = (
    "Current projects include a {design} study of {b} at {unit}.",
    "The group shares its pipelines openly and works closely with clinical colleagues on {b}.",
    "Recent work compared {a} with {c} in a {design} cohort.",
    "They collaborate across the Midlands on {a} protocols and data sharing.",
    "Much of the work involves {c}, from acquisition to analysis.",
    "They are interested in making {a} faster, cheaper and more reproducible.",
)
BIO_CLOSINGS = (
    "Happy to talk to anyone with a clinical question about {b}.",
    "Open to co-supervising students interested in {a}.",
    "Keen to hear from industry partners working on {c}.",
    "",
)
TITLE_TEMPLATES = (
    "{a} in {b}: a {design} study",
    "Reproducibility of {a} measures in {b}",
    "Towards clinical {a}: lessons from {b}",
    "{c} for {a}: methods and validation",
    "Mapping {b} with {a} and {c}",
    "A {design} comparison of {a} and {c}",
    "Automated {c} of {a} data in {b}",
)
DESIGNS = ("cross-sectional", "longitudinal", "multi-centre", "pilot", "case-control", "prospective")
VENUES = (
    "NeuroImage",
    "Magnetic Resonance in Medicine",
    "Brain",
    "Radiology",
    "Medical Image Analysis",
    "Human Brain Mapping",
    "Journal of Neuroscience",
    "Epilepsia",
    "Imaging Neuroscience",
    "NMR in Biomedicine",
)
JOBS = (
    ("researcher", "doctoral", "PhD student"),
    ("researcher", "early", "Research Fellow"),
    ("researcher", "mid", "Associate Professor"),
    ("researcher", "senior", "Professor"),
    ("clinician", "mid", "Consultant Radiologist"),
    ("clinician", "senior", "Consultant Neurologist"),
    ("physicist", "early", "MR Physicist"),
    ("physicist", "mid", "Principal Clinical Scientist"),
    ("student", "doctoral", "Doctoral Researcher"),
    ("industry", "mid", "Imaging Scientist"),
)
OPEN_TO = [choice for choice, _label in Member.OpenTo.choices]
MEMBER_COLUMNS = (
    "id",
    "full_name",
    "slug",
    "title",
    "job_title",
    "role",
    "career_stage",
    "institution_id",
    "unit_id",
    "biography",
    "research_interests",
    "orcid",
    "website",
    "photo",
    "photo_thumbnail",
    "open_to",
    "capacity",
    "email",
    "email_visibility",
    "phone",
    "phone_visibility",
    "profile_visibility",
    "status",
    "created_at",
    "updated_at",
)


def _copy(table: str, columns, rows) -> None:
    """Stream rows into a table with COPY (tab-separated; values contain no tabs or newlines)."""
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if value is None else str(value) for value in row))
        buffer.write("\n")
    buffer.seek(0)
    with connection.cursor() as cursor:
        cursor.copy_expert(f"COPY {table} ({', '.join(columns)}) FROM STDIN", buffer)


class Command(BaseCommand):
    help = "Add a large synthetic network to a separate database (never the demo database) to benchmark search."

    def add_arguments(self, parser):
        parser.add_argument("--members", type=int, default=100_000)
        parser.add_argument("--publications", type=int, default=1_000_000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, members: int, publications: int, seed: int, **options):
        database = connection.settings_dict["NAME"]
        if database in PROTECTED_DATABASES:
            raise CommandError(
                f"Refusing to fill {database!r}: set MMIN_DATABASE_NAME=mmin_scale (or a DATABASE_URL for another "
                "database) so the demo network stays intact. `make scale` does this."
            )
        started = time.perf_counter()
        with connection.cursor() as cursor:
            # A dedicated database: start from the demo network each time, so runs are repeatable.
            cursor.execute(
                "TRUNCATE members_member, institutions_facility_responsible_members RESTART IDENTITY CASCADE"
            )
        call_command("load_demo", stdout=io.StringIO())  # institutions, units, the taxonomy and facilities
        self.rng = random.Random(seed)
        self.areas = list(ExpertiseArea.objects.values_list("pk", "name", "aliases", "facet"))
        # A few areas are common and most are rare, as in a real network.
        self.area_weights = [1 / (rank + 1) ** 0.8 for rank in range(len(self.areas))]
        self.rng.shuffle(self.area_weights)
        self.units = list(Unit.objects.values_list("pk", "institution_id", "name"))
        with transaction.atomic():
            first_id = self._insert_members(members)
            self._insert_publications(first_id, members, publications)
        self.stdout.write(f"rows written in {time.perf_counter() - started:.0f} s; building search documents…")
        refresh_search_vectors()
        self.stdout.write(f"search documents written after {time.perf_counter() - started:.0f} s; similar members…")
        refresh_similar()
        with connection.cursor() as cursor:
            # Writing the search documents left a dead version of every member row; a live database's
            # autovacuum clears them soon after, and until then every search reads both versions.
            cursor.execute("VACUUM ANALYZE")
        self.stdout.write(
            self.style.SUCCESS(
                f"{Member.objects.count()} members in {database!r} after {time.perf_counter() - started:.0f} s."
            )
        )

    def _pick_areas(self):
        count = self.rng.randint(2, 6)
        chosen = {}
        while len(chosen) < count:
            area = self.rng.choices(self.areas, weights=self.area_weights)[0]
            chosen[area[0]] = area
        return list(chosen.values())

    def _phrase(self, area) -> str:
        _pk, name, aliases, _facet = area
        return self.rng.choice([name, name, *aliases]) if aliases else name

    def _insert_members(self, count: int) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COALESCE(MAX(id), 0) + 1 FROM members_member")
            first_id = cursor.fetchone()[0]
        now = timezone.now()
        members, links = [], []
        for member_id in range(first_id, first_id + count):
            rng = self.rng
            name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            role, stage, job = rng.choice(JOBS)
            unit_id, institution_id, unit_name = rng.choice(self.units)
            areas = self._pick_areas()
            applications = [a for a in areas if a[3] == Facet.APPLICATION] or areas
            a, b, c = self._phrase(areas[0]), self._phrase(rng.choice(applications)), self._phrase(areas[-1])
            words = {
                "name": name.split()[0],
                "a": a,
                "b": b,
                "c": c,
                "job": job.lower(),
                "unit": unit_name,
                "design": rng.choice(DESIGNS),
            }
            biography = " ".join(
                part.format(**words)
                for part in (rng.choice(BIO_OPENINGS), rng.choice(BIO_MIDDLES), rng.choice(BIO_CLOSINGS))
                if part
            )
            interests = "; ".join(self._phrase(area) for area in areas)
            updated = now - timezone.timedelta(days=rng.randint(0, 900))
            members.append(
                (
                    member_id,
                    name,
                    f"{slugify(name)}-{member_id}",
                    "Dr" if stage in ("mid", "senior") else "",
                    job,
                    role,
                    stage,
                    institution_id,
                    unit_id,
                    biography,
                    interests,
                    "",
                    "",
                    "",
                    "",
                    "{" + ",".join(rng.sample(OPEN_TO, rng.randint(0, 3))) + "}",
                    rng.choice(["open", "limited", "none"]),
                    f"member{member_id}@scale.mmin.example",
                    "members",
                    "",
                    "nobody",
                    "public" if rng.random() < 0.95 else "members",
                    "active",
                    updated,
                    updated,
                )
            )
            for position, area in enumerate(areas):
                links.append((member_id, area[0], "primary" if position < 2 else "secondary"))
        _copy("members_member", MEMBER_COLUMNS, members)
        _copy("members_memberexpertise", ("member_id", "area_id", "emphasis"), links)
        with connection.cursor() as cursor:
            cursor.execute("SELECT setval(pg_get_serial_sequence('members_member', 'id'), MAX(id)) FROM members_member")
        self.stdout.write(f"{count} members, {len(links)} expertise links")
        return first_id

    def _insert_publications(self, first_id: int, members: int, count: int) -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT link.member_id, array_agg(link.area_id) FROM members_memberexpertise link "
                "WHERE link.member_id >= %s GROUP BY link.member_id",
                [first_id],
            )
            areas_of = dict(cursor.fetchall())
        by_id = {area[0]: area for area in self.areas}
        rng = self.rng
        rows = []
        for number in range(count):
            member_id = first_id + rng.randrange(members)
            areas = [by_id[pk] for pk in areas_of[member_id]]
            words = {
                "a": self._phrase(rng.choice(areas)),
                "b": self._phrase(rng.choice(areas)),
                "c": self._phrase(rng.choice(areas)),
                "design": rng.choice(DESIGNS),
            }
            title = rng.choice(TITLE_TEMPLATES).format(**words)
            rows.append(
                (
                    member_id,
                    title[0].upper() + title[1:],
                    rng.randint(2005, 2026),
                    rng.choice(VENUES),
                    f"10.5555/mmin.scale.{number}",
                    "",
                )
            )
        _copy("members_publication", ("member_id", "title", "year", "venue", "doi", "url"), rows)
        self.stdout.write(f"{count} publications")
