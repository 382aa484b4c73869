"""Similar members on a profile: shared expertise, rarer areas weighing more, only profiles the viewer may see."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import caches

from expertise.models import Facet
from members.models import Member
from members.similar import forget_area_holders, similar_members
from tests.factories import ExpertiseAreaFactory, MemberExpertiseFactory, MemberFactory


def person(name, *areas, **fields):
    member = MemberFactory(full_name=name, **fields)
    for area in areas:
        MemberExpertiseFactory(member=member, area=area)
    return member


@pytest.fixture(autouse=True)
def _fresh_weights():
    """The rarity weights are cached between requests; every test counts its own."""
    forget_area_holders()
    yield
    forget_area_holders()


@pytest.fixture
def people(db):
    common = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY)
    rare = ExpertiseAreaFactory(name="Sodium MRI", facet=Facet.TECHNIQUE)
    other = ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION)
    profile = person("Pat Profile", common, rare)
    for n in range(12):
        person(f"Common Crowd {n:02}", common)
    return SimpleNamespace(
        common=common,
        rare=rare,
        other=other,
        profile=profile,
        rare_only=person("Rita Rare", rare, other),
        both=person("Bo Both", common, rare),
        unrelated=person("Una Unrelated", other),
    )


def similar(member, viewer=None, **options):
    member = Member.objects.for_profile().get(pk=member.pk)
    area_ids = [link.area_id for link in member.expertise_links]
    return similar_members(member, viewer or AnonymousUser(), area_ids=area_ids, **options)


def test_sharing_a_rare_area_beats_sharing_a_common_one(people):
    found = [member.full_name for member in similar(people.profile)]

    assert found[:2] == ["Bo Both", "Rita Rare"]
    assert found[2].startswith("Common Crowd")
    assert "Una Unrelated" not in found


def test_scores_follow_rarity(people):
    scores = {member.full_name: member.score for member in similar(people.profile, limit=20)}

    assert scores["Bo Both"] > scores["Rita Rare"] > scores["Common Crowd 00"] > 0


def test_each_similar_member_names_the_shared_areas_rarest_first(people):
    both = next(member for member in similar(people.profile) if member.full_name == "Bo Both")

    assert both.shared_areas == [
        ("Sodium MRI", people.rare.get_absolute_url()),
        ("Magnetic resonance imaging", people.common.get_absolute_url()),
    ]
    assert both.institution_label == both.institution.short_name


def test_at_most_six_and_never_the_member_themself(people):
    found = similar(people.profile)

    assert len(found) == 6
    assert people.profile.pk not in [member.pk for member in found]


@pytest.mark.parametrize(
    "fields",
    [
        {"profile_visibility": Member.ProfileVisibility.HIDDEN},
        {"status": Member.Status.PENDING},
        {"status": Member.Status.SUSPENDED},
        {"status": Member.Status.LEFT},
    ],
)
def test_profiles_the_viewer_may_not_see_are_left_out(people, alice, fields):
    person("Xena Excluded", people.common, people.rare, **fields)

    assert "Xena Excluded" not in [member.full_name for member in similar(people.profile, alice, limit=50)]


def test_members_only_profiles_appear_for_signed_in_viewers_only(people, alice):
    person("Mo Members", people.rare, profile_visibility=Member.ProfileVisibility.MEMBERS)

    assert "Mo Members" not in [member.full_name for member in similar(people.profile)]
    assert "Mo Members" in [member.full_name for member in similar(people.profile, alice)]


def test_a_profile_without_expertise_has_no_similar_members_and_costs_no_query(people, django_assert_num_queries):
    loner = MemberFactory(full_name="Lone Wolf")

    with django_assert_num_queries(0):
        assert similar_members(loner, AnonymousUser(), area_ids=[]) == []


def test_rarity_counts_active_members_only(people):
    """Twelve pending members listing the rare area don't make it common."""
    for n in range(12):
        person(f"Pending {n}", people.rare, status=Member.Status.PENDING)

    assert [member.full_name for member in similar(people.profile)][:2] == ["Bo Both", "Rita Rare"]


def test_profile_page_lists_similar_members_with_their_shared_areas(client, people):
    response = client.get(people.profile.get_absolute_url())

    content = response.content.decode()
    assert '<h2 id="similar-title">Similar members</h2>' in content
    assert f'<a href="{people.both.get_absolute_url()}">Dr Bo Both</a>' in content
    assert f'<a href="{people.rare.get_absolute_url()}">Sodium MRI</a>' in content
    assert "Una Unrelated" not in content


def test_profile_page_without_similar_members_has_no_empty_section(client, db):
    loner = MemberFactory(full_name="Lone Wolf")

    assert "Similar members" not in client.get(loner.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- the rare areas' holders first, and the cache


@pytest.fixture
def layered(db):
    """A profile listing a rare, a middling and a common area, and people sharing some of them."""
    rare = ExpertiseAreaFactory(name="Sodium MRI", facet=Facet.TECHNIQUE)
    middling = ExpertiseAreaFactory(name="Spectroscopy", facet=Facet.TECHNIQUE)
    common = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY)
    for n in range(20):
        person(f"Common Crowd {n:02}", common)
    return SimpleNamespace(rare=rare, middling=middling, common=common, profile=person("Pat", rare, middling, common))


def ranked(found):
    return [(member.full_name, round(member.score, 6)) for member in found]


def similar_ranked(member, queries: int, django_assert_num_queries):
    """similar() for an uncached profile whose rarity counts are cached, in exactly `queries` queries."""
    member = Member.objects.for_profile().get(pk=member.pk)
    area_ids = [link.area_id for link in member.expertise_links]
    caches["shared"].clear()
    similar_members(member, AnonymousUser(), area_ids=area_ids, limit=1)  # caches the rarity counts
    with django_assert_num_queries(queries):
        return ranked(similar_members(member, AnonymousUser(), area_ids=area_ids))


def test_when_the_rare_areas_holders_settle_it_one_query_gives_the_full_answer(
    layered, monkeypatch, django_assert_num_queries
):
    for n in range(8):
        person(f"All Three {n}", layered.rare, layered.middling, layered.common)
    everyone = ranked(similar(layered.profile))
    monkeypatch.setattr("members.similar.RARE_HOLDERS_BUDGET", 1)  # the rarest area alone gives the candidates

    assert similar_ranked(layered.profile, 1, django_assert_num_queries) == everyone


def test_when_the_rare_areas_holders_cannot_settle_it_everyone_is_scored(
    layered, monkeypatch, django_assert_num_queries
):
    """Two people share the rare area; the next best share only the others, so a second query finds them."""
    person("Rare Only", layered.rare)
    person("Rare And Common", layered.rare, layered.common)
    for n in range(6):
        person(f"Middling And Common {n}", layered.middling, layered.common)
    everyone = ranked(similar(layered.profile))
    monkeypatch.setattr("members.similar.RARE_HOLDERS_BUDGET", 1)

    found = similar_ranked(layered.profile, 2, django_assert_num_queries)

    assert found == everyone
    assert [name for name, _score in found][:3] == ["Rare And Common", "Rare Only", "Middling And Common 0"]


def test_similar_members_are_cached_until_the_profile_changes_its_areas(layered, django_assert_num_queries):
    person("All Three", layered.rare, layered.middling, layered.common)
    member = Member.objects.for_profile().get(pk=layered.profile.pk)
    area_ids = [link.area_id for link in member.expertise_links]
    first = similar_members(member, AnonymousUser(), area_ids=area_ids)

    with django_assert_num_queries(0):
        assert ranked(similar_members(member, AnonymousUser(), area_ids=area_ids)) == ranked(first)

    MemberExpertiseFactory(member=member, area=ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION))
    epileptologist = person("Eve Epilepsy", *member.expertise.all())
    assert epileptologist.full_name in [found.full_name for found in similar(member)]
