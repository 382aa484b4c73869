"""schema.org JSON-LD on profile, institution and facility pages: valid JSON, the right fields, and privacy."""

import json
import re

import pytest
from django.core.files.base import ContentFile

from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

BLOCK = re.compile(r'<script type="application/ld\+json" nonce="([^"]*)">(.*?)</script>', re.S)


def json_ld(response) -> list[dict]:
    blocks = BLOCK.findall(response.text)
    for nonce, _body in blocks:
        assert nonce, "each block carries the page's CSP nonce"
    return [json.loads(body) for _nonce, body in blocks]


@pytest.fixture
def amira(network):
    member = network.members[0]
    member.title = "Dr"
    member.job_title = "Associate Professor of MR Physics"
    member.orcid = "0000-0002-1825-0097"
    member.website = "https://example.org/amira"
    member.email, member.email_visibility = "amira@example.org", "members"
    member.phone, member.phone_visibility = "0115 000 0000", "nobody"
    member.photo.save("amira.webp", ContentFile(b"RIFF0000WEBP"), save=False)
    member.save()
    return member


def test_a_profile_carries_a_person(client, amira):
    [person] = json_ld(client.get(amira.get_absolute_url()))

    assert person["@context"] == "https://schema.org"
    assert person["@type"] == "Person"
    assert person["name"] == "Amira Okafor"
    assert person["honorificPrefix"] == "Dr"
    assert person["jobTitle"] == "Associate Professor of MR Physics"
    assert person["url"] == f"http://testserver{amira.get_absolute_url()}"
    unit, institution = person["affiliation"]
    assert unit == {
        "@type": "Organization",
        "name": "Sir Peter Mansfield Imaging Centre",
        "parentOrganization": {"@id": "http://testserver/institutions/university-of-nottingham/#organization"},
    }
    assert institution["@type"] == "CollegeOrUniversity"
    assert institution["name"] == "University of Nottingham"
    assert {term["name"] for term in person["knowsAbout"]} == {"Magnetic resonance imaging", "Diffusion MRI"}
    assert all(term["url"].startswith("http://testserver/expertise/") for term in person["knowsAbout"])
    assert person["sameAs"] == ["https://orcid.org/0000-0002-1825-0097", "https://example.org/amira"]
    assert person["image"].startswith("http://testserver/media/photos/amira")


def test_contact_details_appear_only_when_public(client, alice, amira):
    [person] = json_ld(client.get(amira.get_absolute_url()))
    assert "email" not in person and "telephone" not in person
    assert "amira@example.org" not in client.get(amira.get_absolute_url()).text

    # A signed-in member sees the address on the page, but the JSON-LD still holds only public details.
    client.force_login(alice)
    page = client.get(amira.get_absolute_url())
    assert "amira@example.org" in page.text
    [person] = json_ld(page)
    assert "email" not in person

    Member.objects.filter(pk=amira.pk).update(email_visibility="public", phone_visibility="public")
    [person] = json_ld(client.get(amira.get_absolute_url()))
    assert person["email"] == "mailto:amira@example.org"
    assert person["telephone"] == "0115 000 0000"


def test_members_only_profiles_carry_no_json_ld(client, alice, network):
    quiet = MemberFactory(full_name="Quiet Person", profile_visibility="members", email="q@example.org")
    client.force_login(alice)

    response = client.get(quiet.get_absolute_url())

    assert response.status_code == 200
    assert json_ld(response) == []


def test_the_owners_preview_carries_no_json_ld(client, alice):
    client.force_login(alice)
    response = client.get("/accounts/profile/preview/")
    assert response.status_code == 200
    assert json_ld(response) == []


def test_text_cannot_break_out_of_the_script_element(client, amira):
    Member.objects.filter(pk=amira.pk).update(job_title="</script><script>alert(1)</script> & <!--")

    response = client.get(amira.get_absolute_url())

    assert "</script><script>alert(1)" not in response.text
    [person] = json_ld(response)
    assert person["jobTitle"] == "</script><script>alert(1)</script> & <!--"


def test_an_institution_page_carries_its_organization(client, network):
    response = client.get(network.institutions[0].get_absolute_url())

    [organization] = json_ld(response)
    assert organization["@type"] == "CollegeOrUniversity"
    assert organization["name"] == "University of Nottingham"
    assert organization["alternateName"] == "Nottingham"
    assert organization["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Nottingham",
        "addressCountry": "GB",
    }
    assert organization["geo"] == {"@type": "GeoCoordinates", "latitude": 52.45, "longitude": -1.93}
    assert [unit["name"] for unit in organization["subOrganization"]] == ["Sir Peter Mansfield Imaging Centre"]
    assert [item["name"] for item in organization["owns"]] == ["7 T Philips Achieva"]


@pytest.mark.parametrize(("kind", "schema_type"), [("nhs_trust", "Hospital"), ("company", "Corporation")])
def test_an_institution_gets_the_type_of_its_kind(client, network, kind, schema_type):
    institution = network.institutions[1]
    institution.kind = kind
    institution.save()

    [organization] = json_ld(client.get(institution.get_absolute_url()))

    assert organization["@type"] == schema_type


def test_a_facility_page_carries_the_instrument_and_its_owner(client, network):
    opm = network.facilities[1]

    [graph] = json_ld(client.get(opm.get_absolute_url()))

    product, owner = graph["@graph"]
    assert product["@type"] == "Product"
    assert product["name"] == "OPM-MEG lab"
    assert product["category"] == "Magnetoencephalography"
    assert product["manufacturer"] == {"@type": "Organization", "name": "Siemens"}
    properties = {prop["name"]: prop["value"] for prop in product["additionalProperty"]}
    assert properties["MEG sensor type"] == "OPM"
    assert properties["Channels"] == 192
    assert "Field strength" not in properties
    assert owner["name"] == "University of Birmingham"
    assert owner["owns"] == {"@id": product["@id"]}
