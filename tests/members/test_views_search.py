"""The members search page: results that explain themselves, a form for every parameter, htmx, empty states, gaps."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from expertise.models import Facet
from members.models import Member, SearchGap
from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors, search_page
from members.similar import forget_area_holders, refresh_similar
from tests.factories import ExpertiseAreaFactory, MemberExpertiseFactory, MemberFactory, crowd

LIST_URL = reverse("members:list")
SEARCH_QUERIES = 5  # results (+ total), card expertise, facet counts, quick hits; the taxonomy is cached
EMPTY_SEARCH_QUERIES = 5  # results, misspelled names, quick hits, did-you-mean, the search-gap upsert
PROFILE_QUERIES = 5  # member (+institution, unit), expertise, publications, facilities, similar members
HTMX = {"HTTP_HX_REQUEST": "true", "HTTP_HX_TARGET": "search-results"}


@pytest.fixture(autouse=True)
def _fresh_caches():
    """The taxonomy is cached between requests; every test builds its own."""
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()
    yield
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()


@pytest.fixture
def searchable(network):
    amira, jonas, priya, tom, _hidden = network.members
    amira.biography = (
        "Builds <script>alert(1)</script> 7 T methods where T1 < T2 & tractography of the corpus callosum."
    )
    amira.research_interests = "Microstructure imaging."
    amira.save()
    priya.job_title = "MEG Physicist"
    priya.save()
    refresh_search_vectors()
    return network


def names(response) -> list[str]:
    return [member.full_name for member in response.context["page"].members]


def content(response) -> str:
    return response.content.decode()


# ---------------------------------------------------------------- results that explain themselves


def test_results_are_ranked_and_each_says_which_expertise_matched(client, searchable):
    response = client.get(LIST_URL, {"q": "DTI"})

    assert names(response) == ["Amira Okafor"]
    text = content(response)
    assert "1 member matching “DTI”" in text
    assert re.search(r"Matched expertise:</span>\s*Diffusion MRI", text)


def test_reason_names_the_fields_when_no_expertise_matched(client, searchable):
    text = content(client.get(LIST_URL, {"q": "physicist"}))

    assert re.search(r"Matched in</span>\s*job title", text)


def test_reason_points_at_the_biography_when_only_it_matched(client, searchable):
    text = content(client.get(LIST_URL, {"q": "callosum"}))

    assert re.search(r"Matched in</span>\s*biography", text)


def test_snippet_is_escaped_before_matches_are_marked(client, searchable):
    text = content(client.get(LIST_URL, {"q": "tractography"}))

    assert "<script>alert(1)</script>" not in text
    assert "T1 &lt; T2 &amp; <mark>tractography</mark>" in text


def test_a_misspelled_name_says_it_shows_similar_names(client, searchable):
    response = client.get(LIST_URL, {"q": "Okafer"})

    assert names(response) == ["Amira Okafor"]
    assert "Showing names similar to “Okafer”" in content(response)


def test_home_search_box_sends_the_query_to_the_members_search(client, searchable):
    home = content(client.get(reverse("home")))
    assert f'action="{LIST_URL}" method="get" role="search"' in home
    assert 'id="home-q" name="q"' in home

    assert names(client.get(LIST_URL, {"q": "magnetoencephalography"})) == ["Priya Raman"]


# ---------------------------------------------------------------- quick hits


def test_quick_hits_link_areas_facilities_and_institutions_the_query_names(client, searchable):
    response = client.get(LIST_URL, {"q": "MEG"})

    hits = [(hit.kind, hit.label) for hit in response.context["quick_hits"]]
    assert ("area", "Magnetoencephalography") in hits
    assert ("facility", "OPM-MEG lab") in hits
    assert f'href="{searchable.facilities[1].get_absolute_url()}"' in content(response)

    hits = [(hit.kind, hit.label) for hit in client.get(LIST_URL, {"q": "nottingham"}).context["quick_hits"]]
    assert hits == [("institution", "University of Nottingham")]


def test_the_unfiltered_list_reuses_its_facet_counts_for_a_minute(client, searchable, django_assert_num_queries):
    first = client.get(LIST_URL)

    with django_assert_num_queries(2):  # the page of members and their expertise; counts from the cache
        second = client.get(LIST_URL)

    assert second.context["facets"] == first.context["facets"]


def test_quick_hits_cost_nothing_without_a_query(client, searchable):
    assert client.get(LIST_URL).context["quick_hits"] == []


# ---------------------------------------------------------------- the form: every parameter, never a 500


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"q": "ok\x00afor"}, "Search text cannot contain a null character."),
        ({"q": "x" * 10_240}, "Search text can be at most 200 characters (this had 10240)."),
        ({"institution": "abc"}, "That filter is not valid, so it was ignored."),
        ({"institution": "0"}, "That filter is not valid, so it was ignored."),
        ({"institution": "9" * 40}, "That filter is not valid, so it was ignored."),
        ({"institution": "1\x00"}, "That filter is not valid, so it was ignored."),
        ({"institution": [str(n) for n in range(1, 40)]}, "Too many filters of one kind (at most 30)"),
        ({"area": "999999"}, "That expertise area is not in the directory, so the filter was ignored."),
        ({"area": "-3"}, "That filter is not valid, so it was ignored."),
        ({"role": "wizard"}, "That role is not one we know, so the filter was ignored."),
        ({"role": "clinician\x00"}, "That role is not one we know, so the filter was ignored."),
        ({"career_stage": "emeritus"}, "That career stage is not one we know, so the filter was ignored."),
        ({"open_to": "anything"}, "That kind of collaboration is not one we know, so the filter was ignored."),
        ({"sort": "-score; DROP TABLE"}, "That sort order is not one we offer, so results are by relevance."),
        ({"page": "abc"}, "That page number is not valid, so the first page is shown."),
        ({"page": "0"}, "That page number is not valid, so the first page is shown."),
        ({"page": "10001"}, "That page number is not valid, so the first page is shown."),
    ],
)
def test_bad_parameters_give_a_normal_page_with_a_message(client, searchable, params, message):
    response = client.get(LIST_URL, params)

    assert response.status_code == 200
    assert message in content(response)
    assert len(names(response)) == 4  # the bad parameter is ignored, everything else still works


@pytest.mark.parametrize("q", ["-", "OR", '"', "- - -", "&|:*", "(", "\\", "'", "OR OR -x", "!!!", "🧠", "ü" * 200])
def test_lone_operators_punctuation_and_odd_text_give_a_normal_page(client, searchable, q):
    response = client.get(LIST_URL, {"q": q})

    assert response.status_code == 200
    assert response.context["page"].members == [] or q == "OR OR -x"


def test_an_unknown_institution_gives_a_message_and_finds_nobody(client, searchable):
    response = client.get(LIST_URL, {"institution": "987654"})

    assert response.status_code == 200
    assert names(response) == []
    assert "One of the chosen institutions is not in the directory" in content(response)


def test_valid_parameters_survive_an_invalid_neighbour(client, searchable):
    nottingham = searchable.institutions[0]
    response = client.get(LIST_URL, {"institution": str(nottingham.pk), "role": "wizard", "page": "x"})

    assert names(response) == ["Amira Okafor", "Jonas Müller"]


# ---------------------------------------------------------------- pagination keeps every filter


def test_pagination_keeps_every_filter_and_the_sort(client, searchable):
    nottingham, birmingham = searchable.institutions
    mri = searchable.areas[0]
    crowd(45, institution=nottingham, job_title="MR physicist", areas=[mri], open_to=[Member.OpenTo.METHODS])
    refresh_search_vectors()
    params = {
        "q": "physicist",
        "institution": [nottingham.pk, birmingham.pk],
        "area": mri.pk,
        "role": "researcher",
        "open_to": "methods",
        "sort": "name",
    }

    first = client.get(LIST_URL, params)

    assert first.context["total"] == 45
    expected = (
        f"/members/?q=physicist&amp;institution={nottingham.pk}&amp;institution={birmingham.pk}"
        f"&amp;area={mri.pk}&amp;role=researcher&amp;open_to=methods&amp;sort=name&amp;page=2"
    )
    assert f'href="{expected}"' in content(first)

    third = client.get(LIST_URL, {**params, "page": 3})
    assert len(names(third)) == 5
    assert names(third) == sorted(names(third))
    assert f'href="{expected}" rel="prev"' in content(third)


def test_removing_one_filter_keeps_the_others(client, searchable):
    nottingham = searchable.institutions[0]
    response = client.get(LIST_URL, {"q": "Okafor", "institution": nottingham.pk, "role": "researcher"})

    chips = dict(response.context["chips"])
    assert chips["Researcher"] == f"/members/?q=Okafor&institution={nottingham.pk}"
    assert chips["University of Nottingham"] == "/members/?q=Okafor&role=researcher"


# ---------------------------------------------------------------- htmx: live results, shareable URLs


def test_htmx_gets_the_results_fragment_with_the_facets_and_heading_out_of_band(client, searchable):
    response = client.get(LIST_URL, {"q": "MEG", "sort": "relevance"}, **HTMX)

    text = content(response)
    assert "<html" not in text
    assert [template.name for template in response.templates][0] == "members/_results.html"
    assert '<span id="results-title" hx-swap-oob="innerHTML">1 member matching “MEG”</span>' in text
    assert '<div id="facet-panel" hx-swap-oob="innerHTML">' in text
    assert "<title>“MEG”: members · MMIN Directory</title>" in text
    # The address bar gets the canonical address (no empty or default parameters), ready to share.
    assert response.headers["HX-Push-Url"] == "/members/?q=MEG"
    assert "HX-Request" in response.headers["Vary"]


def test_typing_replaces_the_history_entry_instead_of_adding_one(client, searchable):
    response = client.get(LIST_URL, {"q": "ME"}, HTTP_HX_TRIGGER="id_q", **HTMX)

    assert response.headers["HX-Replace-Url"] == "/members/?q=ME"
    assert "HX-Push-Url" not in response.headers


def test_a_history_restore_gets_the_whole_page(client, searchable):
    response = client.get(LIST_URL, {"q": "MEG"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)

    assert "<html" in content(response)


def test_without_javascript_the_form_is_a_plain_get_form_with_buttons(client, searchable):
    text = content(client.get(LIST_URL, {"q": "MEG"}))

    assert re.search(r'<form id="member-search"[^>]* action="/members/" method="get" role="search"', text)
    assert '<button class="button button--primary" type="submit">Search</button>' in text
    assert '<button class="button button--block filters__apply" type="submit" form="member-search">' in text
    assert re.search(r'<input type="checkbox" id="filter-role-researcher" name="role" value="researcher"', text)
    assert 'form="member-search"' in text.split('id="filter-role-researcher"')[1].split(">")[0]
    assert '<h2 id="results-title" class="results__title" aria-live="polite"' in text


# ---------------------------------------------------------------- empty state and search gaps


def test_empty_state_offers_did_you_mean_related_areas_and_a_way_out(client, searchable):
    response = client.get(LIST_URL, {"q": "tractografy"})

    assert names(response) == []
    text = content(response)
    assert "No members match “tractografy”" in text
    assert 'Did you mean <a href="/members/?q=tractography">tractography</a>?' in text
    assert f'href="{searchable.areas[2].get_absolute_url()}">Diffusion MRI</a>' in text
    assert f'<a href="{LIST_URL}">Show all members</a>' in text


def test_did_you_mean_never_suggests_a_hidden_members_name(client, searchable):
    text = content(client.get(LIST_URL, {"q": "Hiden Persn"}))

    assert "Hidden Person" not in text


def test_empty_state_with_filters_links_to_the_same_search_without_them(client, searchable):
    birmingham = searchable.institutions[1]
    response = client.get(LIST_URL, {"q": "Okafor", "institution": birmingham.pk})

    assert names(response) == []
    assert 'href="/members/?q=Okafor">Clear the filters and search again</a>' in content(response)
    assert not SearchGap.objects.exists()  # with filters, nobody might simply mean "not there"


def test_several_words_that_find_nobody_together_are_offered_one_by_one(client, searchable):
    text = content(client.get(LIST_URL, {"q": "Okafor epilepsy"}))

    assert 'Search for <a href="/members/?q=Okafor">Okafor</a> or' in text


def test_a_search_that_finds_nobody_is_counted_by_its_normalised_text(client, searchable, alice):
    client.get(LIST_URL, {"q": "Photon-counting  CT"})
    client.force_login(alice)
    client.get(LIST_URL, {"q": "photon counting ct"})

    gap = SearchGap.objects.get()
    assert (gap.query, gap.count) == ("photon counting ct", 2)
    assert gap.last_seen >= gap.first_seen
    # The row can't say who searched: it has no field for it.
    assert {f.name for f in SearchGap._meta.get_fields()} == {"id", "query", "count", "first_seen", "last_seen"}


@pytest.mark.parametrize(
    ("params", "headers"),
    [
        ({"q": "Okafor"}, {}),  # found someone
        ({"q": "Okafer"}, {}),  # found someone by a similar name
        ({"q": ""}, {}),  # no text
        ({"q": "-MEG"}, {}),  # nothing asked for, only excluded
        ({"q": "!!!"}, {}),  # punctuation only
        ({"q": "nobody here", "page": "2"}, {}),  # past the end is not a gap
        ({"q": "nobody here"}, {"HTTP_HX_TRIGGER": "id_q", **HTMX}),  # still typing
    ],
)
def test_searches_that_are_not_gaps_are_not_counted(client, searchable, params, headers):
    client.get(LIST_URL, params, **headers)

    assert not SearchGap.objects.exists()


def test_a_submitted_live_search_is_counted(client, searchable):
    client.get(LIST_URL, {"q": "nobody here"}, HTTP_HX_TRIGGER="member-search", **HTMX)

    assert SearchGap.objects.get().query == "nobody here"


def test_search_gaps_are_listed_read_only_in_the_admin_most_frequent_first(admin_client, db):
    SearchGap.objects.create(query="rare", count=1)
    SearchGap.objects.create(query="common", count=9)

    response = admin_client.get(reverse("admin:members_searchgap_changelist"))

    assert [gap.query for gap in response.context["cl"].result_list] == ["common", "rare"]
    assert admin_client.get(reverse("admin:members_searchgap_add")).status_code == 403
    gap = SearchGap.objects.get(query="rare")
    change = admin_client.get(reverse("admin:members_searchgap_change", args=[gap.pk]))
    assert change.status_code == 200
    assert 'name="_save"' not in change.content.decode()


# ---------------------------------------------------------------- queries per page


def _count(queries) -> int:
    return len(queries.captured_queries)


@pytest.mark.parametrize("params", [{"q": "fellow"}, {}, {"q": "fellow", "open_to": "methods", "role": "researcher"}])
def test_search_page_query_count_is_small_and_flat(
    client, searchable, transactional_db, django_assert_max_num_queries, params
):
    crowd(10, areas=searchable.areas[:3], open_to=[Member.OpenTo.METHODS])
    refresh_search_vectors()
    client.get(LIST_URL)  # the taxonomy is cached from here on
    forget_browse_facets()  # count the facet statement even where its result is cached
    with django_assert_max_num_queries(SEARCH_QUERIES) as few:
        client.get(LIST_URL, params)

    crowd(40, areas=searchable.areas, open_to=[Member.OpenTo.METHODS], publications=2)
    refresh_search_vectors()
    forget_browse_facets()
    with django_assert_max_num_queries(SEARCH_QUERIES) as many:
        response = client.get(LIST_URL, params)

    assert len(names(response)) == 20
    assert _count(few) == _count(many)


def test_empty_search_page_query_count(client, searchable, transactional_db, django_assert_max_num_queries):
    crowd(30, areas=searchable.areas[:3])
    refresh_search_vectors()
    client.get(LIST_URL)  # the taxonomy is cached from here on
    with django_assert_max_num_queries(EMPTY_SEARCH_QUERIES):
        response = client.get(LIST_URL, {"q": "zebrafish"})

    assert names(response) == []


def test_htmx_search_query_count(client, searchable, transactional_db, django_assert_max_num_queries):
    crowd(30, areas=searchable.areas[:3])
    refresh_search_vectors()
    client.get(LIST_URL)  # the taxonomy is cached from here on
    with django_assert_max_num_queries(SEARCH_QUERIES):
        client.get(LIST_URL, {"q": "fellow", "area": searchable.areas[0].pk}, **HTMX)


def test_profile_query_count_is_flat(client, searchable, transactional_db, django_assert_max_num_queries):
    amira = searchable.members[0]
    with django_assert_max_num_queries(PROFILE_QUERIES) as few:
        client.get(amira.get_absolute_url())

    crowd(40, areas=searchable.areas[:2], publications=2)
    for n in range(10):
        MemberExpertiseFactory(member=amira, area=ExpertiseAreaFactory(name=f"Area {n}", facet=Facet.ANALYSIS))
    refresh_similar()
    with django_assert_max_num_queries(PROFILE_QUERIES) as many:
        response = client.get(amira.get_absolute_url())

    assert len(response.context["similar_members"]) == 6
    assert _count(few) == _count(many)


def test_the_page_and_search_page_agree(client, searchable):
    """The view shows exactly what search_page ranks, for the same visible members."""
    response = client.get(LIST_URL, {"q": "epilepsy"})

    expected = search_page(Member.objects.visible_to(AnonymousUser()), "epilepsy")
    assert names(response) == [member.full_name for member in expected.members]


def test_hidden_and_pending_members_never_appear_in_results_or_counts(client, searchable):
    MemberFactory(full_name="Pending Okafor", status=Member.Status.PENDING, institution=searchable.institutions[0])
    refresh_search_vectors()

    response = client.get(LIST_URL, {"q": "Okafor"})

    assert names(response) == ["Amira Okafor"]
    institution = next(group for group in response.context["facets"] if group.field == "institution")
    assert [(option.label, option.count) for option in institution.options] == [("University of Nottingham", 1)]
