import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from expertise.models import Facet
from members.models import Member, MemberExpertise, Visibility
from members.search import forget_vocabulary, refresh_search_vectors
from tests.factories import (
    ExpertiseAreaFactory,
    FacilityFactory,
    MemberExpertiseFactory,
    MemberFactory,
    PublicationFactory,
    UnitFactory,
    crowd,
)

LIST_URL = reverse("members:list")
# Counted with the small network; the tests below prove they stay flat with more rows.
# The search page's budget (results, expertise, facets, quick hits) is tested in test_views_search.py.
LIST_QUERIES = 3  # page of members with the total (+institution, unit), their expertise, facet counts
PROFILE_QUERIES = 5  # member (+institution, unit), expertise, publications, facilities, similar members
SIGNED_IN_EXTRA = 2  # session and user


def names_on_page(response) -> list[str]:
    return [member.full_name for member in response.context["page"].members]


# ---------------------------------------------------------------- members list


def test_list_shows_public_active_members_to_anonymous_visitors(client, network):
    MemberFactory(full_name="Pending Person", status=Member.Status.PENDING)
    MemberFactory(full_name="Members Only", profile_visibility=Member.ProfileVisibility.MEMBERS)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert names_on_page(response) == ["Amira Okafor", "Jonas Müller", "Priya Raman", "Tom Hargreaves"]
    content = response.content.decode()
    assert "Hidden Person" not in content
    assert "Pending Person" not in content
    assert "Members Only" not in content
    assert "4 members</h2>" in content


def test_list_shows_members_only_profiles_to_signed_in_viewers(client, network, alice):
    MemberFactory(full_name="Members Only", profile_visibility=Member.ProfileVisibility.MEMBERS)
    client.force_login(alice)

    response = client.get(LIST_URL)

    assert "Members Only" in names_on_page(response)
    assert "Hidden Person" not in names_on_page(response)


def test_member_card_shows_avatar_job_institution_expertise_and_availability(client, network):
    amira = network.members[0]
    amira.open_to = [Member.OpenTo.CLINICAL, Member.OpenTo.SUPERVISION]
    amira.save()

    content = client.get(LIST_URL).content.decode()

    assert f'href="{amira.get_absolute_url()}"' in content
    assert ">AO</span>" in content
    assert "Research Fellow" in content
    assert "Sir Peter Mansfield Imaging Centre, Nottingham" in content
    assert f'href="{network.areas[2].get_absolute_url()}"' in content
    assert "Clinical collaboration" in content
    assert "Supervision" in content


def test_search_matches_name_or_job_title_ignoring_accents(client, network):
    # The ranked search also reads expertise, affiliation, interests and biography: see test_search.py.
    network.members[3].job_title = "Consultant Neuroradiologist"
    network.members[3].save()
    refresh_search_vectors()

    assert names_on_page(client.get(LIST_URL, {"q": "okafor"})) == ["Amira Okafor"]
    assert names_on_page(client.get(LIST_URL, {"q": "Muller"})) == ["Jonas Müller"]
    assert names_on_page(client.get(LIST_URL, {"q": "neuroradiologist"})) == ["Tom Hargreaves"]


def test_search_never_finds_hidden_members(client, network):
    assert names_on_page(client.get(LIST_URL, {"q": "Hidden"})) == []


def test_search_box_keeps_the_query(client, network):
    response = client.get(LIST_URL, {"q": 'Okafor "<b>'})

    content = response.content.decode()
    assert 'value="Okafor &quot;&lt;b&gt;"' in content
    assert "<b>" not in content


def test_search_without_results_shows_an_empty_state(client, network):
    response = client.get(LIST_URL, {"q": "nobody-by-this-name"})

    assert response.status_code == 200
    assert "No members match “nobody-by-this-name”" in response.content.decode()


def test_empty_directory_shows_how_to_join(client, db):
    content = client.get(LIST_URL).content.decode()

    assert "No profiles yet" in content
    assert "mailto:directory@mmin.example" in content


def test_query_with_a_nul_byte_gets_a_message_not_a_500(client, network):
    response = client.get(LIST_URL, {"q": "ok\x00afor"})

    assert response.status_code == 200
    assert response.context["form"].errors["q"]
    assert 'aria-invalid="true"' in response.content.decode()
    assert len(names_on_page(response)) == 4  # the text is ignored, so everyone is listed


def test_too_long_query_gets_a_message(client, network):
    response = client.get(LIST_URL, {"q": "x" * 201})

    assert response.status_code == 200
    assert response.context["form"].errors["q"]


def test_list_paginates_twenty_per_page_and_links_keep_the_query(client, network):
    crowd(30, job_title="MR Physicist")
    refresh_search_vectors()

    response = client.get(LIST_URL, {"q": "physicist"})

    assert response.context["total"] == 30
    assert len(names_on_page(response)) == 20
    content = response.content.decode()
    assert 'href="/members/?q=physicist&amp;page=2"' in content
    assert "30 members matching “physicist”" in content

    second = client.get(LIST_URL, {"q": "physicist", "page": 2})
    assert len(names_on_page(second)) == 10
    assert 'href="/members/?q=physicist"' in second.content.decode()


@pytest.mark.parametrize("page", ["abc", "0", "-1", "1.5", "2\x00", "99999999999999999999"])
def test_bad_page_numbers_show_the_first_page_with_a_message(client, network, page):
    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert response.context["criteria"].page == 1
    assert len(names_on_page(response)) == 4
    assert "That page number is not valid, so the first page is shown." in response.content.decode()


def test_an_empty_page_number_is_the_first_page(client, network):
    response = client.get(LIST_URL, {"page": ""})

    assert len(names_on_page(response)) == 4
    assert not response.context["notices"]


def test_a_page_past_the_end_says_so_and_links_to_the_first(client, network):
    refresh_search_vectors()
    response = client.get(LIST_URL, {"q": "Okafor", "page": 999})

    assert response.status_code == 200
    content = response.content.decode()
    assert "There is no page 999" in content
    assert "These results fit on 1 page (1 member)." in content
    assert 'href="/members/?q=Okafor">Go to the first page</a>' in content


def test_list_query_count_stays_flat_with_more_members(
    client, network, transactional_db, django_assert_max_num_queries
):
    crowd(30, areas=network.areas[:3], open_to=[Member.OpenTo.METHODS])
    forget_vocabulary()
    client.get(LIST_URL)  # the taxonomy is cached from here on

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(names_on_page(response)) == 20


def test_list_query_count_for_a_signed_in_viewer(
    client, network, alice, transactional_db, django_assert_max_num_queries
):
    crowd(30, areas=network.areas[:3])
    client.force_login(alice)
    forget_vocabulary()
    client.get(LIST_URL)  # the taxonomy is cached from here on

    # + the quick hits, since there is a query.
    with django_assert_max_num_queries(LIST_QUERIES + 1 + SIGNED_IN_EXTRA):
        client.get(LIST_URL, {"q": "fellow", "page": 2})


# ---------------------------------------------------------------- profile


@pytest.fixture
def amira(network):
    """Amira with every public field filled in."""
    amira = network.members[0]
    amira.job_title = "Associate Professor of MR Physics"
    amira.role = Member.Role.PHYSICIST
    amira.career_stage = Member.CareerStage.MID
    amira.biography = "Builds 7 T methods.\n\nRuns the <script>alert(1)</script> group."
    amira.research_interests = "Diffusion MRI at ultra-high field."
    amira.orcid = "0000-0002-1825-0097"
    amira.website = "https://www.example.ac.uk/amira/"
    amira.open_to = [Member.OpenTo.METHODS, Member.OpenTo.SUPERVISION]
    amira.capacity = Member.Capacity.LIMITED
    amira.availability_confirmed_at = timezone.make_aware(dt.datetime(2025, 3, 14, 12))
    amira.email = "amira.okafor@example.ac.uk"
    amira.email_visibility = Visibility.MEMBERS
    amira.phone = "0115 123 4567"
    amira.phone_visibility = Visibility.NOBODY
    amira.save()
    MemberExpertise.objects.filter(member=amira, area=network.areas[2]).update(
        emphasis=MemberExpertise.Emphasis.SECONDARY
    )
    return amira


def test_profile_shows_everything_public(client, network, amira):
    response = client.get(amira.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Dr Amira Okafor · MMIN Directory</title>" in content
    assert "<h1" in content and "Dr Amira Okafor</h1>" in content
    assert "Associate Professor of MR Physics" in content
    assert "Physicist / engineer" in content
    assert "Mid career" in content
    assert f'href="{network.institutions[0].get_absolute_url()}"' in content
    assert f'#unit-{network.units[0].pk}">Sir Peter Mansfield Imaging Centre</a>' in content
    assert "<p>Builds 7 T methods.</p>" in content
    assert "Diffusion MRI at ultra-high field." in content
    assert 'href="https://orcid.org/0000-0002-1825-0097"' in content
    assert ">example.ac.uk/amira</a>" in content
    assert "Methods development" in content
    assert "Limited capacity" in content
    assert "14 March 2025" in content
    assert f'href="{network.facilities[0].get_absolute_url()}"' in content
    assert "Tractography of the human corpus callosum at 7 T" in content
    assert "NeuroImage" in content
    assert 'href="https://doi.org/10.1016/j.test.' in content
    assert 'name="robots"' not in content


def test_profile_groups_expertise_into_primary_and_secondary(client, network, amira):
    response = client.get(amira.get_absolute_url())

    assert [link.area for link in response.context["primary_expertise"]] == [network.areas[0]]
    assert [link.area for link in response.context["secondary_expertise"]] == [network.areas[2]]
    content = response.content.decode()
    assert f'href="{network.areas[0].get_absolute_url()}">Magnetic resonance imaging</a>' in content


def test_profile_escapes_the_biography(client, network, amira):
    content = client.get(amira.get_absolute_url()).content.decode()

    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


def test_profile_has_breadcrumbs(client, network, amira):
    content = client.get(amira.get_absolute_url()).content.decode()

    assert 'aria-label="Breadcrumb"' in content
    assert f'<a href="{LIST_URL}">Members</a>' in content
    assert '<span aria-current="page">Dr Amira Okafor</span>' in content


def test_unknown_profile_is_404(client, network):
    assert client.get(reverse("members:detail", args=["nobody-here"])).status_code == 404


@pytest.mark.parametrize(
    "fields",
    [
        {"profile_visibility": Member.ProfileVisibility.HIDDEN},
        {"status": Member.Status.PENDING},
        {"status": Member.Status.SUSPENDED},
        {"status": Member.Status.LEFT},
    ],
)
def test_hidden_and_inactive_profiles_are_404_even_when_signed_in(client, alice, fields):
    member = MemberFactory(**fields)
    client.force_login(alice)

    assert client.get(member.get_absolute_url()).status_code == 404


def test_members_only_profile_is_404_for_anonymous_visitors(client, db):
    member = MemberFactory(profile_visibility=Member.ProfileVisibility.MEMBERS)

    assert client.get(member.get_absolute_url()).status_code == 404


def test_members_only_profile_is_shown_to_signed_in_viewers_but_not_indexed(client, alice):
    member = MemberFactory(profile_visibility=Member.ProfileVisibility.MEMBERS)
    client.force_login(alice)

    response = client.get(member.get_absolute_url())

    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.content.decode()


def test_anonymous_visitors_never_see_a_non_public_email_or_phone(client, network, amira):
    content = client.get(amira.get_absolute_url()).content.decode()

    assert "amira.okafor@example.ac.uk" not in content
    assert "0115" not in content
    assert "has not made contact details public" in content


def test_public_email_and_phone_are_shown_to_everyone(client, network, amira):
    amira.email_visibility = Visibility.PUBLIC
    amira.phone_visibility = Visibility.PUBLIC
    amira.save()

    content = client.get(amira.get_absolute_url()).content.decode()

    assert 'href="mailto:amira.okafor@example.ac.uk"' in content
    assert 'href="tel:01151234567"' in content


def test_signed_in_members_see_a_members_email_but_not_a_private_phone(client, network, amira, alice):
    client.force_login(alice)

    content = client.get(amira.get_absolute_url()).content.decode()

    assert "amira.okafor@example.ac.uk" in content
    assert "0115" not in content


@pytest.mark.parametrize("visibility", [Visibility.COLLABORATORS, Visibility.NOBODY])
def test_collaborator_and_nobody_emails_stay_hidden_from_other_members(client, network, amira, alice, visibility):
    amira.email_visibility = visibility
    amira.save()
    client.force_login(alice)

    assert "amira.okafor@example.ac.uk" not in client.get(amira.get_absolute_url()).content.decode()


def test_the_owner_sees_their_own_private_details(client, network, amira, django_user_model):
    owner = django_user_model.objects.create_user("amira", "amira@example.org", "pw")
    amira.user = owner
    amira.save()
    client.force_login(owner)

    content = client.get(amira.get_absolute_url()).content.decode()

    assert "amira.okafor@example.ac.uk" in content
    assert "0115 123 4567" in content


def test_profile_query_count_stays_flat_with_many_related_rows(client, network, django_assert_max_num_queries):
    amira = network.members[0]
    for n in range(30):
        MemberExpertiseFactory(
            member=amira, area=ExpertiseAreaFactory(name=f"Area {n}", facet=Facet.ANALYSIS), emphasis="secondary"
        )
    PublicationFactory.create_batch(30, member=amira)
    for n in range(10):
        unit = UnitFactory(institution=network.institutions[0])
        FacilityFactory(name=f"Lab {n}", institution=network.institutions[0], unit=unit).responsible_members.add(amira)

    with django_assert_max_num_queries(PROFILE_QUERIES):
        response = client.get(amira.get_absolute_url())

    assert len(response.context["secondary_expertise"]) == 30
    assert len(response.context["member"].facilities_run) == 11


def test_profile_query_count_for_a_signed_in_viewer(client, network, alice, django_assert_max_num_queries):
    client.force_login(alice)

    # + the viewer's own profile, read once to decide what contact details they may see;
    # + the header's unread-requests badge, which also loads the request button's state (members.collaboration).
    with django_assert_max_num_queries(PROFILE_QUERIES + SIGNED_IN_EXTRA + 2):
        client.get(network.members[0].get_absolute_url())
