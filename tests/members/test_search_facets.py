"""Facet counts on /members/: one statement, the same numbers as counting the filtered results directly."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expertise.models import Facet
from members.models import Member
from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors, search_page
from members.similar import forget_area_holders
from tests.factories import ExpertiseAreaFactory, InstitutionFactory, MemberExpertiseFactory, MemberFactory

LIST_URL = reverse("members:list")


@pytest.fixture(autouse=True)
def _fresh_caches():
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()
    yield
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()


@pytest.fixture
def corpus(db):
    """Three institutions; MEG with a narrower OPM-MEG; a spread of roles, stages and availability."""
    a = InstitutionFactory(name="Alpha University")
    b = InstitutionFactory(name="Beta NHS Trust")
    c = InstitutionFactory(name="Gamma Labs")
    meg = ExpertiseAreaFactory(name="Magnetoencephalography", facet=Facet.MODALITY, aliases=["MEG"])
    opm = ExpertiseAreaFactory(name="OPM-MEG", facet=Facet.MODALITY, parent=meg, aliases=["wearable MEG"])
    mri = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY, aliases=["MRI"])
    epilepsy = ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION)
    segmentation = ExpertiseAreaFactory(name="Image segmentation", facet=Facet.ANALYSIS)
    rows = [
        ("Ada One", a, "researcher", "early", ["methods", "clinical"], [opm, epilepsy], {}),
        ("Ben Two", a, "clinician", "senior", ["clinical"], [meg, epilepsy], {}),
        ("Cleo Three", b, "researcher", "mid", ["methods"], [mri], {}),
        ("Dev Four", b, "student", "doctoral", [], [mri, segmentation, meg], {}),
        ("Eve Five", c, "physicist", "early", ["methods", "data_analysis"], [opm], {}),
        ("Fay Six", a, "researcher", "", ["methods"], [mri, epilepsy], {}),
        ("Hidden Seven", a, "researcher", "early", ["methods"], [meg], {"profile_visibility": "hidden"}),
        ("Pending Eight", b, "researcher", "early", ["methods"], [mri], {"status": Member.Status.PENDING}),
        ("Members Nine", c, "clinician", "mid", ["clinical"], [meg], {"profile_visibility": "members"}),
    ]
    for name, institution, role, stage, open_to, areas, extra in rows:
        member = MemberFactory(
            full_name=name,
            institution=institution,
            role=role,
            career_stage=stage,
            open_to=open_to,
            biography=f"{name} works on epilepsy." if epilepsy in areas else "",
            **extra,
        )
        for area in areas:
            MemberExpertiseFactory(member=member, area=area)
    refresh_search_vectors()
    subtrees = {meg.pk: [meg.pk, opm.pk], opm.pk: [opm.pk], mri.pk: [mri.pk], epilepsy.pk: [epilepsy.pk]}
    subtrees[segmentation.pk] = [segmentation.pk]
    return SimpleNamespace(
        a=a, b=b, c=c, meg=meg, opm=opm, mri=mri, epilepsy=epilepsy, segmentation=segmentation, subtrees=subtrees
    )


def expected_results(params: dict, corpus, viewer=None, *, skip: str = ""):
    """The filtered result set counted directly with the ORM (`skip`: leave out one widening facet)."""
    visible = Member.objects.visible_to(viewer or AnonymousUser())
    if params.get("q"):
        ranked = search_page(visible, params["q"], limit=10_000)
        visible = visible.filter(pk__in=[member.pk for member in ranked.members])
    for area in params.get("area", []):
        visible = visible.with_expertise_in(corpus.subtrees[area])
    for choice in params.get("open_to", []):
        visible = visible.filter(open_to__contains=[choice])
    if params.get("institution") and skip != "institution":
        visible = visible.filter(institution__in=params["institution"])
    if params.get("role") and skip != "role":
        visible = visible.filter(role__in=params["role"])
    if params.get("career_stage") and skip != "career_stage":
        visible = visible.filter(career_stage__in=params["career_stage"])
    return visible


def expected_count(params, corpus, field, value, viewer=None) -> int:
    if field in {"institution", "role", "career_stage"}:
        others = expected_results(params, corpus, viewer, skip=field)
        column = "institution_id" if field == "institution" else field
        return others.filter(**{column: value}).count()
    results = expected_results(params, corpus, viewer)
    if field == "area":
        return results.with_expertise_in(corpus.subtrees[int(value)]).count()
    return results.filter(open_to__contains=[value]).count()


def all_options(corpus):
    """Every option of every facet, to prove none with members is missing from the page."""
    options = [("institution", str(i.pk)) for i in (corpus.a, corpus.b, corpus.c)]
    options += [("area", str(pk)) for pk in corpus.subtrees]
    options += [("role", value) for value, _ in Member.Role.choices]
    options += [("career_stage", value) for value, _ in Member.CareerStage.choices]
    options += [("open_to", value) for value, _ in Member.OpenTo.choices]
    return options


PARAMS = [
    {},
    {"q": "epilepsy"},
    {"q": "MEG"},
    {"institution": ["A"]},
    {"institution": ["A", "B"]},
    {"area": ["MEG"]},
    {"area": ["MEG", "EPILEPSY"]},
    {"role": ["researcher", "student"]},
    {"career_stage": ["early"], "role": ["physicist"]},
    {"open_to": ["methods", "clinical"]},
    {"q": "MEG", "institution": ["A"], "career_stage": ["early"]},
    {"institution": ["A"], "role": ["clinician"], "area": ["EPILEPSY"], "open_to": ["clinical"]},
    {"q": "Ada One"},
    {"q": "Ada Onne"},  # a misspelled name: the facets count the similar names shown
]


def resolve(params, corpus) -> dict:
    names = {"A": corpus.a.pk, "B": corpus.b.pk, "C": corpus.c.pk, "MEG": corpus.meg.pk, "EPILEPSY": corpus.epilepsy.pk}
    return {
        key: [names.get(v, v) for v in value] if isinstance(value, list) else value for key, value in params.items()
    }


@pytest.mark.parametrize("raw_params", PARAMS, ids=[str(p) for p in PARAMS])
@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "member"])
def test_facet_counts_equal_counts_of_the_filtered_results(client, corpus, alice, raw_params, signed_in):
    params = resolve(raw_params, corpus)
    viewer = None
    if signed_in:
        client.force_login(alice)
        viewer = alice
    response = client.get(LIST_URL, params)

    assert response.context["total"] == expected_results(params, corpus, viewer).count()
    shown = {(option.field, option.value): option for group in response.context["facets"] for option in group.options}
    for field, value in all_options(corpus):
        count = expected_count(params, corpus, field, value, viewer)
        chosen = value in [str(v) for v in params.get(field, [])]
        if count or chosen:
            assert shown[(field, value)].count == count, (field, value)
            assert shown[(field, value)].selected == chosen
        else:
            assert (field, value) not in shown, (field, value)


def test_facets_narrow_with_areas_and_availability_and_widen_within_institution(client, corpus):
    def names(params):
        return sorted(m.full_name for m in client.get(LIST_URL, resolve(params, corpus)).context["page"].members)

    assert names({"area": ["MEG"]}) == ["Ada One", "Ben Two", "Dev Four", "Eve Five"]  # OPM-MEG is a kind of MEG
    assert names({"area": ["MEG", "EPILEPSY"]}) == ["Ada One", "Ben Two"]
    assert names({"open_to": ["methods", "clinical"]}) == ["Ada One"]
    assert names({"institution": ["B", "C"]}) == ["Cleo Three", "Dev Four", "Eve Five"]
    assert names({"role": ["clinician", "student"]}) == ["Ben Two", "Dev Four"]


def test_a_chosen_option_stays_visible_and_ticked_at_zero(client, corpus):
    response = client.get(LIST_URL, {"q": "epilepsy", "institution": corpus.c.pk, "open_to": "supervision"})

    options = {(o.field, o.label): o for group in response.context["facets"] for o in group.options}
    assert options[("institution", "Gamma Labs")].count == 0
    assert options[("institution", "Gamma Labs")].selected
    assert options[("open_to", "Supervision")].count == 0
    text = response.content.decode()
    assert f'name="institution" value="{corpus.c.pk}" form="member-search" checked>' in text


def test_areas_are_grouped_by_facet_in_taxonomy_order(client, corpus):
    groups = client.get(LIST_URL).context["facets"]

    assert [group.legend for group in groups] == [
        "Institution",
        "Modality",
        "Analysis",
        "Application",
        "Role",
        "Career stage",
        "Open to",
    ]


def test_all_facet_counts_come_from_one_statement(client, corpus):
    client.get(LIST_URL)  # the taxonomy is cached from here on
    params = resolve({"q": "MEG", "institution": ["A", "B"], "area": ["MEG"], "role": ["researcher"]}, corpus)

    with CaptureQueriesContext(connection) as queries:
        client.get(LIST_URL, params)

    facet_statements = [q["sql"] for q in queries.captured_queries if "UNION ALL" in q["sql"] and "base" in q["sql"]]
    assert len(facet_statements) == 1
    assert facet_statements[0].startswith("SET LOCAL statement_timeout = 1500;")


# ---------------------------------------------------------------- the statement timeout, for real

MANY_MEMBERS_SQL = """
INSERT INTO members_member (full_name, slug, title, job_title, role, career_stage, institution_id, biography,
    research_interests, orcid, website, photo, photo_thumbnail, open_to, capacity, email, email_visibility,
    phone, phone_visibility, profile_visibility, status, created_at, updated_at)
SELECT 'Person ' || n, 'person-' || n, '', 'Research fellow', 'researcher', 'early', %s, '', '', '', '', '', '',
       '{methods,clinical}', 'open', '', 'members', '', 'nobody', 'public', 'active', now(), now()
FROM generate_series(1, %s) AS n
"""


def _many_members(institution, n=40_000):
    with connection.cursor() as cursor:
        cursor.execute(MANY_MEMBERS_SQL, [institution.pk, n])


def _timed_out(response) -> bool:
    return "Filter counts are not available right now" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_slow_facet_counts_are_cancelled_and_the_page_still_shows_results(client, settings):
    institution = InstitutionFactory(name="Big University")
    _many_members(institution)
    settings.SEARCH_FACET_TIMEOUT_MS = 1

    response = client.get(LIST_URL, {"role": "researcher", "open_to": "methods"})

    assert response.status_code == 200
    assert _timed_out(response)
    assert response.context["facets_failed"]
    assert len(response.context["page"].members) == 20
    assert response.context["total"] == 40_000
    groups = {group.field: group for group in response.context["facets"]}
    assert all(option.count is None for group in groups.values() for option in group.options)
    assert [option.selected for option in groups["role"].options if option.value == "researcher"] == [True]

    # The limit ended with the statement: the connection is fine, and a normal limit gives counts again.
    settings.SEARCH_FACET_TIMEOUT_MS = 1500
    response = client.get(LIST_URL, {"role": "researcher"})
    assert not _timed_out(response)
    institution_option = response.context["facets"][0].options[0]
    assert (institution_option.label, institution_option.count) == ("Big University", 40_000)


def test_a_cancelled_facet_statement_leaves_an_enclosing_transaction_usable(client, db, settings):
    institution = InstitutionFactory(name="Big University")
    _many_members(institution, 20_000)
    settings.SEARCH_FACET_TIMEOUT_MS = 1

    response = client.get(LIST_URL, {"institution": institution.pk})

    assert _timed_out(response)
    assert "Big University" in response.content.decode()  # the chosen institution is still named
    assert Member.objects.count() == 20_000  # the test's transaction was not aborted
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('statement_timeout')")
        assert cursor.fetchone()[0] == "0"  # and the limit did not outlive the statement
