"""Similar members on a profile: shared expertise, rarer areas weighing more, only profiles the viewer may see."""

import io
import random
from types import SimpleNamespace

import numpy as np
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expertise.models import Facet
from members import profiles
from members.models import Member, SimilarMember
from members.similar import Network, refresh_similar, similar_members, top_columns
from tests.factories import ExpertiseAreaFactory, MemberExpertiseFactory, MemberFactory


def person(name, *areas, **fields):
    member = MemberFactory(full_name=name, **fields)
    for area in areas:
        MemberExpertiseFactory(member=member, area=area)
    return member


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
    """The profile page's list, computed afresh for everyone."""
    refresh_similar()
    member = Member.objects.for_profile().get(pk=member.pk)
    areas = [link.area for link in member.expertise_links]
    return similar_members(member, viewer or AnonymousUser(), areas=areas, **options)


def names(found):
    return [member.full_name for member in found]


def test_sharing_a_rare_area_beats_sharing_a_common_one(people):
    found = names(similar(people.profile))

    assert found[:2] == ["Bo Both", "Rita Rare"]
    assert found[2].startswith("Common Crowd")
    assert "Una Unrelated" not in found


def test_scores_follow_rarity(people):
    scores = {member.full_name: member.score for member in similar(people.profile)}

    assert scores["Bo Both"] > scores["Rita Rare"] > scores["Common Crowd 00"] > 0


def test_scores_are_the_shared_areas_inverse_document_frequencies(people):
    """16 active members, 14 of whom list MRI and 3 sodium MRI: ln(1 + 16/14) + ln(1 + 16/3)."""
    both = next(member for member in similar(people.profile) if member.full_name == "Bo Both")

    assert both.score == pytest.approx(np.log(1 + 16 / 14) + np.log(1 + 16 / 3), abs=1e-3)


def test_equal_scores_go_by_name(people):
    crowd = [name for name in names(similar(people.profile)) if name.startswith("Common Crowd")]

    assert crowd == ["Common Crowd 00", "Common Crowd 01", "Common Crowd 02", "Common Crowd 03"]


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

    assert "Xena Excluded" not in names(similar(people.profile, alice))


def test_members_only_profiles_appear_for_signed_in_viewers_only(people, alice):
    person("Mo Members", people.rare, profile_visibility=Member.ProfileVisibility.MEMBERS)

    assert "Mo Members" not in names(similar(people.profile))
    assert "Mo Members" in names(similar(people.profile, alice))


def test_visitors_get_six_public_profiles_even_when_members_only_ones_rank_higher(people, alice):
    for n in range(12):
        person(f"Members Only {n:02}", people.common, people.rare, profile_visibility=Member.ProfileVisibility.MEMBERS)

    assert names(similar(people.profile, alice)) == ["Bo Both", *[f"Members Only {n:02}" for n in range(5)]]
    assert names(similar(people.profile)) == ["Bo Both", "Rita Rare", *[f"Common Crowd {n:02}" for n in range(4)]]


def test_someone_suspended_after_the_lists_were_computed_is_not_shown(people):
    similar(people.profile)
    Member.objects.filter(pk=people.both.pk).update(status=Member.Status.SUSPENDED)
    member = Member.objects.for_profile().get(pk=people.profile.pk)

    found = similar_members(member, AnonymousUser(), areas=[link.area for link in member.expertise_links])

    assert "Bo Both" not in names(found)


def test_an_area_the_profile_gave_up_since_is_not_named(people):
    similar(people.profile)
    people.profile.memberexpertise_set.filter(area=people.rare).delete()
    member = Member.objects.for_profile().get(pk=people.profile.pk)

    found = similar_members(member, AnonymousUser(), areas=[link.area for link in member.expertise_links])

    assert "Rita Rare" not in names(found)  # she shared only sodium MRI
    assert next(m for m in found if m.full_name == "Bo Both").shared_areas == [
        ("Magnetic resonance imaging", people.common.get_absolute_url())
    ]


def test_a_profile_without_expertise_has_no_similar_members_and_costs_no_query(people, django_assert_num_queries):
    loner = MemberFactory(full_name="Lone Wolf")

    with django_assert_num_queries(0):
        assert similar_members(loner, AnonymousUser(), areas=[]) == []


def test_reading_a_list_is_one_query_however_many_share_the_areas(people, django_assert_num_queries):
    for n in range(30):
        person(f"More Crowd {n:02}", people.common, people.rare)
    refresh_similar()
    member = Member.objects.for_profile().get(pk=people.profile.pk)

    with django_assert_num_queries(1):
        assert len(similar_members(member, AnonymousUser(), areas=[link.area for link in member.expertise_links])) == 6


def test_reading_a_list_leaves_the_profiles_search_documents_and_biographies_behind(people):
    refresh_similar()
    member = Member.objects.for_profile().get(pk=people.profile.pk)

    with CaptureQueriesContext(connection) as queries:
        similar_members(member, AnonymousUser(), areas=[link.area for link in member.expertise_links])

    [query] = queries.captured_queries
    assert "search_vector" not in query["sql"] and "biography" not in query["sql"]


def test_rarity_counts_active_members_only(people):
    """Twelve pending members listing the rare area don't make it common."""
    for n in range(12):
        person(f"Pending {n}", people.rare, status=Member.Status.PENDING)

    assert names(similar(people.profile))[:2] == ["Bo Both", "Rita Rare"]


def test_profile_page_lists_similar_members_with_their_shared_areas(client, people):
    refresh_similar()

    content = client.get(people.profile.get_absolute_url()).content.decode()

    assert '<h2 id="similar-title">Similar members</h2>' in content
    assert f'<a href="{people.both.get_absolute_url()}">Dr Bo Both</a>' in content
    assert f'<a href="{people.rare.get_absolute_url()}">Sodium MRI</a>' in content
    assert "Una Unrelated" not in content


def test_profile_page_without_similar_members_has_no_empty_section(client, db):
    loner = MemberFactory(full_name="Lone Wolf")

    assert "Similar members" not in client.get(loner.get_absolute_url()).content.decode()


# ---------------------------------------------------------------- keeping the stored lists current


def stored(member, viewer=None):
    """The profile page's list as stored now, without computing anything."""
    member = Member.objects.for_profile().get(pk=member.pk)
    areas = [link.area for link in member.expertise_links]
    return names(similar_members(member, viewer or AnonymousUser(), areas=areas))


def test_changing_ones_expertise_refreshes_ones_list_and_ones_new_neighbours(people):
    """The queued task (run at once in tests) computes the member's list, and the lists they now appear in."""
    refresh_similar()
    assert "Una Unrelated" not in stored(people.profile)

    profiles.update_profile(
        people.unrelated, changes={}, expertise={people.rare.pk: "primary", people.common.pk: "primary"}
    )

    assert stored(people.unrelated)[:2] == ["Bo Both", "Pat Profile"]
    assert stored(people.profile)[:2] == ["Bo Both", "Una Unrelated"]


def test_taking_up_a_rare_area_shows_one_on_every_holders_list_at_once(people):
    """Ten people list sodium MRI; the newcomer's own list has room for six of them, yet all ten see them."""
    holders = [person(f"Sodium Holder {n:02}", people.rare) for n in range(10)]
    newcomer = person("Aaron Newcomer", people.common)
    refresh_similar()

    profiles.update_profile(newcomer, changes={}, expertise={people.rare.pk: "primary"})

    assert all("Aaron Newcomer" in stored(holder) for holder in holders)


def test_giving_up_ones_areas_takes_one_off_the_lists_one_no_longer_belongs_in(people):
    refresh_similar()
    assert "Bo Both" in stored(people.profile)

    profiles.update_profile(people.both, changes={}, expertise={people.other.pk: "primary"})

    assert "Bo Both" not in stored(people.profile)


def test_approving_a_profile_computes_its_list(people):
    newcomer = person("New Comer", people.rare, status=Member.Status.PENDING)
    refresh_similar()
    assert not SimilarMember.objects.filter(member=newcomer).exists()

    profiles.approve_member(newcomer)

    assert SimilarMember.objects.filter(member=newcomer).exists()


def test_a_full_refresh_drops_the_lists_of_members_who_left_or_list_nothing(people):
    refresh_similar()
    people.both.memberexpertise_set.all().delete()
    Member.objects.filter(pk=people.rare_only.pk).update(status=Member.Status.LEFT)

    refresh_similar()

    assert not SimilarMember.objects.filter(member__in=[people.both, people.rare_only]).exists()
    assert SimilarMember.objects.filter(member=people.profile).exists()


def test_refreshing_twice_changes_nothing(people):
    out = io.StringIO()
    call_command("refresh_similar", stdout=out)
    assert out.getvalue().startswith("Wrote the similar members of 16 member(s) in ")
    fields = ["member", "similar", "audience", "rank", "score", "shared_area_ids"]
    first = list(SimilarMember.objects.values_list(*fields))

    refresh_similar()

    assert list(SimilarMember.objects.values_list(*fields)) == first


# ---------------------------------------------------------------- the ranking, against sorting every row


@pytest.mark.parametrize("seed", range(20))
def test_top_columns_equals_a_full_sort(seed):
    """The bound that skips most columns never changes the answer: random integer scores with many ties."""
    rng = np.random.default_rng(seed)
    height, width, k = 40, random.Random(seed).choice([50, 300, 2000, 5000]), random.Random(seed).choice([1, 6, 12])
    scores = rng.integers(-1, rng.integers(2, 40), size=(height, width)).astype(np.float32)
    scores[rng.random((height, width)) < rng.random()] = 0  # sparse rows: few share an area

    columns, best = top_columns(scores, k)

    for row in range(height):
        expected = sorted((c for c in range(width) if scores[row, c] > 0), key=lambda c: (-scores[row, c], c))[:k]
        assert [c for c in columns[row] if c >= 0] == expected
        assert best[row, : len(expected)].tolist() == [scores[row, c] for c in expected]


def test_an_admin_adding_an_area_to_a_member_refreshes_their_list(people, admin_client):
    refresh_similar()
    assert "Pat Profile" not in stored(people.unrelated)

    response = admin_client.post(
        reverse("admin:members_memberexpertise_add"),
        {"member": people.unrelated.pk, "area": people.rare.pk, "emphasis": "primary"},
    )

    assert response.status_code == 302
    assert "Pat Profile" in stored(people.unrelated)


def test_someone_deleted_while_the_lists_are_computed_is_left_out(people, monkeypatch):
    """A merge may delete a duplicate between reading the network and writing its lines."""
    read_network = Network

    def network_then_a_deletion():
        network = read_network()
        Member.objects.filter(pk=people.both.pk).delete()
        return network

    monkeypatch.setattr("members.similar.Network", network_then_a_deletion)

    refresh_similar()

    connection.check_constraints()  # what committing checks: no line names someone who is gone
    assert not SimilarMember.objects.filter(similar_id=people.both.pk).exists()
    assert names(similar_members(people.profile, AnonymousUser(), areas=[people.common, people.rare]))[:2] == [
        "Rita Rare",
        "Common Crowd 00",
    ]
