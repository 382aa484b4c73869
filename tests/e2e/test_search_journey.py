import re

import pytest
from playwright.sync_api import expect

from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors
from members.similar import forget_area_holders

pytestmark = pytest.mark.e2e


@pytest.fixture
def searchable(network):
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()
    refresh_search_vectors()
    yield network
    forget_vocabulary()
    forget_browse_facets()
    forget_area_holders()


def results_heading(page):
    return page.locator("#results-title")


def test_search_updates_live_keeps_the_url_and_back_restores_the_previous_results(
    live_server, page, searchable, assert_accessible
):
    page.goto(f"{live_server.url}/members/")
    expect(results_heading(page)).to_have_text("4 members")
    assert_accessible(page)
    page.evaluate("window.searchJourneyMarker = 'no reload'")

    page.get_by_role("searchbox", name="Search members").fill("epilepsy")

    expect(results_heading(page)).to_have_text("2 members matching “epilepsy”")
    expect(page).to_have_url(re.compile(r"/members/\?q=epilepsy$"))
    expect(page.get_by_role("link", name="Dr Jonas Müller")).to_be_visible()
    expect(page.get_by_role("link", name="Dr Priya Raman")).to_be_visible()
    assert page.evaluate("window.searchJourneyMarker") == "no reload"
    assert_accessible(page)

    page.get_by_role("checkbox", name=re.compile(r"^University of Birmingham")).check()

    expect(results_heading(page)).to_have_text("1 member matching “epilepsy”")
    expect(page).to_have_url(re.compile(rf"/members/\?q=epilepsy&institution={searchable.institutions[1].pk}$"))
    expect(page.get_by_role("link", name="Dr Jonas Müller")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Remove filter: University of Birmingham"))).to_be_visible()
    assert page.evaluate("window.searchJourneyMarker") == "no reload"
    assert_accessible(page)

    page.go_back()

    expect(page).to_have_url(re.compile(r"/members/\?q=epilepsy$"))
    expect(results_heading(page)).to_have_text("2 members matching “epilepsy”")
    expect(page.get_by_role("link", name="Dr Jonas Müller")).to_be_visible()
    expect(page.get_by_role("checkbox", name=re.compile(r"^University of Birmingham"))).not_to_be_checked()
    expect(page.get_by_role("searchbox", name="Search members")).to_have_value("epilepsy")
    assert page.evaluate("window.searchJourneyMarker") == "no reload"


def test_empty_state_and_similar_members_pass_axe(live_server, page, searchable, assert_accessible):
    page.goto(f"{live_server.url}/members/?q=tractografy")
    expect(page.get_by_role("link", name="tractography")).to_be_visible()
    assert_accessible(page)

    page.goto(f"{live_server.url}{searchable.members[0].get_absolute_url()}")
    expect(page.get_by_role("heading", name="Similar members")).to_be_visible()
    assert_accessible(page)


def test_the_search_form_works_without_javascript(live_server, browser, searchable):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/members/")

    page.get_by_role("searchbox", name="Search members").fill("epilepsy")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results_heading(page)).to_have_text("2 members matching “epilepsy”")

    page.get_by_role("checkbox", name=re.compile(r"^University of Birmingham")).check()
    page.get_by_role("button", name="Apply filters").click()
    expect(results_heading(page)).to_have_text("1 member matching “epilepsy”")
    expect(page).to_have_url(re.compile(rf"q=epilepsy&institution={searchable.institutions[1].pk}"))
    context.close()
