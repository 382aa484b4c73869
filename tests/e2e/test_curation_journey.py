"""A curator signs in to the admin, opens the network dashboard and merges a duplicate; a member confirms by link."""

import re

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from members import stale
from members.demo import load_demo
from members.models import Member, SearchGap
from members.search import forget_vocabulary
from tests.factories import MemberFactory

pytestmark = pytest.mark.e2e

PASSWORD = "correct horse battery"


def sign_in_to_the_admin(page, live_server, admin_user):
    page.goto(f"{live_server.url}/admin/")
    page.get_by_label("Username").fill(admin_user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("table", name="Curation tools")).to_be_visible()


def test_a_curator_reads_the_network_dashboard(live_server, page, admin_user, assert_accessible):
    load_demo()
    forget_vocabulary()
    SearchGap.objects.create(query="cardiac pet", count=4)
    sign_in_to_the_admin(page, live_server, admin_user)
    assert_accessible(page)

    page.get_by_role("link", name="Network dashboard").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Network dashboard")
    expect(page.get_by_role("heading", name="Active members per institution")).to_be_visible()
    # The numbers behind each chart are there for screen readers, as tables with captions.
    expect(page.get_by_role("table", name="Active members per institution")).to_be_attached()
    expect(page.get_by_role("table", name="Members per institution and modality")).to_be_attached()
    expect(page.get_by_role("table", name="Searches that found nobody")).to_contain_text("cardiac pet")
    assert_accessible(page)

    page.emulate_media(color_scheme="dark")
    page.reload()
    assert_accessible(page)

    page.get_by_role("link", name="See the stale profiles").click()
    expect(page).to_have_url(re.compile(r"freshness=stale"))


def test_a_curator_merges_two_profiles_of_the_same_person(live_server, page, admin_user, network, assert_accessible):
    keep = network.members[0]
    duplicate = MemberFactory(full_name="Amira Okafor", slug="amira-okafor-copy", institution=keep.institution)
    sign_in_to_the_admin(page, live_server, admin_user)
    page.goto(f"{live_server.url}/admin/members/member/?q=Amira")
    for member in (keep, duplicate):
        # Both rows are labelled "Amira Okafor": tell them apart by the value the admin posts.
        page.locator(f'input[name="_selected_action"][value="{member.pk}"]').check()
    page.get_by_label("Action:").select_option(label="Merge the two selected members")
    page.get_by_role("button", name="Go").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two members")
    expect(page.get_by_role("table", name="The two profiles side by side")).to_contain_text("amira-okafor-copy")
    assert_accessible(page)
    page.get_by_role("radio", name=re.compile(f"#{keep.pk},")).check()
    page.get_by_label(re.compile("same person")).check()
    page.get_by_role("button", name="Merge the two profiles").click()

    expect(page.get_by_text(re.compile("Merged “Amira Okafor”"))).to_be_visible()
    assert not Member.objects.filter(pk=duplicate.pk).exists()


def test_a_member_confirms_their_profile_from_the_email(live_server, page, alice, admin_user, assert_accessible):
    member = alice.member
    Member.objects.filter(pk=member.pk).update(updated_at=timezone.now() - timezone.timedelta(days=400))
    stale.ask_to_confirm(Member.objects.filter(pk=member.pk), by=admin_user)
    [message] = mail.outbox
    path = re.search(r"/profile-check/\S+/", message.body).group(0)

    page.goto(live_server.url + path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Is your profile still accurate?")
    assert_accessible(page)
    page.get_by_role("button", name="My profile is still accurate").click()

    expect(page.get_by_text("Thank you: your profile is marked as still accurate today.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    member.refresh_from_db()
    assert member.availability_confirmed_at is not None
