"""The demo network: real institutions, illustrative facilities and fictional people.

`generate_people()` is a pure function of a fixed seed, so every run yields the same people with the
same slugs; `load_demo()` writes them, matching earlier demo rows by slug, which makes it safe to run
again. The tables it reads are in members/demo_data.py.
"""

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from typing import NamedTuple

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from expertise.models import ExpertiseArea, Facet
from expertise.taxonomy import LoadCounts, load_taxonomy, read_taxonomy
from institutions.models import Facility, Institution, Unit
from members import demo_data as data
from members.models import Member, MemberExpertise, Publication, Visibility
from members.search import refresh_search_vectors
from members.similar import refresh_similar
from members.validators import orcid_check_digit

SEED = 2026
EMAIL_DOMAIN = "demo.mmin.example"
# 10.5555 is Crossref's test prefix: these DOIs can never resolve to a real paper.
DOI_PREFIX = "10.5555/mmin.demo."
CHANGE_REASON = "Demo network loaded"
AVAILABILITY_WINDOW_DAYS = 548  # availability confirmed within the last 18 months

PRIMARY = MemberExpertise.Emphasis.PRIMARY
SECONDARY = MemberExpertise.Emphasis.SECONDARY
ESTABLISHED = (Member.CareerStage.SENIOR, Member.CareerStage.MID)  # stages that lead groups and run facilities

# Letters that Unicode does not decompose into an ASCII base letter.
_TRANSLITERATE = str.maketrans({"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "ß": "ss", "ı": "i", "Æ": "AE", "æ": "ae"})


@dataclass
class Person:
    """One generated member, before it becomes a Member row."""

    slug: str
    full_name: str
    first_name: str
    last_name: str
    title: str
    job_title: str
    role: str
    career_stage: str
    institution: str  # slug
    unit: str | None  # name of a unit of that institution
    archetype: str
    areas: list[tuple[str, str]]  # (expertise area name, emphasis)
    email: str
    biography: str = ""
    research_interests: str = ""
    publications: list[tuple[str, int, str]] = field(default_factory=list)  # (title, year, venue)
    orcid: str = ""
    email_visibility: str = Visibility.MEMBERS
    phone: str = ""
    phone_visibility: str = Visibility.NOBODY
    open_to: list[str] = field(default_factory=list)
    capacity: str = Member.Capacity.OPEN
    confirmed_ago: timedelta | None = None  # before today's midnight, so reruns on one day write the same value
    profile_visibility: str = Member.ProfileVisibility.PUBLIC
    status: str = Member.Status.ACTIVE


class DemoNetwork(NamedTuple):
    people: list[Person]
    responsible: dict[str, list[str]]  # facility slug -> slugs of the people who run it


class DemoCounts(NamedTuple):
    taxonomy: LoadCounts
    institutions: int
    units: int
    facilities: int
    members_created: int
    members_updated: int
    members_unchanged: int
    expertise_links: int
    publications: int


def ascii_fold(text: str) -> str:
    """'Łukasz Ó Briain' -> 'Lukasz O Briain': for e-mail addresses and slugs."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATE))
    return decomposed.encode("ascii", "ignore").decode("ascii")


def demo_email(first_name: str, last_name: str) -> str:
    def part(name):
        return re.sub(r"[^a-z0-9-]", "", ascii_fold(name).lower())

    return f"{part(first_name)}.{part(last_name)}@{EMAIL_DOMAIN}"


def random_orcid(rng: random.Random) -> str:
    """A well-formed iD outside the blocks ORCID issues (0000-, 0009-), so it never names a real person."""
    digits = str(rng.randint(1000, 8999)) + "".join(str(rng.randrange(10)) for _ in range(11))
    digits += orcid_check_digit(digits)
    return "-".join(digits[i : i + 4] for i in range(0, 16, 4))


def generate_people(reserved_slugs=frozenset()) -> DemoNetwork:
    """The fictional members of the demo network, the same on every run (`reserved_slugs` are taken by others)."""
    rng = random.Random(SEED)
    facets = {node.name: node.facet for node in read_taxonomy()}
    # Where a group runs a facility, its first member leads it, so someone senior can be responsible.
    runs_facility = {(facility.institution, key) for facility in data.FACILITIES for key in facility.archetypes}
    slots = [
        (inst, key, index == 0 and (inst.slug, key) in runs_facility)
        for inst in data.INSTITUTIONS
        for key, count in inst.staff.items()
        for index in range(count)
    ]
    names = _names(rng, len(slots))
    taken_slugs, taken_emails, taken_titles = set(reserved_slugs), set(), set()
    people = []
    for (inst, key, is_lead), (first, last) in zip(slots, names, strict=True):
        person = _person(rng, inst, key, is_lead, first, last, facets, taken_titles)
        person.slug = _unique(slugify(ascii_fold(person.full_name)), taken_slugs, "-")
        person.email = _unique_email(person.email, taken_emails)
        people.append(person)
    responsible = _assign_facilities(rng, people)
    _add_contact_details(rng, people)
    _mark_a_few_unlisted(rng, people, set().union(*responsible.values()))
    return DemoNetwork(people, responsible)


def _names(rng, count):
    """Distinct (first, last) pairs; the showcase names with accents come first."""
    pairs = list(data.SHOWCASE_NAMES)
    seen = set(pairs)
    while len(pairs) < count:
        pair = (rng.choice(data.FIRST_NAMES), rng.choice(data.LAST_NAMES))
        if pair not in seen and pair[0] != pair[1]:
            seen.add(pair)
            pairs.append(pair)
    return pairs


def _unique(base, taken, separator):
    candidate, number = base, 2
    while candidate in taken:
        candidate, number = f"{base}{separator}{number}", number + 1
    taken.add(candidate)
    return candidate


def _unique_email(email, taken):
    local, domain = email.split("@")
    return f"{_unique(local, taken, '')}@{domain}"


def _person(rng, inst, key, is_lead, first, last, facets, taken_titles) -> Person:
    archetype = data.ARCHETYPES[key]
    posts = archetype.jobs[inst.kind]
    stage = _career_stage(rng, inst.kind, posts, is_lead)
    job = rng.choice(posts[stage])
    title = _honorific(rng, job, stage)
    units = [unit for unit in inst.units if key in unit.archetypes]
    # Most people name their unit; a few leave it blank, as real profiles do.
    unit = rng.choice(units) if units and (is_lead or rng.random() > 0.08) else None
    person = Person(
        slug="",
        full_name=f"{first} {last}",
        first_name=first,
        last_name=last,
        title=title,
        job_title=job.title,
        role=job.role,
        career_stage=stage,
        institution=inst.slug,
        unit=unit.name if unit else None,
        archetype=key,
        areas=_pick_areas(rng, archetype, clinical=job.role == Member.Role.CLINICIAN),
        email=demo_email(first, last),
    )
    words = _Words(rng, person, archetype, facets)
    voice = _voice(job, title)
    person.biography = _biography(rng, person, archetype, inst, unit, voice, words)
    person.research_interests = _interests(rng, words)
    person.publications = _publications(rng, person, archetype, voice, words, taken_titles)
    return person


def _career_stage(rng, kind, posts, is_lead):
    if is_lead:
        stages = [stage for stage in ESTABLISHED if stage in posts]
    else:
        stages = [stage for stage in data.STAGE_WEIGHTS[kind] if stage in posts]
    weights = [data.STAGE_WEIGHTS[kind][stage] for stage in stages]
    return rng.choices(stages, weights)[0]


def _honorific(rng, job, stage):
    if job.honorific == "Dr?":
        return "Dr" if rng.random() < 0.5 else ""
    if job.honorific is not None:
        return job.honorific
    if job.title.startswith("Professor") or " Honorary Professor" in job.title:
        return "Prof"
    return "" if stage == Member.CareerStage.DOCTORAL else "Dr"


def _voice(job, title):
    """Which kind of career story and closing sentence fit this person."""
    if job.background:
        return job.background
    if job.role == Member.Role.INDUSTRY:
        return "industry"
    if job.role == Member.Role.CLINICIAN or (job.role == Member.Role.STUDENT and job.honorific == "Dr"):
        return "clinical" if title else "allied"
    return "student" if job.role == Member.Role.STUDENT else "academic"


def _pick_areas(rng, archetype, *, clinical):
    """2-6 areas: one or two primary ones from the core, an application or two, and secondary methods."""
    target = rng.choice((2, 3, 3, 4, 4, 5, 5, 6))
    primary = rng.sample(archetype.core, rng.choice((1, 2, 2)))
    applications = [name for name in archetype.applications if name not in primary]
    chosen_applications = rng.sample(applications, min(len(applications), 1 if target < 5 else 2))
    pool = [name for name in archetype.core + archetype.related if name not in primary + chosen_applications]
    secondary = rng.sample(pool, max(0, target - len(primary) - len(chosen_applications)))
    areas = [(name, PRIMARY) for name in primary]
    # Clinicians are found by the conditions they treat, so that is their primary expertise.
    areas += [(name, PRIMARY if clinical and i == 0 else SECONDARY) for i, name in enumerate(chosen_applications)]
    areas += [(name, SECONDARY) for name in secondary]
    return areas


def phrase(area_name: str) -> str:
    """How an expertise area reads inside a sentence: 'Functional MRI' -> 'functional MRI', 'OPM-MEG' unchanged."""
    if area_name in data.AREA_PHRASES:
        return data.AREA_PHRASES[area_name]
    return area_name[0].lower() + area_name[1:] if area_name[1:2].islower() else area_name


def capitalise(text: str) -> str:
    """Upper-case the first letter, unless the first word is written like 'fMRI' or 'p-tau'."""
    first_word = text.split(" ", 1)[0]
    return text if any(char.isupper() for char in first_word[1:]) else text[0].upper() + text[1:]


class _Words:
    """One person's vocabulary for the templates: their methods, applications, study groups and topics."""

    def __init__(self, rng, person, archetype, facets):
        names = [name for name, _ in person.areas]
        pool = list(archetype.core + archetype.related)

        def of_facet(*wanted, fallback=()):
            own = [name for name in names if facets[name] in wanted]
            return own or [name for name in pool if facets[name] in wanted] or list(fallback)

        self.methods = [phrase(name) for name in of_facet(Facet.MODALITY, Facet.TECHNIQUE, Facet.ANALYSIS)]
        extra = [phrase(name) for name in pool if facets[name] != Facet.APPLICATION]
        self.methods += [method for method in extra if method not in self.methods][: max(0, 2 - len(self.methods))]
        self.modalities = [phrase(name) for name in of_facet(Facet.MODALITY, fallback=["Magnetic resonance imaging"])]
        measured = [name for name in of_facet(Facet.TECHNIQUE, Facet.MODALITY) if name not in data.NOT_MEASUREMENTS]
        self.techniques = [phrase(name) for name in measured or of_facet(Facet.MODALITY)]
        applications = [name for name in names if facets[name] == Facet.APPLICATION] or list(archetype.applications)
        self.applications = [phrase(name) for name in applications]
        self.groups = [group for name in applications for group in archetype.groups.get(name, data.GROUPS[name])]
        self.topics = rng.sample(archetype.topics, len(archetype.topics))
        rng.shuffle(self.methods)

    def fill(self, rng, template, **context):
        """Format a template; each field is drawn from this person's words unless given."""
        methods = rng.sample(self.methods, 2) if len(self.methods) > 1 else self.methods * 2
        values = {
            "m": methods[0],
            "m2": methods[1],
            "modality": rng.choice(self.modalities),
            "technique": rng.choice(self.techniques),
            "app": rng.choice(self.applications),
            "group": rng.choice(self.groups),
            # Distinct topics for the slots of one biography, so no topic is mentioned twice.
            "topic": self.topics[0],
            **{f"topic{n}": self.topics[n - 1] for n in range(2, 6)},
            "design": rng.choice(data.STUDY_DESIGNS),
        }
        return template.format(**{**values, **context})


def _biography(rng, person, archetype, inst, unit, voice, words):
    """3-5 sentences: who and where, (career path), what they work on, (a project), (an invitation)."""
    stage = person.career_stage
    established = stage in ESTABLISHED
    partners = [other.in_text for other in data.INSTITUTIONS if other.slug != inst.slug and other.kind != data.COMPANY]
    places = rng.sample(data.PLACES, 2)
    context = {
        "name": f"{person.title} {person.full_name}".strip(),
        "ref": _reference(rng, person),
        "a_job": _with_article(person.job_title),
        "where": _where(inst, unit),
        "inst": inst.in_text,
        "city": inst.city,
        "year": rng.randint(*data.STARTED[stage]),
        "training": rng.choice(archetype.training),
        "specialty": rng.choice(archetype.specialties or archetype.training),
        "place": places[0],
        "place2": places[1],
        "medical_school": rng.choice(data.MEDICAL_SCHOOLS),
        "uk_place": rng.choice(data.UK_PLACES),
        "partner": rng.choice(partners),
    }
    if stage == Member.CareerStage.DOCTORAL:
        openings = data.OPENINGS[stage]
    else:
        openings = data.OPENINGS["staff"] + (data.OPENINGS["lead"] if established else ())
    background = data.BACKGROUNDS["student" if voice == "student" and stage == Member.CareerStage.DOCTORAL else voice]
    closings = {"clinical": "clinician", "allied": "clinician", "academic": "researcher"}.get(voice, voice)
    closing_pool = data.CLOSINGS[closings] + (data.CLOSINGS["lead"] if established and voice == "academic" else ())

    sentences = [rng.choice(openings)]
    if rng.random() < 0.55:
        sentences.append(rng.choice(background))
    sentences.append(rng.choice(archetype.focus))
    leads_studies = stage != Member.CareerStage.DOCTORAL and voice != "industry"
    projects = data.PROJECTS["any"] + (data.PROJECTS["staff"] if leads_studies else ())
    optional = [rng.choice(projects), rng.choice(closing_pool)]
    sentences += [sentence for sentence in optional if rng.random() < 0.6]
    while len(sentences) < 3:
        sentences.append(optional.pop(0))
    return " ".join(capitalise(words.fill(rng, sentence, **context)) for sentence in sentences)


def _reference(rng, person):
    """How the biography refers to the person after the first sentence."""
    if person.title and rng.random() < 0.5:
        return f"{'Professor' if person.title == 'Prof' else person.title} {person.last_name}"
    return person.first_name


def _with_article(job_title):
    if job_title.startswith(("Professor", "Head of", "Director", "Medical Director")):
        return job_title  # a named post: "is Professor of Physics", "is Head of MRI Physics"
    first_word = job_title.split()[0]
    vowel_sound = job_title[0] in "AEIOU" or first_word in {"MR", "MRI", "NIHR", "MEG"}
    return f"{'an' if vowel_sound else 'a'} {job_title}"


def _where(inst, unit):
    if unit is None or inst.kind == data.COMPANY:
        return inst.in_text
    # "WMG" and "Warwick Medical School" take no article.
    article = "" if unit.name.isupper() or unit.name.endswith("Medical School") else "the "
    return f"{article}{unit.name} at {inst.in_text}"


def _interests(rng, words):
    """A comma list of areas and topics, then one sentence."""
    items = rng.sample(words.methods, min(len(words.methods), rng.randint(1, 3)))
    items += rng.sample(words.applications, 1) + words.topics[2:3]
    listing = capitalise(", ".join(dict.fromkeys(items))) + "."
    sentence = words.fill(rng, rng.choice(data.INTEREST_SENTENCES), topic=words.topics[-1])
    return f"{listing} {sentence}"


_PAPER_COUNTS = {"doctoral": (0, 2), "early": (1, 5), "mid": (3, 8), "senior": (4, 8)}


def _publications(rng, person, archetype, voice, words, taken_titles):
    """0-8 papers from the archetype's and the generic title templates; no title appears twice in the network."""
    low, high = _PAPER_COUNTS[person.career_stage]
    if voice in {"industry", "allied"}:
        low, high = 0, 3
    wanted = rng.randint(low, high)
    first_year, last_year = data.PAPER_YEARS[person.career_stage]
    templates = archetype.papers + data.GENERIC_PAPERS
    papers = []
    for template in rng.sample(templates, len(templates)):
        title = capitalise(words.fill(rng, template))
        if len(papers) < wanted and title not in taken_titles:
            taken_titles.add(title)
            papers.append((title, rng.randint(first_year, last_year), rng.choice(archetype.venues)))
    return papers


def _assign_facilities(rng, people):
    """1-3 responsible people per facility: staff of its institution whose profile fits, not students."""
    responsible = {}
    for facility in data.FACILITIES:
        candidates = [
            person
            for person in people
            if person.institution == facility.institution
            and person.archetype in facility.archetypes
            and person.career_stage != Member.CareerStage.DOCTORAL
        ]
        if not candidates:
            raise ValueError(
                f"No demo staff at {facility.institution} can run {facility.slug}: check the staff tables."
            )
        rng.shuffle(candidates)
        # People who already list the facility's modality come first.
        candidates.sort(key=lambda person: all(name != facility.modality for name, _ in person.areas))
        chosen = candidates[: rng.randint(1, min(3, len(candidates)))]
        for person in chosen:
            if len(person.areas) < 6 and all(name != facility.modality for name, _ in person.areas):
                person.areas.append((facility.modality, SECONDARY))
        responsible[facility.slug] = [person.slug for person in chosen]
    return responsible


def _add_contact_details(rng, people):
    """ORCID for about half, availability for about 80%, e-mail visibility and a few drama phone numbers."""
    orcids = set()
    cities = {inst.slug: inst.city for inst in data.INSTITUTIONS}
    for person in people:
        if rng.random() < 0.5:
            person.orcid = _unique_orcid(rng, orcids)
        if rng.random() < 0.8:
            person.open_to = _open_to(rng, person)
            person.capacity = rng.choices(list(Member.Capacity.values), weights=[15, 40, 45])[0]
            person.confirmed_ago = timedelta(days=rng.randint(1, AVAILABILITY_WINDOW_DAYS), hours=-rng.randint(6, 16))
        person.email_visibility = rng.choices(
            [Visibility.PUBLIC, Visibility.MEMBERS, Visibility.COLLABORATORS, Visibility.NOBODY], weights=[35, 52, 8, 5]
        )[0]
        if rng.random() < 0.12:
            prefix = data.PHONE_PREFIXES.get(cities[person.institution], data.OTHER_PHONE_PREFIX)
            person.phone = f"{prefix}{rng.randrange(1000):03d}"
            person.phone_visibility = rng.choice([Visibility.MEMBERS, Visibility.COLLABORATORS])


def _unique_orcid(rng, taken):
    orcid = random_orcid(rng)
    while orcid in taken:
        orcid = random_orcid(rng)
    taken.add(orcid)
    return orcid


# What people in each role are typically open to, with relative weights.
_OPEN_TO_WEIGHTS = {
    Member.Role.CLINICIAN: {"clinical": 6, "data_analysis": 1, "supervision": 2, "methods": 1, "industry": 1},
    Member.Role.RESEARCHER: {"clinical": 3, "data_analysis": 3, "supervision": 2, "methods": 4, "industry": 1},
    Member.Role.PHYSICIST: {"clinical": 3, "data_analysis": 1, "supervision": 2, "methods": 5, "industry": 2},
    Member.Role.STUDENT: {"clinical": 1, "data_analysis": 4, "methods": 3},
    Member.Role.INDUSTRY: {"clinical": 2, "methods": 2, "industry": 6},
}


def _open_to(rng, person):
    weights = dict(_OPEN_TO_WEIGHTS[person.role])
    if person.career_stage in (Member.CareerStage.DOCTORAL, Member.CareerStage.EARLY):
        weights.pop("supervision", None)
    chosen = set()
    for _ in range(rng.randint(1, 3)):
        chosen.add(rng.choices(list(weights), list(weights.values()))[0])
    return [value for value in Member.OpenTo.values if value in chosen]


def _mark_a_few_unlisted(rng, people, responsible_slugs):
    """Some members-only and hidden profiles and some pending sign-ups, none of them running a facility."""
    pool = [person for person in people if person.slug not in responsible_slugs]
    chosen = rng.sample(pool, 12)
    for person in chosen[:5]:
        person.profile_visibility = Member.ProfileVisibility.MEMBERS
    for person in chosen[5:8]:
        person.profile_visibility = Member.ProfileVisibility.HIDDEN
    for person in chosen[8:]:
        person.status = Member.Status.PENDING


# Writing ----------------------------------------------------------------------------------------


@transaction.atomic
def load_demo() -> DemoCounts:
    """Create or update the whole demo network; running it again changes nothing."""
    taxonomy = load_taxonomy()
    institutions, units = _save_institutions()
    areas = {area.name: area for area in ExpertiseArea.objects.all()}
    # Slugs of real members are off limits; demo rows are recognised by their e-mail domain.
    reserved = Member.objects.exclude(email__iendswith=f"@{EMAIL_DOMAIN}").values_list("slug", flat=True)
    network = generate_people(frozenset(reserved))
    members, created, updated = _save_members(network.people, institutions, units)
    links = _replace_expertise(network.people, members, areas)
    publications = _replace_publications(network.people, members)
    _save_facilities(network.responsible, institutions, units, areas, members)
    # All members, not only the demo ones: the taxonomy load may have changed aliases anyone lists.
    refresh_search_vectors()
    refresh_similar()
    return DemoCounts(
        taxonomy=taxonomy,
        institutions=len(institutions),
        units=len(units),
        facilities=len(data.FACILITIES),
        members_created=created,
        members_updated=updated,
        members_unchanged=len(members) - created - updated,
        expertise_links=links,
        publications=publications,
    )


def _save_institutions():
    institutions, units = {}, {}
    for row in data.INSTITUTIONS:
        institution, _ = Institution.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.name,
                "short_name": row.short_name,
                "kind": row.kind,
                "city": row.city,
                "website": row.website,
                "description": row.description,
                "latitude": Decimal(row.latitude),
                "longitude": Decimal(row.longitude),
            },
        )
        institutions[row.slug] = institution
        for unit_row in row.units:
            unit, _ = Unit.objects.update_or_create(
                institution=institution,
                name=unit_row.name,
                defaults={"kind": unit_row.kind, "description": unit_row.description},
            )
            units[row.slug, unit_row.name] = unit
    return institutions, units


_COPIED_FIELDS = [
    "full_name", "title", "job_title", "role", "career_stage", "biography", "research_interests", "orcid",
    "email", "email_visibility", "phone", "phone_visibility", "open_to", "capacity", "profile_visibility", "status",
]  # fmt: skip


def _save_members(people, institutions, units):
    """Create new demo members and update the ones that differ from the generated profile, with history."""
    now = timezone.now()
    midnight = now.replace(hour=0, minute=0, second=0, microsecond=0)
    existing = Member.objects.in_bulk([person.slug for person in people], field_name="slug")
    members, new, changed = {}, [], []
    for person in people:
        member = existing.get(person.slug) or Member(slug=person.slug)
        values = {name: getattr(person, name) for name in _COPIED_FIELDS}
        values["institution_id"] = institutions[person.institution].pk
        values["unit_id"] = units[person.institution, person.unit].pk if person.unit else None
        values["availability_confirmed_at"] = midnight - person.confirmed_ago if person.confirmed_ago else None
        if member.pk is None:
            new.append(member)
        elif any(getattr(member, name) != value for name, value in values.items()):
            changed.append(member)
            member.updated_at = now  # bulk_update skips auto_now
        for name, value in values.items():
            setattr(member, name, value)
        members[person.slug] = member
    # Rows that did not change are not written, so a second run adds no history records.
    bulk_create_with_history(new, Member, default_change_reason=CHANGE_REASON)
    if changed:
        fields = [*_COPIED_FIELDS, "institution", "unit", "availability_confirmed_at", "updated_at"]
        bulk_update_with_history(changed, Member, fields, default_change_reason=CHANGE_REASON)
    return members, len(new), len(changed)


def _replace_expertise(people, members, areas):
    MemberExpertise.objects.filter(member__in=members.values()).delete()
    links = [
        MemberExpertise(member=members[person.slug], area=areas[name], emphasis=emphasis)
        for person in people
        for name, emphasis in person.areas
    ]
    return len(MemberExpertise.objects.bulk_create(links))


def _replace_publications(people, members):
    Publication.objects.filter(member__in=members.values()).delete()
    rows, number = [], 0
    for person in people:
        for title, year, venue in person.publications:
            number += 1
            rows.append(
                Publication(
                    member=members[person.slug], title=title, year=year, venue=venue, doi=f"{DOI_PREFIX}{number}"
                )
            )
    return len(Publication.objects.bulk_create(rows))


def _save_facilities(responsible, institutions, units, areas, members):
    for row in data.FACILITIES:
        modality = areas[row.modality]
        if modality.facet != Facet.MODALITY:
            raise ValueError(f"{row.slug}: {row.modality} is not in the modality facet.")
        institution = institutions[row.institution]
        facility, _ = Facility.objects.update_or_create(
            slug=row.slug,
            defaults={
                "name": row.name,
                "institution": institution,
                "unit": units[row.institution, row.unit],
                "modality": modality,
                "manufacturer": row.manufacturer,
                "model": row.model,
                "field_strength_tesla": Decimal(row.field_strength_tesla) if row.field_strength_tesla else None,
                "sensor_type": row.sensor_type,
                "channel_count": row.channel_count,
                "subject": row.subject,
                "access_model": row.access_model,
                "booking_url": institution.website if row.bookable else "",
                "description": row.description,
                "is_illustrative": True,
            },
        )
        facility.responsible_members.set([members[slug] for slug in responsible[row.slug]])
