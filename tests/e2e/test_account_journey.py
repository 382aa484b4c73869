"""A researcher joins: signs up, verifies the address from the email, builds a profile, and a visitor sees it."""

import io
import re

import pytest
from django.core import mail
from PIL import Image
from playwright.sync_api import expect

from members import profiles
from members.models import Member

pytestmark = pytest.mark.e2e

EMAIL = "nadia.rahman@example.org"
PASSWORD = "scanner-time-on-tuesdays-42"


def photo_bytes() -> bytes:
    buffer = io.BytesIO()
    image = Image.new("RGB", (640, 480), (14, 102, 115))
    image.paste((255, 209, 102), (220, 140, 420, 340))
    image.save(buffer, format="JPEG")
    return buffer.getvalue()


def test_a_researcher_joins_and_a_visitor_sees_her_profile(live_server, page, network, assert_accessible):
    page.goto(live_server.url)
    page.get_by_role("navigation", name="Account").get_by_role("link", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Create an account")
    assert_accessible(page)

    # A mistake first: the errors are announced and linked to their fields.
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Email address").fill(EMAIL)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Confirm password").fill(PASSWORD)
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    [message] = [m for m in mail.outbox if m.to == [EMAIL]]
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirm your email address")
    page.get_by_role("button", name="Confirm").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Set up your profile")
    page.get_by_label("Full name").fill("Nadia Rahman")
    page.get_by_label("Job title").fill("MEG physicist")
    page.get_by_label("Institution").select_option(label="University of Birmingham")
    page.get_by_role("button", name="Create my profile").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Edit my profile")
    expect(page.get_by_text("Awaiting approval.")).to_be_visible()
    assert_accessible(page)

    # The picker understands acronyms: "MEG" finds Magnetoencephalography.
    picker = page.get_by_role("combobox", name="Add an area of expertise")
    picker.fill("MEG")
    option = page.get_by_role("option", name=re.compile("Magnetoencephalography"))
    expect(option).to_be_visible()
    picker.press("ArrowDown")
    picker.press("Enter")
    main_areas = page.get_by_role("list", name="Main areas")
    expect(main_areas.get_by_role("listitem")).to_have_count(1)
    expect(main_areas.get_by_role("button", name="Remove Magnetoencephalography")).to_be_visible()
    main_areas.get_by_role("button", name="Move to other").click()
    expect(page.get_by_role("list", name="Also works in").get_by_role("listitem")).to_have_count(1)
    page.get_by_role("list", name="Also works in").get_by_role("button", name="Make main").click()
    expect(main_areas.get_by_role("listitem")).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("Biography").fill("I build and run the OPM-MEG lab's analysis pipeline.")
    page.get_by_label("Data analysis").check()
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your profile has been saved.")).to_be_visible()

    page.get_by_role("navigation", name="My account").get_by_role("link", name="Photo").click()
    page.get_by_label("Choose a photo").set_input_files(
        files=[{"name": "nadia.jpg", "mimeType": "image/jpeg", "buffer": photo_bytes()}]
    )
    page.get_by_role("button", name="Upload photo").click()
    expect(page.get_by_text("Your new photo is saved.")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="My account").get_by_role("link", name="Contact and privacy").click()
    page.get_by_role("group", name="Who can see your email address").get_by_label("Everyone").check()
    page.get_by_role("button", name="Save privacy settings").click()
    expect(page.get_by_text("Your privacy settings have been saved.")).to_be_visible()
    assert_accessible(page)

    # A curator approves (the admin action calls this same service).
    member = Member.objects.get(user__email=EMAIL)
    profiles.approve_member(member)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()

    page.goto(f"{live_server.url}{member.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nadia Rahman")
    expect(page.get_by_role("link", name="Magnetoencephalography").first).to_be_visible()
    expect(page.get_by_role("link", name=EMAIL)).to_be_visible()
    photo = page.locator("img.avatar")
    expect(photo).to_have_attribute("src", re.compile(r"/media/photos/[\w-]+\.webp$"))
    assert page.evaluate("document.querySelector('img.avatar').naturalWidth") == 400
    assert_accessible(page)


def test_sign_in_page_is_accessible_and_locks_after_five_failures(live_server, page, alice, assert_accessible):
    from allauth.account.models import EmailAddress

    EmailAddress.objects.create(user=alice, email=alice.email, verified=True, primary=True)
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    for _ in range(5):
        page.get_by_label("Email address").fill("alice@example.org")
        page.get_by_label("Password").fill("not the password")
        page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many sign-in attempts")
    assert_accessible(page)
