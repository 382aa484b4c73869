"""Query strings of the pages anyone can read: whatever arrives, the answer is a page, never a 500, and
reading a page changes nothing (except the record of searches that found nobody, which is its purpose)."""

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from institutions.models import Institution
from members.collaboration import accept_request
from members.models import CollaborationRequest, Member, MemberExpertise, Publication
from tests.fuzz.checks import rows, send
from tests.fuzz.strategies import hostile_or, hostile_text, numbers, query_parameters, value_or_list
from tests.members.collaboration_helpers import send as send_request

FUZZ = settings.get_profile("mmin-fuzz")


def directory_rows() -> tuple:
    return rows(Member.objects.all(), MemberExpertise.objects.all(), Publication.objects.all())


# Search text as people (and robots) type it: search syntax, accents, emoji, control characters, NUL.
search_text = st.one_of(
    hostile_text,
    st.text(alphabet=st.sampled_from(list("MEG OR - \" ( ) * : & | ! \\ ' é ü ß 脑 🧠 \x00 \x0b \u200b")), max_size=60),
    st.lists(st.sampled_from(["MEG", "brain", "waves", "OR", "-", '"', "Okafer", "épilepsie", "7T"]), max_size=8).map(
        " ".join
    ),
)
ids = st.one_of(numbers, st.text(max_size=12), st.sampled_from(["", "1", "2", "00", "1e3", "٣", "9" * 30]))
member_choices = st.one_of(
    st.sampled_from(Member.Role.values + Member.OpenTo.values + Member.CareerStage.values), st.text(max_size=12)
)
search_parameters = query_parameters(
    {
        "q": value_or_list(search_text),
        "institution": st.lists(ids, max_size=35),
        "area": st.lists(ids, max_size=5),
        "role": st.lists(member_choices, max_size=4),
        "career_stage": st.lists(member_choices, max_size=4),
        "open_to": st.lists(member_choices, max_size=4),
        "sort": value_or_list(st.one_of(st.sampled_from(["relevance", "name", "updated", "-score"]), hostile_text)),
        "page": value_or_list(st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), numbers, hostile_text)),
    },
    most=8,
)


def with_real_ids(params: dict, directory) -> dict:
    """Small ids stand for the network's own institutions and areas, so the filtered paths are reached too."""
    real = {
        "institution": [str(i.pk) for i in directory.institutions],
        "area": [str(a.pk) for a in directory.areas],
    }
    for name, known in real.items():
        chosen = [known[int(v) - 1] if v in ("1", "2") else v for v in params.pop(name, [])]
        if chosen:
            params[name] = chosen
    return params


@FUZZ
@given(params=search_parameters, htmx=st.booleans(), typing=st.booleans(), who=st.sampled_from(["anonymous", "alice"]))
def test_the_member_search_answers_any_query_string(clients, directory, params, htmx, typing, who):
    params = with_real_ids(params, directory)
    headers = {}
    if htmx:
        headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}
        if typing:
            headers["HTTP_HX_TRIGGER"] = "id_q"
    before = directory_rows()

    response = send(clients[who], "get", reverse("members:list"), params, **headers)

    assert response.status_code == 200
    assert directory_rows() == before


@FUZZ
@given(params=search_parameters, who=st.sampled_from(["anonymous", "alice"]))
def test_the_home_page_ignores_any_query_string(clients, directory, params, who):
    before = directory_rows()
    response = send(clients[who], "get", reverse("home"), params)
    assert response.status_code == 200
    assert directory_rows() == before


find_parameters = query_parameters(
    {
        "need": value_or_list(
            st.one_of(
                search_text,
                st.sampled_from(["MEG epilepsy surgery", "quantify white matter lesions in MS on 3T MRI", "brain"]),
            )
        ),
        "institution": value_or_list(ids),
        "clinical": value_or_list(hostile_or(st.sampled_from(["on", "true", "1", "", "false", "0", "off"]))),
    }
)


@FUZZ
@given(params=find_parameters, who=st.sampled_from(["anonymous", "alice"]))
def test_find_answers_any_need(clients, directory, params, who):
    if params.get("institution") in ("1", "2"):
        params["institution"] = str(directory.institutions[int(params["institution"]) - 1].pk)
    before = directory_rows()
    response = send(clients[who], "get", reverse("members:find"), params)
    assert response.status_code == 200
    assert directory_rows() == before


MODALITY_SLUGS = st.sampled_from(["magnetic-resonance-imaging", "magnetoencephalography", "diffusion-mri"])
BROWSE_PAGES = {
    "institutions": lambda d: reverse("institutions:list"),
    "facilities": lambda d: reverse("institutions:facility-list"),
    "institution": lambda d: d.institutions[0].get_absolute_url(),
    "expertise area": lambda d: d.areas[0].get_absolute_url(),
}
browse_parameters = query_parameters(
    {
        "kind": value_or_list(hostile_or(st.sampled_from(Institution.Kind.values))),
        "modality": value_or_list(hostile_or(MODALITY_SLUGS)),
        "page": value_or_list(st.one_of(numbers, hostile_text, st.sampled_from(["last", "first", "2"]))),
    }
)


@pytest.mark.parametrize("page", list(BROWSE_PAGES))
@FUZZ
@given(params=browse_parameters)
def test_the_browse_pages_answer_any_query_string(clients, directory, page, params):
    before = directory_rows()
    response = send(clients["anonymous"], "get", BROWSE_PAGES[page](directory), params)
    assert response.status_code == 200
    assert directory_rows() == before


@FUZZ
@given(params=query_parameters({"q": value_or_list(hostile_or(st.sampled_from(["MEG", "mri", "seiz", "é"])))}))
def test_the_expertise_picker_answers_any_query(clients, directory, params):
    response = send(clients["alice"], "get", reverse("accounts:expertise-search"), params)
    assert response.status_code == 200
    assert len(response.json()["results"]) <= 10


request_list_parameters = query_parameters(
    {
        "box": value_or_list(hostile_or(st.sampled_from(["received", "sent"]))),
        "state": value_or_list(hostile_or(st.sampled_from(CollaborationRequest.State.values))),
        "page": value_or_list(st.one_of(numbers, hostile_text)),
    }
)


@pytest.fixture
def some_requests(directory):
    sent = [send_request(directory.alice, directory.bob), send_request(directory.charlie, directory.alice)]
    accept_request(sent[1], by=directory.alice)
    return sent


@FUZZ
@given(params=request_list_parameters, who=st.sampled_from(["alice", "bob", "admin"]))
def test_my_requests_answers_any_query_string(clients, some_requests, params, who):
    before = rows(CollaborationRequest.objects.all())
    response = send(clients[who], "get", reverse("members:requests"), params)
    assert response.status_code == 200
    assert rows(CollaborationRequest.objects.all()) == before
