"""From a clinical question to an accepted collaboration: a clinician finds an MEG expert through /find/ and asks;
the researcher signs in, sees the badge, accepts; they write to each other. axe checks every page on the way."""

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from playwright.sync_api import expect

from expertise.models import Facet
from members.models import CollaborationRequest, Member, Visibility
from members.search import forget_vocabulary, refresh_search_vectors
from members.similar import forget_area_holders
from tests.factories import ExpertiseAreaFactory, InstitutionFactory, MemberExpertiseFactory, MemberFactory

pytestmark = pytest.mark.e2e

PASSWORD = "scanner-time-on-tuesdays-42"


def _person(email: str, **fields) -> Member:
    user = get_user_model().objects.create_user(email.split("@")[0], email, PASSWORD)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return MemberFactory(user=user, email=email, **fields)


@pytest.fixture
def meg_network(db):
    forget_vocabulary()
    forget_area_holders()
    meg = ExpertiseAreaFactory(
        name="Magnetoencephalography", facet=Facet.MODALITY, aliases=["MEG", "brain magnetic fields"]
    )
    epilepsy = ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION, aliases=["seizures", "epileptic focus"])
    mri = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY, aliases=["MRI"])
    birmingham = InstitutionFactory(name="University of Birmingham", short_name="Birmingham")
    trust = InstitutionFactory(name="Midlands Hospitals NHS Trust", short_name="Midlands Hospitals")
    researcher = _person(
        "nadia.rahman@example.org",
        full_name="Nadia Rahman",
        job_title="MEG physicist",
        institution=birmingham,
        open_to=["clinical", "methods"],
        research_interests="Locating the epileptic focus with OPM-MEG before surgery.",
        email_visibility=Visibility.COLLABORATORS,
        phone="0121 414 0000",
        phone_visibility=Visibility.NOBODY,
    )
    other = MemberFactory(full_name="Tom Hargreaves", institution=birmingham, email="tom@example.org")
    clinician = _person(
        "grace.obi@example.org",
        full_name="Grace Obi",
        job_title="Consultant neurologist",
        role=Member.Role.CLINICIAN,
        institution=trust,
        email_visibility=Visibility.COLLABORATORS,
    )
    for member, areas in [(researcher, [meg, epilepsy]), (other, [mri]), (clinician, [epilepsy])]:
        for area in areas:
            MemberExpertiseFactory(member=member, area=area)
    refresh_search_vectors()
    return researcher, clinician


def sign_in(page, live_server, email: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("link", name="Sign in")).to_be_visible()


def test_a_clinician_finds_an_meg_expert_and_they_start_working_together(
    live_server, page, meg_network, assert_accessible
):
    researcher, clinician = meg_network

    # The clinician describes the need in her own words.
    sign_in(page, live_server, "grace.obi@example.org")
    page.goto(f"{live_server.url}/find/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Find an expert")
    assert_accessible(page)
    page.get_by_label("Describe what you need").fill("Someone to find the epileptic focus with MEG before surgery")
    page.get_by_label("Only people open to clinical collaboration").check()
    page.get_by_role("button", name="Find experts").click()

    first = page.get_by_role("article").first
    expect(first.get_by_role("heading", name="Nadia Rahman")).to_be_visible()
    expect(first).to_contain_text("expertise in")
    expect(first.get_by_role("link", name="Magnetoencephalography")).to_be_visible()
    assert_accessible(page)

    # The button carries the need into the request form.
    first.get_by_role("link", name="Request collaboration with Dr Nadia Rahman").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Request collaboration")
    expect(page.get_by_label("Your question")).to_have_value(
        "Someone to find the epileptic focus with MEG before surgery"
    )
    expect(page.get_by_role("radio", name="Clinical question")).to_be_checked()
    assert_accessible(page)

    # A mistake first: the errors are announced.
    page.get_by_label("Your question").fill("")
    page.get_by_role("button", name="Send request").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your question").fill(
        "Could OPM-MEG help localise seizures in two of our patients before surgery?"
    )
    page.get_by_label("Data or patients involved").fill("Two adults with focal epilepsy, clinical MRI available.")
    page.get_by_label("Timeline").fill("Surgery planned for the spring")
    page.get_by_label("Ethics approval").select_option(label="Applied for, waiting for a decision")
    page.get_by_label("Magnetoencephalography").check()
    page.get_by_role("button", name="Send request").click()

    expect(page.get_by_text("Your request has been sent to Nadia Rahman.")).to_be_visible()
    expect(page.get_by_text("Pending", exact=True)).to_be_visible()
    expect(page.get_by_role("button", name="Withdraw request")).to_be_visible()
    expect(page.get_by_text("Contact details are shared once the request is accepted.")).to_be_visible()
    assert_accessible(page)
    request = CollaborationRequest.objects.get()
    assert [m.to for m in mail.outbox if "Collaboration request from" in m.subject] == [["nadia.rahman@example.org"]]

    page.get_by_role("navigation", name="Account").get_by_role("link", name="My requests").click()
    page.get_by_role("link", name="Sent").click()
    expect(page.get_by_role("link", name=request.subject)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The researcher signs in and sees the badge.
    sign_in(page, live_server, "nadia.rahman@example.org")
    account_nav = page.get_by_role("navigation", name="Account")
    expect(account_nav.get_by_role("link", name="My requests 1 with news")).to_be_visible()
    account_nav.get_by_role("link", name="My requests 1 with news").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My requests")
    assert_accessible(page)
    page.get_by_role("link", name=request.subject).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(request.subject)
    expect(page.get_by_text("Two adults with focal epilepsy")).to_be_visible()
    expect(
        page.get_by_role("complementary", name="The people").get_by_role("link", name="Dr Grace Obi")
    ).to_be_visible()
    assert_accessible(page)
    expect(account_nav.get_by_text("with news")).to_have_count(0)

    page.get_by_label("A note with your answer").first.fill("Happy to help: let us meet next week.")
    page.get_by_role("button", name="Accept request").click()
    expect(page.get_by_text("You accepted the request.")).to_be_visible()
    expect(page.get_by_text("Accepted", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="grace.obi@example.org")).to_be_visible()
    assert_accessible(page)

    page.get_by_label("Your message").fill("Could you send the clinical MRI reports?")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Could you send the clinical MRI reports?")).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # The clinician sees the acceptance, Nadia's contact details and the message, and answers.
    sign_in(page, live_server, "grace.obi@example.org")
    page.get_by_role("navigation", name="Account").get_by_role("link", name="My requests 1 with news").click()
    page.get_by_role("link", name="Sent").click()
    page.get_by_role("link", name=request.subject).click()
    expect(page.get_by_role("link", name="nadia.rahman@example.org")).to_be_visible()
    expect(page.get_by_text("0121 414 0000")).to_be_visible()
    expect(page.get_by_text("Could you send the clinical MRI reports?")).to_be_visible()
    page.get_by_label("Your message").fill("Sent by secure email this morning.")
    page.get_by_role("button", name="Send message").click()
    expect(page.get_by_text("Sent by secure email this morning.")).to_be_visible()
    timeline = page.get_by_role("region", name="What happened")
    expect(timeline.get_by_role("listitem")).to_have_count(2)
    assert_accessible(page)

    # Her profile page now shows Nadia's email, which only collaborators may see.
    page.goto(f"{live_server.url}{researcher.get_absolute_url()}")
    expect(page.get_by_role("link", name="nadia.rahman@example.org")).to_be_visible()
    assert_accessible(page)

    notified = [m.to for m in mail.outbox if "New message from" in m.subject]
    assert notified == [["grace.obi@example.org"], ["nadia.rahman@example.org"]]
