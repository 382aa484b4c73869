"""Relevance table: a fixed small corpus and, for each kind of query, the expected order."""

import pytest
from django.contrib.auth.models import AnonymousUser

from expertise.models import Facet
from members.models import Member
from members.search import forget_vocabulary, highlight, refresh_search_vectors, search_page
from tests.factories import ExpertiseAreaFactory, MemberExpertiseFactory, MemberFactory, PublicationFactory


@pytest.fixture
def corpus(db):
    forget_vocabulary()
    meg = ExpertiseAreaFactory(
        name="Magnetoencephalography", facet=Facet.MODALITY, aliases=["MEG", "brain magnetic fields"]
    )
    eeg = ExpertiseAreaFactory(name="Electroencephalography", facet=Facet.MODALITY, aliases=["EEG", "brain waves"])
    dwi = ExpertiseAreaFactory(
        name="Diffusion MRI", facet=Facet.TECHNIQUE, aliases=["DTI", "tractography", "white matter"]
    )
    epilepsy = ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION, aliases=["seizures"])
    people = {
        "amira": MemberFactory(full_name="Amira Okafor", biography="Builds wearable sensor arrays for children."),
        "jonas": MemberFactory(full_name="Jonas Müller", biography="Automated segmentation of lesions."),
        "priya": MemberFactory(full_name="Priya Raman", biography="Maps fibre pathways in the ageing brain."),
        "tom": MemberFactory(
            full_name="Tom Hargreaves",
            job_title="Clinical scientist",
            biography="Reviews MEG recordings; has read about magnetoencephalography and MEG analysis.",
        ),
        "sara": MemberFactory(full_name="Sara Lindqvist", biography="Segmenting tumours on CT for radiotherapy."),
        "lena": MemberFactory(
            full_name="Lena Brooks", biography="Raman spectroscopy and Raman imaging; Raman microscopy of tissue."
        ),
    }
    for key, areas in {"amira": [meg, epilepsy], "jonas": [eeg, epilepsy], "priya": [dwi]}.items():
        for area in areas:
            MemberExpertiseFactory(member=people[key], area=area)
    PublicationFactory(member=people["priya"], title="Along-tract statistics of the corpus callosum")
    refresh_search_vectors()
    return people


def names(query, **options):
    page = search_page(Member.objects.visible_to(AnonymousUser()), query, **options)
    return [member.full_name for member in page.members]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("MEG", ["Amira Okafor", "Tom Hargreaves"]),  # acronym: expertise outranks mentions in a biography
        ("magnetoencephalography", ["Amira Okafor", "Tom Hargreaves"]),  # the reverse
        ("brain magnetic fields", ["Amira Okafor", "Tom Hargreaves"]),  # lay words widen to the area's names
        ("DTI", ["Priya Raman"]),  # acronym -> the full term
        ("brain waves", ["Jonas Müller"]),  # lay words -> EEG
        ("segmentation", ["Jonas Müller", "Sara Lindqvist"]),  # stemming: "segmenting" matches too
        ("Muller", ["Jonas Müller"]),  # accents ignored
        ("Okafer", ["Amira Okafor"]),  # one wrong letter: trigram fallback
        ('"corpus callosum"', ["Priya Raman"]),  # quoted phrase in a publication title
        ('"callosum corpus"', []),  # a phrase keeps its order
        ("MEG -wearable", ["Tom Hargreaves"]),  # exclusion
        ("epilepsy MEG", ["Amira Okafor"]),  # AND across fields
        ("Raman", ["Priya Raman", "Lena Brooks"]),  # a name match outranks three biography mentions
        ("clinical scientist", ["Tom Hargreaves"]),  # job title
    ],
)
def test_relevance_table(corpus, query, expected):
    assert names(query) == expected


def test_or_finds_either(corpus):
    assert sorted(names("DTI OR EEG")) == ["Jonas Müller", "Priya Raman"]


def test_results_say_which_expertise_matched(corpus):
    page = search_page(Member.objects.all(), "brain waves")
    assert page.matched_area_ids == {corpus["jonas"].expertise.get(name="Electroencephalography").pk}


@pytest.mark.parametrize("query", ["-", "OR", '"', '""', "- - -", "!!!", "&|:*", "(", "\\", "'", "OR OR -x"])
def test_lone_operators_and_punctuation_find_nothing_without_error(corpus, query):
    assert names(query) == []


def test_exclusion_alone_finds_nothing(corpus):
    assert names("-MEG") == []


def test_empty_query_lists_everyone_by_name(corpus):
    assert names("") == sorted(m.full_name for m in corpus.values())


def test_hidden_profiles_are_not_found(corpus):
    corpus["amira"].profile_visibility = Member.ProfileVisibility.HIDDEN
    corpus["amira"].save()
    assert names("Okafor") == []


def test_snippet_highlights_matches_and_escapes_the_text(corpus):
    corpus["sara"].biography = "Segmenting tumours <script>alert(1)</script> where T1 < T2 & contrast is poor."
    corpus["sara"].save()
    refresh_search_vectors([corpus["sara"].pk])
    page = search_page(Member.objects.all(), "tumours")
    snippet = highlight(page.members[0].snippet)
    assert "<script>" not in snippet
    assert "T1 &lt; T2 &amp; contrast" in snippet
    assert "<mark>tumours</mark>" in snippet


def test_sort_by_name_and_by_update(corpus):
    assert names("MEG", sort="name") == ["Amira Okafor", "Tom Hargreaves"]
    Member.objects.get(pk=corpus["tom"].pk).save()  # most recently updated
    assert names("MEG", sort="updated") == ["Tom Hargreaves", "Amira Okafor"]


def test_pages_and_total(corpus):
    page = search_page(Member.objects.all(), "", offset=2, limit=2)
    assert page.total == 6
    assert [m.full_name for m in page.members] == ["Lena Brooks", "Priya Raman"]


def test_saving_a_profile_keeps_its_search_document(corpus):
    member = Member.objects.get(pk=corpus["amira"].pk)
    member.job_title = "Professor"
    member.save()
    assert names("Okafor") == ["Amira Okafor"]


def test_search_works_before_any_taxonomy_is_loaded(db):
    """A new directory without expertise areas: words are searched as they are (this once looped forever)."""
    forget_vocabulary()
    member = MemberFactory(full_name="Ada Lovelace")
    refresh_search_vectors([member.pk])

    assert [found.full_name for found in search_page(Member.objects.all(), "Ada Lovelace").members] == ["Ada Lovelace"]
