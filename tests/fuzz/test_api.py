"""The JSON API's parameters: any query string and any slug get an answer the OpenAPI document lists
(200, 404 or 422), never a 500, and reading changes nothing.

tests/members/test_api_schema.py checks the answers against the document (schemathesis); this adds what
schemathesis does not send: hostile text, repeated scalars, out-of-range numbers and unknown parameters.
"""

from urllib.parse import quote

import pytest
from hypothesis import event, given, settings
from hypothesis import strategies as st

from expertise.models import Facet
from institutions.models import Institution
from members.models import Member
from tests.fuzz.checks import rows, send
from tests.fuzz.strategies import hostile_or, hostile_text, numbers, query_parameters, value_or_list

FUZZ = settings.get_profile("mmin-fuzz")

sizes = value_or_list(hostile_or(st.integers(min_value=-5, max_value=10_100).map(str), numbers))
pages = {"limit": sizes, "offset": sizes}
slugs = hostile_or(
    st.sampled_from(["university-of-nottingham", "magnetic-resonance-imaging", "magnetoencephalography", ""])
)
ids = value_or_list(hostile_or(st.integers(min_value=-2, max_value=10**18 + 1).map(str)))

PARAMETERS = {
    "members": {
        **pages,
        "q": value_or_list(hostile_or(st.sampled_from(["MEG", "brain waves", "Okafer", '"diffusion" -epilepsy']))),
        "institution": ids,
        "area": ids,
        "role": value_or_list(hostile_or(st.sampled_from(Member.Role.values))),
        "career_stage": value_or_list(hostile_or(st.sampled_from(Member.CareerStage.values))),
        "open_to": value_or_list(hostile_or(st.sampled_from(Member.OpenTo.values))),
        "sort": value_or_list(hostile_or(st.sampled_from(["relevance", "name", "updated"]))),
    },
    "institutions": {**pages, "kind": value_or_list(hostile_or(st.sampled_from(Institution.Kind.values)))},
    "units": {**pages, "institution": value_or_list(slugs)},
    "facilities": {
        **pages,
        "modality": value_or_list(slugs),
        "institution": value_or_list(slugs),
    },
    "expertise-areas": {"facet": value_or_list(hostile_or(st.sampled_from(Facet.values)))},
}


def unchanged() -> tuple:
    return rows(Member.objects.all(), Institution.objects.all())


@pytest.mark.parametrize("endpoint", list(PARAMETERS))
@FUZZ
@given(data=st.data())
def test_every_list_answers_any_query_string(clients, directory, endpoint, data):
    params = data.draw(query_parameters(PARAMETERS[endpoint]), label="params")
    who = data.draw(st.sampled_from(["anonymous", "alice"]), label="who")
    before = unchanged()

    response = send(clients[who], "get", f"/api/v1/{endpoint}", params)

    event(f"status {response.status_code}")
    assert response.status_code in (200, 422), response.content[:500]
    body = response.json()
    if response.status_code == 422:
        assert body["detail"] and all(problem["loc"][0] == "query" for problem in body["detail"])
    elif endpoint != "expertise-areas":
        assert 0 <= len(body["results"]) <= body["limit"] <= 100
        assert body["count"] >= 0
    assert unchanged() == before


DETAILS = {
    "members": lambda d: [m.slug for m in d.members] + [d.alice.member.slug],
    "institutions": lambda d: [i.slug for i in d.institutions],
    "facilities": lambda d: [f.slug for f in d.facilities],
    "expertise-areas": lambda d: [a.slug for a in d.areas],
}


@pytest.mark.parametrize("endpoint", list(DETAILS))
@FUZZ
@given(data=st.data())
def test_every_detail_answers_any_slug(clients, directory, endpoint, data):
    slug = data.draw(st.one_of(st.sampled_from(DETAILS[endpoint](directory)), hostile_text), label="slug")
    params = data.draw(query_parameters({}), label="params")
    who = data.draw(st.sampled_from(["anonymous", "alice"]), label="who")
    before = unchanged()

    response = send(clients[who], "get", f"/api/v1/{endpoint}/{quote(slug, safe='')}", params)

    event(f"status {response.status_code}")
    assert response.status_code in (200, 404), response.content[:500]
    if response.status_code == 200 and slug:
        assert response.json()["slug"] == slug
    assert unchanged() == before
