"""Whatever arrives in the search page's query string, the answer is a page (or a 4xx), never a 500."""

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from members.models import Member
from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors

LIST_URL = reverse("members:list")

# Text as people (and robots) type it: search syntax, accents, emoji, control characters, NUL.
query_text = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.sampled_from(list("MEG OR - \" ( ) * : & | ! \\ ' é ü ß 脑 🧠 \x00 \x0b \u200b")), max_size=60),
    st.lists(st.sampled_from(["MEG", "brain", "waves", "OR", "-", '"', "Okafer", "épilepsie", "7T"]), max_size=8).map(
        " ".join
    ),
    st.just("x" * 10_240),
)
ids = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.text(max_size=12),
    st.sampled_from(["", "0", "1", "00", "1e3", "٣", "¹", " 7", "9" * 30]),
)
choices = st.one_of(
    st.sampled_from([value for value, _ in Member.Role.choices + Member.OpenTo.choices]), st.text(max_size=12)
)
parameters = st.fixed_dictionaries(
    {},
    optional={
        "q": query_text,
        "institution": st.lists(ids, max_size=35),
        "area": st.lists(ids, max_size=5),
        "role": st.lists(choices, max_size=4),
        "career_stage": st.lists(
            st.one_of(st.sampled_from(["early", "mid", "senior", "doctoral"]), st.text(max_size=8))
        ),
        "open_to": st.lists(choices, max_size=4),
        "sort": st.one_of(st.sampled_from(["relevance", "name", "updated", "-score"]), st.text(max_size=8)),
        "page": st.one_of(st.integers(min_value=-5, max_value=10**12).map(str), st.text(max_size=6)),
        "unknown": st.text(max_size=10),
    },
)


@pytest.fixture
def searchable(network):
    forget_vocabulary()
    forget_browse_facets()
    refresh_search_vectors()
    yield network
    forget_vocabulary()
    forget_browse_facets()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(params=parameters, htmx=st.booleans())
def test_no_query_string_makes_the_search_page_fail(client, searchable, params, htmx):
    # Known area ids appear often enough to reach the filtered paths too.
    if params.get("area") and params["area"][0] == "1":
        params["area"][0] = str(searchable.areas[0].pk)
    headers = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"} if htmx else {}

    response = client.get(LIST_URL, params, **headers)

    assert response.status_code in {200, 400, 404}
