import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


def test_visitor_browses_from_home_to_a_facility(live_server, page, network, assert_accessible):
    page.goto(live_server.url)
    expect(page).to_have_title(re.compile("MMIN Directory"))
    assert_accessible(page)

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Institutions").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile("Institutions"))
    assert_accessible(page)

    page.get_by_role("link", name="University of Nottingham").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("University of Nottingham")
    assert_accessible(page)

    page.get_by_role("link", name="Amira Okafor").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Amira Okafor")
    assert_accessible(page)

    page.get_by_role("link", name="Magnetic resonance imaging").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Magnetic resonance imaging")
    expect(page.get_by_text("Also known as")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="7 T Philips Achieva").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("7 T Philips Achieva")
    expect(page.get_by_text("Siemens")).to_be_visible()
    assert_accessible(page)


def test_unknown_page_shows_a_friendly_404(live_server, page, db):
    response = page.goto(f"{live_server.url}/members/nobody-here/")
    assert response.status == 404
    expect(page.get_by_role("link", name="Members").first).to_be_visible()
