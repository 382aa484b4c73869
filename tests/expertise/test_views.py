import pytest
from django.urls import reverse

from expertise.models import ExpertiseArea, Facet
from members.models import Member
from tests.factories import ExpertiseAreaFactory, FacilityFactory, MemberExpertiseFactory, MemberFactory, crowd

LIST_URL = reverse("expertise:list")
# Counted with the small network; the tests below prove they stay flat with more rows.
LIST_QUERIES = 2  # every area, member counts over their subtrees
DETAIL_QUERIES = 7  # area, its facet, children's member counts, facilities, member count, page, expertise


@pytest.fixture
def tree(network):
    """MEG gets two narrower areas; Priya lists MEG and OPM-MEG, a new member lists only SQUID MEG."""
    meg = network.areas[1]
    opm = ExpertiseAreaFactory(name="OPM-MEG", facet=Facet.MODALITY, parent=meg, aliases=["wearable MEG"])
    squid = ExpertiseAreaFactory(name="SQUID MEG", facet=Facet.MODALITY, parent=meg)
    MemberExpertiseFactory(member=network.members[2], area=opm)
    MemberExpertiseFactory(member=MemberFactory(full_name="Sam Squid"), area=squid)
    return meg, opm, squid


def test_list_shows_the_four_facets_as_nested_trees(client, network, tree):
    meg, opm, squid = tree

    response = client.get(LIST_URL)

    assert response.status_code == 200
    facets = response.context["facets"]
    assert [facet.facet for facet in facets] == ["modality", "technique", "analysis", "application"]
    modality_roots = {area.name: area for area in facets[0].roots}
    assert set(modality_roots) == {"Magnetic resonance imaging", "Magnetoencephalography"}
    assert modality_roots["Magnetoencephalography"].tree_children == [opm, squid]
    content = response.content.decode()
    for label in ("Modality", "Technique", "Analysis", "Application"):
        assert f">{label}</h2>" in content
    assert 'class="tree tree--nested"' in content
    assert f'href="{opm.get_absolute_url()}">OPM-MEG</a>' in content


def test_list_counts_visible_members_in_each_subtree_once(client, network, tree):
    meg, opm, squid = tree
    MemberExpertiseFactory(member=MemberFactory(profile_visibility=Member.ProfileVisibility.MEMBERS), area=opm)

    response = client.get(LIST_URL)

    counts = {}
    for facet in response.context["facets"]:
        for root in facet.roots:
            counts[root.name] = root.member_count
            counts.update({child.name: child.member_count for child in root.tree_children})
    # MEG: Priya (MEG and OPM-MEG, counted once) and Sam (SQUID MEG); the hidden and members-only ones are not counted.
    assert counts["Magnetoencephalography"] == 2
    assert counts["OPM-MEG"] == 1
    assert counts["SQUID MEG"] == 1
    assert counts["Magnetic resonance imaging"] == 2
    assert counts["Epilepsy"] == 2


def test_signed_in_viewers_also_count_members_only_profiles(client, network, tree, alice):
    MemberExpertiseFactory(member=MemberFactory(profile_visibility=Member.ProfileVisibility.MEMBERS), area=tree[1])
    client.force_login(alice)

    facets = client.get(LIST_URL).context["facets"]

    meg = next(root for root in facets[0].roots if root.name == "Magnetoencephalography")
    assert meg.member_count == 3


def test_list_query_count_stays_flat(client, network, django_assert_max_num_queries):
    for n in range(30):
        parent = ExpertiseAreaFactory(name=f"Application {n}", facet=Facet.APPLICATION)
        child = ExpertiseAreaFactory(name=f"Application {n} detail", facet=Facet.APPLICATION, parent=parent)
        crowd(1, areas=[parent, child])

    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(LIST_URL)


def test_detail_shows_description_aliases_identifiers_and_tree_links(client, network, tree):
    meg, opm, squid = tree
    meg.description = "Records the brain's magnetic fields."
    meg.aliases = ["MEG", "brain magnetic fields"]
    meg.identifiers = {"MeSH": "D015225", "BIDS": "meg"}
    meg.save()

    response = client.get(meg.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>Magnetoencephalography · MMIN Directory</title>" in content
    assert "Records the brain&#x27;s magnetic fields." in content
    assert "Also known as: MEG, brain magnetic fields" in content
    assert 'href="https://meshb.nlm.nih.gov/record/ui?ui=D015225"' in content
    assert "<code>meg</code>" in content
    assert f'href="{opm.get_absolute_url()}">OPM-MEG</a>' in content
    assert f'href="{squid.get_absolute_url()}">SQUID MEG</a>' in content
    assert [child.member_count for child in response.context["children"]] == [1, 1]
    assert f'<a href="{LIST_URL}#facet-modality">Modality</a>' in content


def test_detail_links_to_the_broader_area(client, network, tree):
    meg, opm, squid = tree

    content = client.get(opm.get_absolute_url()).content.decode()

    assert f'<a class="chip" href="{meg.get_absolute_url()}">Magnetoencephalography</a>' in content
    assert f'<a href="{meg.get_absolute_url()}">Magnetoencephalography</a>' in content  # breadcrumbs
    assert "Also known as: wearable MEG" in content


def test_detail_lists_members_of_the_area_and_narrower_areas(client, network, tree):
    meg, opm, squid = tree

    response = client.get(meg.get_absolute_url())

    names = [member.full_name for member in response.context["page_obj"]]
    assert names == ["Priya Raman", "Sam Squid"]
    assert "Hidden Person" not in response.content.decode()
    assert [member.full_name for member in client.get(opm.get_absolute_url()).context["page_obj"]] == ["Priya Raman"]


def test_detail_lists_facilities_of_the_modality_and_narrower_ones(client, network, tree):
    meg, opm, squid = tree
    FacilityFactory(name="Wearable MEG lab", institution=network.institutions[0], modality=opm)

    response = client.get(meg.get_absolute_url())

    assert [facility.name for facility in response.context["facilities"]] == ["OPM-MEG lab", "Wearable MEG lab"]
    assert f'href="{network.facilities[1].get_absolute_url()}"' in response.content.decode()


def test_non_modality_areas_have_no_facility_section(client, network):
    response = client.get(network.areas[2].get_absolute_url())

    assert response.context["facilities"] == []
    assert "Facilities <span" not in response.content.decode()


def test_detail_paginates_members(client, network):
    crowd(30, areas=[network.areas[3]], job_title="Analyst")

    response = client.get(network.areas[3].get_absolute_url(), {"page": "2"})

    assert response.context["page_obj"].paginator.count == 31
    assert len(response.context["page_obj"].object_list) == 11
    assert 'href="?page=1#members"' in response.content.decode()


@pytest.mark.parametrize("page", ["last", "0", "100"])
def test_detail_survives_bad_page_numbers(client, network, page):
    assert client.get(network.areas[0].get_absolute_url(), {"page": page}).status_code == 200


def test_unknown_area_is_404(client, network):
    assert client.get(reverse("expertise:detail", args=["phrenology"])).status_code == 404


def test_detail_query_count_stays_flat(client, network, tree, django_assert_max_num_queries):
    meg = tree[0]
    for n in range(10):
        child = ExpertiseAreaFactory(name=f"MEG variant {n}", facet=Facet.MODALITY, parent=meg)
        crowd(3, areas=[meg, child, network.areas[2]])
        FacilityFactory(name=f"MEG system {n}", institution=network.institutions[1], modality=child)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(meg.get_absolute_url())

    assert len(response.context["children"]) == 12
    assert len(response.context["facilities"]) == 11


def test_identifiers_that_are_not_a_mapping_are_ignored(client, network):
    ExpertiseArea.objects.filter(pk=network.areas[0].pk).update(identifiers=["not", "a", "mapping"])

    assert client.get(network.areas[0].get_absolute_url()).status_code == 200
