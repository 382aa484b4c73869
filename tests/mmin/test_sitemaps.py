"""sitemap.xml and robots.txt: public pages only, never hidden or members-only profiles."""

import re

import pytest

from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db


def locations(response) -> list[str]:
    return re.findall(r"<loc>(.*?)</loc>", response.content.decode())


def test_the_sitemap_index_names_every_section(client, network):
    response = client.get("/sitemap.xml")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    assert locations(response) == [
        f"http://testserver/sitemap-{section}.xml"
        for section in ("pages", "members", "institutions", "facilities", "expertise")
    ]


def test_only_public_active_profiles_are_listed(client, network):
    MemberFactory(full_name="Quiet Person", slug="quiet", profile_visibility=Member.ProfileVisibility.MEMBERS)
    MemberFactory(full_name="Waiting Person", slug="waiting", status=Member.Status.PENDING)
    MemberFactory(full_name="Gone Person", slug="gone", status=Member.Status.LEFT)

    listed = locations(client.get("/sitemap-members.xml"))

    public = Member.objects.public()
    assert sorted(listed) == sorted(f"http://testserver{member.get_absolute_url()}" for member in public)
    assert len(listed) == 4
    for slug in ("quiet", "waiting", "gone", network.members[4].slug):
        assert f"/members/{slug}/" not in " ".join(listed)


def test_institutions_facilities_and_expertise_are_listed(client, network):
    assert "http://testserver/institutions/university-of-nottingham/" in locations(
        client.get("/sitemap-institutions.xml")
    )
    assert len(locations(client.get("/sitemap-facilities.xml"))) == 2
    assert "http://testserver/expertise/epilepsy/" in locations(client.get("/sitemap-expertise.xml"))
    assert "http://testserver/members/" in locations(client.get("/sitemap-pages.xml"))
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_robots_txt_points_at_the_sitemap_and_keeps_crawlers_out_of_private_paths(client):
    response = client.get("/robots.txt")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    for path in ("/admin/", "/accounts/", "/api/", "/profile-check/", "/members/?"):
        assert f"Disallow: {path}" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines


def test_robots_txt_answers_head_requests(client):
    assert client.head("/robots.txt").status_code == 200
