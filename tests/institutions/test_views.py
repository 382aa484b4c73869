import pytest
from django.urls import reverse

from expertise.models import Facet
from institutions.models import Facility, Institution
from members.models import Member
from tests.factories import (
    ExpertiseAreaFactory,
    FacilityFactory,
    InstitutionFactory,
    MemberFactory,
    UnitFactory,
    crowd,
)

LIST_URL = reverse("institutions:list")
FACILITIES_URL = reverse("institutions:facility-list")
# Counted with the small network; the tests below prove they stay flat with more rows.
LIST_QUERIES = 1  # institutions with member and facility counts
DETAIL_QUERIES = 7  # institution, units (+counts), unit members, facilities, member count, page, expertise
FACILITY_LIST_QUERIES = 3  # modalities (+counts), facility count, page
FACILITY_DETAIL_QUERIES = 3  # facility (+institution, unit, modality), responsible members, their expertise


# ---------------------------------------------------------------- institutions list


def test_list_groups_institutions_by_kind_with_visible_member_counts(client, network):
    InstitutionFactory(name="University Hospitals Birmingham", kind=Institution.Kind.NHS_TRUST)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    groups = {value: items for _, value, items in response.context["groups"]}
    assert list(groups) == ["university", "nhs_trust"]
    counts = {institution.name: institution.member_count for institution in groups["university"]}
    # Birmingham's hidden member is not counted.
    assert counts == {"University of Birmingham": 2, "University of Nottingham": 2}
    content = response.content.decode()
    assert "Universities" in content
    assert "NHS trusts" in content
    assert f'href="{network.institutions[0].get_absolute_url()}"' in content
    assert "1 facility" in content


def test_list_can_be_filtered_by_kind(client, network):
    InstitutionFactory(name="University Hospitals Birmingham", kind=Institution.Kind.NHS_TRUST)

    response = client.get(LIST_URL, {"kind": "nhs_trust"})

    names = [institution.name for _, _, items in response.context["groups"] for institution in items]
    assert names == ["University Hospitals Birmingham"]
    assert 'href="?kind=nhs_trust" aria-current="page"' in response.content.decode()


@pytest.mark.parametrize("kind", ["spaceship", "nhs\x00trust"])
def test_unknown_kind_shows_everything_with_a_message(client, network, kind):
    response = client.get(LIST_URL, {"kind": kind})

    assert response.status_code == 200
    assert len(response.context["groups"][0][2]) == 2
    assert "not one we list" in response.content.decode()


def test_list_query_count_stays_flat(client, network, django_assert_max_num_queries):
    for n in range(30):
        institution = InstitutionFactory(name=f"Trust {n}", kind=Institution.Kind.NHS_TRUST)
        crowd(2, institution=institution)
        FacilityFactory(name=f"Trust scanner {n}", institution=institution)

    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(LIST_URL)

    assert len(response.context["groups"][1][2]) == 30


# ---------------------------------------------------------------- institution detail


def test_detail_shows_description_units_facilities_and_members(client, network):
    nottingham = network.institutions[0]
    nottingham.description = "A research-intensive university.\n\nHome of MRI."
    nottingham.website = "https://www.nottingham.ac.uk/"
    nottingham.save()

    response = client.get(nottingham.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>University of Nottingham · MMIN Directory</title>" in content
    assert "<p>A research-intensive university.</p>" in content
    assert ">nottingham.ac.uk</a>" in content
    assert "University · Nottingham" in content
    assert f'id="unit-{network.units[0].pk}"' in content
    assert "Sir Peter Mansfield Imaging Centre" in content
    assert f'href="{network.members[0].get_absolute_url()}">Dr Amira Okafor</a>' in content
    assert f'href="{network.facilities[0].get_absolute_url()}"' in content
    assert [member.full_name for member in response.context["page_obj"]] == ["Amira Okafor", "Jonas Müller"]
    assert '<span aria-current="page">University of Nottingham</span>' in content


def test_detail_leaves_out_hidden_members(client, network):
    birmingham = network.institutions[1]

    response = client.get(birmingham.get_absolute_url())

    assert "Hidden Person" not in response.content.decode()
    assert response.context["page_obj"].paginator.count == 2


def test_detail_paginates_members(client, network):
    nottingham = network.institutions[0]
    crowd(30, institution=nottingham)

    response = client.get(nottingham.get_absolute_url(), {"page": 2})

    assert len(response.context["page_obj"].object_list) == 12
    assert 'href="?page=1#members"' in response.content.decode()


@pytest.mark.parametrize("page", ["x", "999", "-3"])
def test_detail_survives_bad_page_numbers(client, network, page):
    assert client.get(network.institutions[0].get_absolute_url(), {"page": page}).status_code == 200


def test_unknown_institution_is_404(client, network):
    assert client.get(reverse("institutions:detail", args=["nowhere"])).status_code == 404


def test_detail_query_count_stays_flat(client, network, django_assert_max_num_queries):
    nottingham = network.institutions[0]
    for n in range(10):
        unit = UnitFactory(institution=nottingham, name=f"Group {n}")
        crowd(3, institution=nottingham, unit=unit, areas=network.areas[:2])
        FacilityFactory(name=f"Nottingham lab {n}", institution=nottingham, unit=unit)

    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(nottingham.get_absolute_url())

    assert len(response.context["institution"].unit_list) == 11


# ---------------------------------------------------------------- facilities list


def test_facility_list_shows_every_facility_with_a_specs_summary(client, network):
    response = client.get(FACILITIES_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "2 facilities" in content
    assert f'href="{network.facilities[0].get_absolute_url()}"' in content
    assert "3&nbsp;T</span>" in content
    assert "OPM</span>" in content
    assert "192&nbsp;channels" in content
    assert "Siemens MAGNETOM Prisma" in content


def test_facility_list_filters_by_modality_including_narrower_ones(client, network):
    mri, meg = network.areas[:2]
    opm_meg = ExpertiseAreaFactory(name="OPM-MEG", facet=Facet.MODALITY, parent=meg)
    FacilityFactory(name="Wearable MEG", institution=network.institutions[1], modality=opm_meg)

    response = client.get(FACILITIES_URL, {"modality": meg.slug})

    assert [facility.name for facility in response.context["page_obj"]] == ["OPM-MEG lab", "Wearable MEG"]
    content = response.content.decode()
    assert f'<option value="{meg.slug}" selected>Magnetoencephalography (2)</option>' in content
    assert f'<option value="{opm_meg.slug}">\u00a0\u00a0\u00a0\u00a0OPM-MEG (1)</option>' in content
    assert "2 facilities for Magnetoencephalography" in content


def test_facility_filter_offers_only_modalities_with_facilities(client, network):
    ExpertiseAreaFactory(name="Ultrasound imaging", facet=Facet.MODALITY)

    content = client.get(FACILITIES_URL).content.decode()

    assert "Ultrasound imaging" not in content


@pytest.mark.parametrize("modality", ["no-such-modality", "diffusion-mri", "mag\x00netic"])
def test_unknown_modality_shows_everything_with_a_message(client, network, modality):
    response = client.get(FACILITIES_URL, {"modality": modality})

    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 2
    assert "all facilities are shown" in response.content.decode()


def test_facility_list_paginates_and_keeps_the_filter(client, network):
    for n in range(30):
        FacilityFactory(name=f"MR scanner {n:02}", institution=network.institutions[0], modality=network.areas[0])

    response = client.get(FACILITIES_URL, {"modality": network.areas[0].slug, "page": "2"})

    assert len(response.context["page_obj"].object_list) == 7
    assert f'href="?modality={network.areas[0].slug}&amp;page=1"' in response.content.decode()


def test_facility_list_query_count_stays_flat(client, network, django_assert_max_num_queries):
    for n in range(30):
        modality = ExpertiseAreaFactory(name=f"Modality {n}", facet=Facet.MODALITY)
        unit = UnitFactory(institution=network.institutions[1])
        FacilityFactory(name=f"Instrument {n}", institution=network.institutions[1], unit=unit, modality=modality)

    with django_assert_max_num_queries(FACILITY_LIST_QUERIES):
        response = client.get(FACILITIES_URL, {"modality": "modality-3"})

    assert response.context["page_obj"].paginator.count == 1


# ---------------------------------------------------------------- facility detail


@pytest.fixture
def scanner(network):
    scanner = network.facilities[0]
    scanner.manufacturer = "Philips"
    scanner.model = "Achieva"
    scanner.field_strength_tesla = "7.00"
    scanner.subject = Facility.Subject.HUMAN
    scanner.access_model = Facility.AccessModel.RECHARGE
    scanner.booking_url = "https://booking.example.org/7t"
    scanner.description = "Whole-body 7 T system with parallel transmit."
    scanner.is_illustrative = True
    scanner.save()
    return scanner


def test_facility_detail_shows_specs_access_and_people(client, network, scanner):
    response = client.get(scanner.get_absolute_url())

    assert response.status_code == 200
    content = response.content.decode()
    assert "<title>7 T Philips Achieva · MMIN Directory</title>" in content
    assert '<th scope="row">Manufacturer</th><td>Philips</td>' in content
    assert '<th scope="row">Model</th><td>Achieva</td>' in content
    assert '<th scope="row">Field strength</th><td>7 T</td>' in content
    assert '<th scope="row">Subjects</th><td>Human</td>' in content
    assert '<th scope="row">Access model</th><td>Recharge (paid access)</td>' in content
    assert "MEG sensor type" not in content
    assert 'href="https://booking.example.org/7t"' in content
    assert "Whole-body 7 T system with parallel transmit." in content
    assert "Illustrative demo data." in content
    assert f'href="{network.members[0].get_absolute_url()}"' in content
    assert f'href="{network.institutions[0].get_absolute_url()}#unit-{network.units[0].pk}"' in content
    assert f'href="{network.areas[0].get_absolute_url()}"' in content
    assert '<span aria-current="page">7 T Philips Achieva</span>' in content


def test_meg_facility_shows_sensor_type_and_channels(client, network):
    content = client.get(network.facilities[1].get_absolute_url()).content.decode()

    assert '<th scope="row">MEG sensor type</th><td>OPM</td>' in content
    assert '<th scope="row">Channels</th><td>192</td>' in content
    assert "Field strength" not in content
    assert "Illustrative demo data" not in content


def test_facility_detail_lists_only_visible_responsible_members(client, network, scanner):
    scanner.responsible_members.add(
        network.members[4], MemberFactory(full_name="Members Only", profile_visibility=Member.ProfileVisibility.MEMBERS)
    )

    response = client.get(scanner.get_absolute_url())

    assert [member.full_name for member in response.context["facility"].responsible] == ["Amira Okafor"]


def test_unknown_facility_is_404(client, network):
    assert client.get(reverse("institutions:facility-detail", args=["no-such-scanner"])).status_code == 404


def test_facility_detail_query_count_stays_flat(client, network, scanner, django_assert_max_num_queries):
    scanner.responsible_members.add(*crowd(30, areas=network.areas[:3]))

    with django_assert_max_num_queries(FACILITY_DETAIL_QUERIES):
        response = client.get(scanner.get_absolute_url())

    assert len(response.context["facility"].responsible) == 31
