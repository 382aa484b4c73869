"""/find/: plain-language needs rank the right experts first, with the reasons shown."""

import pytest
from django.urls import reverse

from expertise.models import Facet
from members.find import find_members, understand
from members.models import Member
from members.search import forget_vocabulary, refresh_search_vectors
from members.similar import forget_area_holders
from tests.factories import ExpertiseAreaFactory, InstitutionFactory, MemberExpertiseFactory, MemberFactory

FIND_QUERIES = 6  # institutions for the filter, ranking, cards, their expertise; + the rarity weights when cold


@pytest.fixture
def corpus(db):
    """A fixed slice of the network: eight people whose expertise overlaps in instructive ways."""
    forget_vocabulary()
    forget_area_holders()
    area = {}

    def make(name, facet, aliases, parent=None):
        area[name] = ExpertiseAreaFactory(name=name, facet=facet, aliases=aliases, parent=parent)

    make("Magnetic resonance imaging", Facet.MODALITY, ["MRI", "MR imaging", "magnetic resonance"])
    make("Magnetoencephalography", Facet.MODALITY, ["MEG", "brain magnetic fields"])
    make("OPM-MEG", Facet.MODALITY, ["optically pumped magnetometers", "wearable MEG"], area["Magnetoencephalography"])
    make("Electroencephalography", Facet.MODALITY, ["EEG", "brain waves"])
    make("Diffusion MRI", Facet.TECHNIQUE, ["DTI", "tractography", "white matter"])
    make("Cardiac MRI", Facet.TECHNIQUE, ["CMR", "heart MRI"])
    make("Image segmentation", Facet.ANALYSIS, ["segmentation", "lesion segmentation"])
    make("Deep learning", Facet.ANALYSIS, ["neural networks", "AI", "artificial intelligence"])
    make("Multiple sclerosis", Facet.APPLICATION, ["MS", "demyelination", "white matter lesions"])
    make("Epilepsy", Facet.APPLICATION, ["seizures", "epileptic focus"])
    make("Dementia", Facet.APPLICATION, ["Alzheimer's disease", "memory loss"])
    make("Neurodevelopment", Facet.APPLICATION, ["child development", "paediatrics", "children"])

    nottingham = InstitutionFactory(name="University of Nottingham", short_name="Nottingham")
    birmingham = InstitutionFactory(name="University of Birmingham", short_name="Birmingham")
    people = {}

    def person(key, institution, areas, **fields):
        fields.setdefault("open_to", ["clinical", "methods"])
        slug = key.lower().replace(" ", "-")
        member = MemberFactory(full_name=key, slug=slug, institution=institution, email=f"{slug}@example.org", **fields)
        for name in areas:
            MemberExpertiseFactory(member=member, area=area[name])
        people[key] = member

    person(
        "Lena Lesion",
        nottingham,
        ["Multiple sclerosis", "Image segmentation", "Magnetic resonance imaging"],
        research_interests="Quantifying white matter lesions on 3T scanners.",
    )
    person(
        "Dev Diffusion",
        nottingham,
        ["Diffusion MRI", "Magnetic resonance imaging"],
        biography="Tractography of white matter pathways.",
    )
    person("Mo Meg", birmingham, ["Magnetoencephalography", "Epilepsy"], biography="Presurgical mapping with MEG.")
    person("Opal Opm", birmingham, ["OPM-MEG"], biography="Wearable sensors.")
    person("Ella Eeg", birmingham, ["Electroencephalography", "Neurodevelopment"], open_to=[])
    person("Hari Heart", nottingham, ["Cardiac MRI"], biography="Heart function in athletes.")
    person("Ada Ai", nottingham, ["Deep learning", "Dementia"], biography="Predicting decline from scans.")
    person(
        "Cleo Clinician",
        birmingham,
        ["Epilepsy"],
        role=Member.Role.CLINICIAN,
        biography="Consultant neurologist running the epilepsy surgery programme.",
    )
    person("Hidden Helen", birmingham, ["Multiple sclerosis"], profile_visibility="hidden")
    refresh_search_vectors()
    return people


def names(need: str, **filters) -> list[str]:
    members = Member.objects.visible_to(_anonymous())
    if "institution" in filters:
        members = members.filter(institution__short_name=filters["institution"])
    return [member.full_name for member in find_members(members, need).members]


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


@pytest.mark.parametrize(
    ("need", "first"),
    [
        ("We need someone to quantify white matter lesions in MS patients on 3T MRI", "Lena Lesion"),
        ("Locating the epileptic focus before surgery with MEG", "Mo Meg"),
        ("brain waves in children", "Ella Eeg"),
        ("Measuring heart function with heart MRI", "Hari Heart"),
        ("Can AI predict memory loss from scans?", "Ada Ai"),
        ("tractography", "Dev Diffusion"),
        ("wearable MEG", "Opal Opm"),
    ],
)
def test_plain_language_needs_rank_the_right_expert_first(corpus, need, first):
    assert names(need)[0] == first


def test_the_whole_need_counts_more_than_one_word(corpus):
    ranked = names("quantify white matter lesions in MS patients on 3T MRI")
    assert ranked.index("Lena Lesion") < ranked.index("Dev Diffusion")


def test_a_narrower_area_counts(corpus):
    ranked = names("MEG")
    assert ranked[:2] == ["Mo Meg", "Opal Opm"]


def test_hidden_profiles_are_never_found(corpus):
    assert "Hidden Helen" not in names("multiple sclerosis lesions")


def test_the_need_is_split_into_taxonomy_terms_and_words(corpus):
    terms = understand("We need someone to quantify white matter lesions in MS patients on 3T MRI")
    assert [term.text for term in terms] == ["quantify", "white matter lesions", "3T", "MRI"]
    assert terms[1].area_ids == (corpus["Lena Lesion"].expertise.get(name="Multiple sclerosis").pk,)


def test_words_that_only_say_what_you_want_are_ignored(corpus):
    assert understand("we need someone who can help us please") == []


def test_the_reason_names_the_areas_and_words(corpus):
    result = find_members(Member.objects.public(), "quantify white matter lesions in MS on MRI")
    lena = result.members[0]
    assert {area.name for area in lena.reason.areas} == {"Multiple sclerosis", "Magnetic resonance imaging"}
    assert lena.reason.words == ("quantify",)


def test_filters(corpus):
    assert names("epilepsy", institution="Nottingham") == []
    assert set(names("epilepsy", institution="Birmingham")) == {"Mo Meg", "Cleo Clinician"}


# ---------------------------------------------------------------- the page


def test_the_page_without_a_need_offers_examples(client, corpus):
    page = client.get(reverse("members:find"))
    assert page.status_code == 200
    assert "For example" in page.text


def test_the_page_shows_reasons_and_the_request_button_carries_the_need(client, corpus, alice):
    from tests.members.collaboration_helpers import make_open

    make_open(alice)
    client.force_login(alice)
    need = "MEG for epilepsy"
    page = client.get(reverse("members:find"), {"need": need})
    assert page.status_code == 200
    assert [m.full_name for m in page.context["result"].members][0] == "Mo Meg"
    assert "Why:" in page.text
    request_url = reverse("members:request-new", args=["mo-meg"])
    assert f'href="{request_url}?need=MEG%20for%20epilepsy"' in page.text


def test_open_to_clinical_collaboration_filter(client, corpus):
    Member.objects.filter(pk=corpus["Mo Meg"].pk).update(open_to=["methods"])
    page = client.get(reverse("members:find"), {"need": "MEG epilepsy", "clinical": "on"})
    found = [m.full_name for m in page.context["result"].members]
    assert "Mo Meg" not in found
    assert "Cleo Clinician" in found


def test_nothing_found(client, corpus):
    page = client.get(reverse("members:find"), {"need": "xylophone"})
    assert "Nobody matches yet" in page.text
    page = client.get(reverse("members:find"), {"need": "we need someone"})
    assert "We could not find anything to match" in page.text


@pytest.mark.parametrize("query", [{"need": "MEG\x00"}, {"need": "x" * 1001}, {"institution": "abc"}])
def test_bad_input_is_a_message_not_an_error(client, corpus, query):
    response = client.get(reverse("members:find"), query)
    assert response.status_code == 200
    assert response.context["result"] is None


def test_the_page_query_count_is_flat(client, corpus, django_assert_max_num_queries):
    client.get(reverse("members:find"), {"need": "MEG epilepsy"})
    with django_assert_max_num_queries(FIND_QUERIES) as few:
        client.get(reverse("members:find"), {"need": "MEG epilepsy"})
    meg = corpus["Mo Meg"].expertise.get(name="Magnetoencephalography")
    for _n in range(25):
        MemberExpertiseFactory(member=MemberFactory(open_to=["clinical"]), area=meg)
    refresh_search_vectors()
    with django_assert_max_num_queries(FIND_QUERIES) as many:
        response = client.get(reverse("members:find"), {"need": "MEG epilepsy"})
    assert len(response.context["result"].members) == 20
    assert len(few.captured_queries) == len(many.captured_queries)
