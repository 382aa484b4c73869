"""The public JSON API: every endpoint's fields, filters, pagination and privacy, and its rate limit."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from expertise.models import ExpertiseArea, Facet
from members.models import Member
from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors, search_page
from tests.factories import ExpertiseAreaFactory, FacilityFactory, MemberExpertiseFactory, MemberFactory, crowd

pytestmark = pytest.mark.django_db

MEMBER_FIELDS = {
    "slug",
    "url",
    "name",
    "display_name",
    "title",
    "job_title",
    "role",
    "career_stage",
    "institution",
    "unit",
    "expertise",
    "open_to",
    "capacity",
    "availability_confirmed_at",
    "orcid",
    "website",
    "photo",
    "email",
    "phone",
    "updated_at",
}


@pytest.fixture
def network(network):
    """The small network, with its search documents written (factories save rows only)."""
    refresh()
    return network


def refresh():
    refresh_search_vectors()
    forget_vocabulary()
    forget_browse_facets()


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def get(client, path: str, **params):
    response = client.get(f"/api/v1{path}", params)
    return response


def slugs(response) -> list[str]:
    return [item["slug"] for item in response.json()["results"]]


# ---------------------------------------------------------------- members


def test_member_list_fields_and_name_order(client, network):
    response = get(client, "/members")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"count", "limit", "offset", "next", "previous", "fuzzy", "results"}
    assert body["count"] == 4  # the hidden profile is not counted
    assert [item["name"] for item in body["results"]] == [
        "Amira Okafor",
        "Jonas Müller",
        "Priya Raman",
        "Tom Hargreaves",
    ]
    amira = body["results"][0]
    assert set(amira) == MEMBER_FIELDS | {"snippet", "match"}
    assert amira["url"] == "http://testserver/members/" + network.members[0].slug + "/"
    assert amira["institution"]["slug"] == "university-of-nottingham"
    assert amira["unit"] == {"id": network.units[0].pk, "name": "Sir Peter Mansfield Imaging Centre"}
    assert {area["slug"] for area in amira["expertise"]} == {"magnetic-resonance-imaging", "diffusion-mri"}
    assert amira["match"] is None and amira["snippet"] is None


def test_member_search_is_the_sites_search_and_ranking(client, network):
    response = get(client, "/members", q="MEG epilepsy")

    expected = search_page(Member.objects.visible_to(network_anonymous()).for_cards(), "MEG epilepsy")
    assert slugs(response) == [member.slug for member in expected.members]
    assert slugs(response) == [network.members[2].slug]
    [priya] = response.json()["results"]
    assert set(priya["match"]["areas"]) == {"magnetoencephalography", "epilepsy"}


def network_anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_a_misspelled_name_falls_back_to_similar_names(client, network):
    body = get(client, "/members", q="Okafr").json()
    assert body["fuzzy"] is True
    assert [item["name"] for item in body["results"]] == ["Amira Okafor"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"role": "clinician"}, ["Jonas Müller"]),
        ({"institution": "birmingham"}, ["Priya Raman", "Tom Hargreaves"]),
        ({"area": "mri"}, ["Amira Okafor", "Jonas Müller"]),
        ({"area": ["mri", "epilepsy"]}, ["Jonas Müller"]),
        ({"open_to": "clinical"}, ["Jonas Müller"]),
        ({"career_stage": "senior"}, ["Priya Raman"]),
        ({"q": "Nottingham", "role": ["researcher", "clinician"]}, ["Amira Okafor", "Jonas Müller"]),
    ],
)
def test_member_filters(client, network, params, expected):
    ids = {"birmingham": network.institutions[1].pk, "mri": network.areas[0].pk, "epilepsy": network.areas[4].pk}
    Member.objects.filter(pk=network.members[1].pk).update(open_to=["clinical"])
    Member.objects.filter(pk=network.members[2].pk).update(career_stage="senior")
    resolved = {
        key: [ids.get(v, v) for v in value] if isinstance(value, list) else ids.get(value, value)
        for key, value in params.items()
    }

    response = get(client, "/members", **resolved)

    assert response.status_code == 200
    assert sorted(item["name"] for item in response.json()["results"]) == expected


def test_an_area_filter_includes_narrower_areas(client, network):
    ultra = ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=network.areas[0])
    MemberExpertiseFactory(member=network.members[3], area=ultra)
    refresh()

    response = get(client, "/members", area=network.areas[0].pk)

    assert "Tom Hargreaves" in [item["name"] for item in response.json()["results"]]


@pytest.mark.parametrize(
    "params",
    [
        {"q": "bad\x00text"},
        {"q": "x" * 201},
        {"area": 0},
        {"area": "abc"},
        {"role": "wizard"},
        {"open_to": "nothing"},
        {"sort": "random"},
        {"limit": 0},
        {"limit": 101},
        {"offset": -1},
        {"offset": 10_001},
        {"institution": list(range(1, 40))},
    ],
)
def test_bad_member_parameters_get_a_422_that_names_them(client, network, params):
    response = get(client, "/members", **params)

    assert response.status_code == 422
    [name] = params
    assert all(item["loc"][:2] == ["query", name] for item in response.json()["detail"])


def test_an_expertise_area_not_in_the_directory_matches_nobody(client, network):
    response = get(client, "/members", area=[network.areas[0].pk, 987654])

    assert response.status_code == 200
    assert response.json()["count"] == 0 and response.json()["results"] == []


def test_member_pagination(client, network):
    crowd(23, institution=network.institutions[0])
    refresh()
    first = get(client, "/members", limit=10).json()
    assert first["count"] == 27
    assert len(first["results"]) == 10
    assert first["previous"] is None
    assert "offset=10" in first["next"] and "limit=10" in first["next"]

    last = client.get(first["next"].replace("http://testserver", "").replace("offset=10", "offset=20")).json()
    assert len(last["results"]) == 7
    assert last["next"] is None
    assert "offset=10" in last["previous"]

    past_the_end = get(client, "/members", limit=10, offset=500).json()
    assert past_the_end["results"] == []
    assert past_the_end["count"] == 27
    assert "offset=17" in past_the_end["previous"]

    everyone = set()
    for offset in range(0, 27, 10):
        everyone |= set(slugs(get(client, "/members", limit=10, offset=offset)))
    assert len(everyone) == 27


def test_member_list_runs_a_constant_number_of_queries(client, network):
    def count(**params):
        with CaptureQueriesContext(connection) as queries:
            assert get(client, "/members", **params).status_code == 200
        return len(queries)

    small = count(q="imaging", limit=50), count(limit=50)
    crowd(30, areas=network.areas[:3], publications=2, institution=network.institutions[0])
    refresh()
    assert (count(q="imaging", limit=50), count(limit=50)) == small
    assert max(small) <= 6


def test_one_member_with_publications_and_facilities(client, network):
    amira = network.members[0]

    response = get(client, f"/members/{amira.slug}")

    assert response.status_code == 200
    body = response.json()
    assert set(body) == MEMBER_FIELDS | {"biography", "research_interests", "publications", "facilities"}
    assert body["publications"] == [
        {
            "title": "Tractography of the human corpus callosum at 7 T",
            "year": 2023,
            "venue": "NeuroImage",
            "doi": amira.publications.get().doi,
            "url": f"https://doi.org/{amira.publications.get().doi}",
        }
    ]
    assert [f["slug"] for f in body["facilities"]] == [network.facilities[0].slug]


# ---------------------------------------------------------------- privacy


def test_hidden_pending_and_suspended_profiles_are_never_returned(client, alice, network):
    pending = MemberFactory(full_name="Pending Person", status=Member.Status.PENDING)
    suspended = MemberFactory(full_name="Suspended Person", status=Member.Status.SUSPENDED)
    hidden = network.members[4]
    client.force_login(alice)

    listed = {item["name"] for item in get(client, "/members", limit=100).json()["results"]}

    assert not listed & {"Pending Person", "Suspended Person", "Hidden Person"}
    for member in (pending, suspended, hidden):
        assert get(client, f"/members/{member.slug}").status_code == 404
    assert get(client, "/members", q="Hidden Person").json()["count"] == 0


def test_members_only_profiles_need_a_signed_in_visitor(client, alice, network):
    quiet = MemberFactory(full_name="Quiet Person", profile_visibility=Member.ProfileVisibility.MEMBERS)

    assert get(client, f"/members/{quiet.slug}").status_code == 404
    assert "Quiet Person" not in {item["name"] for item in get(client, "/members").json()["results"]}

    client.force_login(alice)
    assert get(client, f"/members/{quiet.slug}").status_code == 200
    assert "Quiet Person" in {item["name"] for item in get(client, "/members").json()["results"]}


def test_contact_details_follow_their_visibility(client, alice, network):
    amira, jonas, priya = network.members[:3]
    for member, email, visibility in [
        (amira, "amira@example.org", "public"),
        (jonas, "jonas@example.org", "members"),
        (priya, "priya@example.org", "nobody"),
    ]:
        member.email, member.email_visibility = email, visibility
        member.phone, member.phone_visibility = "0115 000 0000", visibility
        member.save()

    def contacts():
        results = get(client, "/members").json()["results"]
        detail = {m.slug: get(client, f"/members/{m.slug}").json() for m in (amira, jonas, priya)}
        listed = {item["slug"]: (item["email"], item["phone"]) for item in results}
        assert listed == {slug: (d["email"], d["phone"]) for slug, d in detail.items()} | {
            s: v for s, v in listed.items() if s not in detail
        }
        return {slug: listed[slug] for slug in detail}

    assert contacts() == {
        amira.slug: ("amira@example.org", "0115 000 0000"),
        jonas.slug: (None, None),
        priya.slug: (None, None),
    }
    client.force_login(alice)
    assert contacts() == {
        amira.slug: ("amira@example.org", "0115 000 0000"),
        jonas.slug: ("jonas@example.org", "0115 000 0000"),
        priya.slug: (None, None),
    }


def test_member_counts_elsewhere_count_only_visible_profiles(client, network):
    birmingham = network.institutions[1]  # Priya and Tom are listed; the hidden person is not
    institution = get(client, f"/institutions/{birmingham.slug}").json()
    assert institution["member_count"] == 2
    meg = get(client, "/expertise-areas/magnetoencephalography").json()
    assert meg["member_count"] == 1  # Priya; the hidden person also lists MEG


# ---------------------------------------------------------------- institutions, units, facilities


def test_institutions_list_and_detail(client, network):
    body = get(client, "/institutions").json()
    assert body["count"] == 2
    nottingham = next(item for item in body["results"] if item["slug"] == "university-of-nottingham")
    assert nottingham == {
        "id": network.institutions[0].pk,
        "slug": "university-of-nottingham",
        "url": "http://testserver/institutions/university-of-nottingham/",
        "name": "University of Nottingham",
        "short_name": "Nottingham",
        "kind": "university",
        "city": "Nottingham",
        "website": None,
        "description": "",
        "latitude": 52.45,
        "longitude": -1.93,
        "member_count": 2,
        "facility_count": 1,
    }
    assert get(client, "/institutions", kind="nhs_trust").json()["count"] == 0
    assert get(client, "/institutions", kind="castle").status_code == 422

    detail = get(client, "/institutions/university-of-nottingham").json()
    assert [unit["name"] for unit in detail["units"]] == ["Sir Peter Mansfield Imaging Centre"]
    assert detail["units"][0]["member_count"] == 1
    assert [f["name"] for f in detail["facilities"]] == ["7 T Philips Achieva"]
    assert get(client, "/institutions/atlantis").status_code == 404


def test_units_filter_by_institution(client, network):
    body = get(client, "/units", institution="university-of-birmingham").json()
    assert [unit["name"] for unit in body["results"]] == ["Centre for Human Brain Health"]
    assert body["results"][0]["institution"]["slug"] == "university-of-birmingham"
    assert get(client, "/units").json()["count"] == 2


def test_facilities_with_specs_filters_and_only_visible_people(client, network):
    opm = network.facilities[1]
    opm.responsible_members.add(network.members[2], network.members[4])  # Priya, and the hidden person

    body = get(client, "/facilities", modality="magnetoencephalography").json()

    [item] = body["results"]
    assert item["sensor_type"] == "opm" and item["channel_count"] == 192 and item["field_strength_tesla"] is None
    assert [person["slug"] for person in item["responsible_members"]] == [network.members[2].slug]
    assert get(client, "/facilities", institution="university-of-nottingham").json()["count"] == 1
    assert get(client, "/facilities", modality="no-such-modality").json()["count"] == 0
    scanner = get(client, f"/facilities/{network.facilities[0].slug}").json()
    assert scanner["field_strength_tesla"] == 3.0
    assert scanner["modality"]["slug"] == "magnetic-resonance-imaging"
    assert get(client, "/facilities/nothing-here").status_code == 404


def test_facilities_of_a_modality_include_narrower_modalities(client, network):
    ultra = ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=network.areas[0])
    FacilityFactory(name="Terra", institution=network.institutions[0], modality=ultra, field_strength_tesla=7)

    names = [
        item["name"] for item in get(client, "/facilities", modality="magnetic-resonance-imaging").json()["results"]
    ]

    assert names == ["7 T Philips Achieva", "Terra"]


# ---------------------------------------------------------------- the taxonomy


def test_the_expertise_tree(client, network):
    ultra = ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=network.areas[0])
    MemberExpertiseFactory(member=network.members[3], area=ultra)

    body = get(client, "/expertise-areas").json()

    assert [facet["facet"] for facet in body["facets"]] == ["modality", "technique", "analysis", "application"]
    modality = body["facets"][0]["areas"]
    mri = next(area for area in modality if area["slug"] == "magnetic-resonance-imaging")
    assert [child["slug"] for child in mri["children"]] == ["ultra-high-field-mri"]
    assert mri["member_count"] == 3  # Amira, Jonas, and Tom through the narrower area
    assert mri["aliases"] == ["MRI"]
    only = get(client, "/expertise-areas", facet="application").json()
    assert [facet["facet"] for facet in only["facets"]] == ["application"]

    detail = get(client, "/expertise-areas/ultra-high-field-mri").json()
    assert detail["parent"]["slug"] == "magnetic-resonance-imaging"
    assert detail["children"] == []
    assert get(client, "/expertise-areas/basket-weaving").status_code == 404


def test_a_cycle_in_the_taxonomy_does_not_loop(client, network):
    a = ExpertiseAreaFactory(name="Loop A", facet=Facet.TECHNIQUE)
    b = ExpertiseAreaFactory(name="Loop B", facet=Facet.TECHNIQUE, parent=a)
    ExpertiseArea.objects.filter(pk=a.pk).update(parent=b)

    response = get(client, "/expertise-areas/loop-a")

    assert response.status_code == 200
    assert [child["slug"] for child in response.json()["children"]] == ["loop-b"]
    assert response.json()["children"][0]["children"] == []


# ---------------------------------------------------------------- limits, documents


def test_anonymous_clients_are_throttled_with_retry_after(client, network, settings):
    settings.API_ANON_RATE = "3/min"
    statuses = [get(client, "/institutions").status_code for _attempt in range(4)]

    assert statuses == [200, 200, 200, 429]
    response = get(client, "/units")
    assert response.status_code == 429
    assert int(response["Retry-After"]) >= 1
    assert response.json() == {"detail": "Too many requests."}


def test_a_forged_forwarded_for_header_does_not_dodge_the_limit(client, network, settings):
    settings.API_ANON_RATE = "2/min"
    statuses = [client.get("/api/v1/institutions", HTTP_X_FORWARDED_FOR=f"203.0.113.{n}").status_code for n in range(3)]
    assert statuses == [200, 200, 429]


def test_signed_in_members_have_their_own_higher_limit(client, alice, network, settings):
    settings.API_ANON_RATE = "1/min"
    settings.API_USER_RATE = "5/min"
    client.force_login(alice)

    assert [get(client, "/institutions").status_code for _attempt in range(6)] == [200] * 5 + [429]


def test_the_openapi_document_describes_every_endpoint(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    assert set(document["paths"]) == {
        "/api/v1/members",
        "/api/v1/members/{slug}",
        "/api/v1/institutions",
        "/api/v1/institutions/{slug}",
        "/api/v1/units",
        "/api/v1/facilities",
        "/api/v1/facilities/{slug}",
        "/api/v1/expertise-areas",
        "/api/v1/expertise-areas/{slug}",
    }
    members = document["paths"]["/api/v1/members"]["get"]
    assert {"200", "422", "429"} <= set(members["responses"])
    limit = next(p for p in members["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 100


def test_the_interactive_docs_come_from_our_own_static_files(client):
    response = client.get("/api/v1/docs")

    assert response.status_code == 200
    page = response.text
    assert '<html lang="en-GB">' in page
    assert "/static/ninja/swagger-ui-bundle.js" in page
    # The random nonce may spell anything ("...cdn..."), so it is left out of the search for CDN links.
    without_nonces = re.sub(r'nonce="[^"]*"', "", page)
    assert "cdn" not in without_nonces.lower() and "https://" not in without_nonces
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
