"""The profile workflows: create, claim, approve, suspend, edit, publications (members.profiles and its views)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery
from django.core import mail
from django.urls import reverse

from members import profiles
from members.models import Member, MemberExpertise, Publication
from tests.accounts.conftest import verify
from tests.factories import ExpertiseAreaFactory, InstitutionFactory, MemberFactory, PublicationFactory, UnitFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def dana(db, admin_user):
    """A new account with a verified address and no profile yet (an admin exists to be notified)."""
    user = get_user_model().objects.create_user("dana", "dana@example.org", PASSWORD)
    verify(user)
    return user


def searchable(member, word):
    return Member.objects.filter(pk=member.pk, search_vector=SearchQuery(word, config="mmin")).exists()


# Creating and claiming


def test_a_new_account_is_offered_to_create_a_profile(client, dana):
    client.force_login(dana)
    response = client.get(reverse("accounts:home"))
    assert "Create your profile" in response.text
    assert "Is this you?" not in response.text


def test_creating_a_profile_leaves_it_pending_and_tells_the_admins(client, dana, admin_user):
    institution = InstitutionFactory(name="Aston University")
    client.force_login(dana)
    response = client.post(
        reverse("accounts:profile-create"),
        {"full_name": "Dana Whitfield", "role": "clinician", "institution": institution.pk},
    )
    assert response.status_code == 302
    assert response.url == reverse("accounts:profile")
    member = Member.objects.get(user=dana)
    assert member.status == Member.Status.PENDING
    assert member.email == "dana@example.org"
    assert member.slug == "dana-whitfield"
    assert searchable(member, "Whitfield")
    [notice] = [message for message in mail.outbox if message.to == [admin_user.email]]
    assert "Dana Whitfield" in notice.subject
    assert f"/admin/members/member/{member.pk}/change/" in notice.body


def test_a_pending_member_sees_that_and_can_still_edit(client, dana):
    profiles.create_profile(dana, full_name="Dana Whitfield", institution=InstitutionFactory())
    client.force_login(dana)
    home = client.get(reverse("accounts:home"))
    assert "Awaiting approval" in home.text
    edit = client.get(reverse("accounts:profile"))
    assert edit.status_code == 200
    assert "Awaiting approval" in edit.text
    assert client.get(Member.objects.get(user=dana).get_absolute_url()).status_code == 404, "not public yet"
    assert client.get(reverse("accounts:preview")).status_code == 200


def test_creating_needs_a_verified_address(db):
    user = get_user_model().objects.create_user("eve", "eve@example.org", PASSWORD)
    with pytest.raises(profiles.ProfileError, match="verify your email"):
        profiles.create_profile(user, full_name="Eve", institution=InstitutionFactory())


def test_a_curated_profile_with_the_verified_address_is_offered_for_claiming(client, dana):
    curated = MemberFactory(full_name="Dana Whitfield", email="Dana@Example.ORG", user=None)
    client.force_login(dana)
    response = client.get(reverse("accounts:home"))
    assert "Is this you?" in response.text
    assert "Dana Whitfield" in response.text
    assert "Create your profile" not in response.text
    with pytest.raises(profiles.ProfileError, match="claim it"):
        profiles.create_profile(dana, full_name="Dana W", institution=curated.institution)


def test_claiming_links_the_profile_and_sends_it_for_approval(client, dana, admin_user):
    curated = MemberFactory(full_name="Dana Whitfield", email="DANA@example.org", user=None)
    client.force_login(dana)
    response = client.post(reverse("accounts:profile-claim"))
    assert response.status_code == 302
    curated.refresh_from_db()
    assert curated.user == dana
    assert curated.status == Member.Status.PENDING
    assert any("claimed" in message.subject for message in mail.outbox if message.to == [admin_user.email])


def test_a_profile_with_an_unverified_address_cannot_be_claimed(client, db):
    user = get_user_model().objects.create_user("mallory", "mallory@example.org", PASSWORD)
    verify(user, "mallory@example.org")
    curated = MemberFactory(email="victim@example.org", user=None)
    with pytest.raises(profiles.ProfileError):
        profiles.claim_profile(user, member=curated)
    client.force_login(user)
    client.post(reverse("accounts:profile-claim"))
    curated.refresh_from_db()
    assert curated.user is None


def test_a_claimed_profile_cannot_be_claimed_again(alice, dana):
    alice.member.email = "dana@example.org"
    alice.member.save()
    assert profiles.claimable_profile(dana) is None
    with pytest.raises(profiles.ProfileError, match="already belongs"):
        profiles.claim_profile(dana, member=alice.member)


def test_claim_needs_post(client, dana):
    client.force_login(dana)
    assert client.get(reverse("accounts:profile-claim")).status_code == 405


# Approval


def test_approving_publishes_the_profile_and_emails_the_member(dana, admin_user):
    member = profiles.create_profile(dana, full_name="Dana Whitfield", institution=InstitutionFactory())
    mail.outbox.clear()
    profiles.approve_member(member, by=admin_user)
    member.refresh_from_db()
    assert member.status == Member.Status.ACTIVE
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert "live" in message.subject
    assert member.get_absolute_url() in message.body
    assert member.history.first().history_user == admin_user


def test_an_active_member_cannot_be_approved_twice(alice, admin_user):
    with pytest.raises(profiles.ProfileError, match="cannot be approved"):
        profiles.approve_member(alice.member, by=admin_user)


def test_suspending_hides_the_profile(client, alice, admin_user):
    profiles.suspend_member(alice.member, by=admin_user)
    assert client.get(alice.member.get_absolute_url()).status_code == 404
    with pytest.raises(profiles.ProfileError):
        profiles.suspend_member(alice.member, by=admin_user)


# Editing my own profile (permissions with alice, bob)


def profile_data(member, **changes):
    data = {
        "full_name": member.full_name,
        "title": member.title,
        "job_title": member.job_title,
        "role": member.role,
        "career_stage": member.career_stage,
        "institution": member.institution_id,
        "unit": member.unit_id or "",
        "biography": member.biography,
        "research_interests": member.research_interests,
        "orcid": member.orcid,
        "website": member.website,
        "open_to": member.open_to,
        "capacity": member.capacity,
    }
    return data | changes


def test_edit_pages_need_sign_in(client, db):
    for name in ["accounts:home", "accounts:profile", "accounts:publications", "accounts:photo", "accounts:privacy"]:
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response.url.startswith(reverse("account_login"))


def test_alice_edits_her_own_profile(client, alice):
    unit = UnitFactory(institution=alice.member.institution, name="Centre for Magnetic Things")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"),
        profile_data(
            alice.member,
            full_name="Alice Moreno-Vidal",
            unit=unit.pk,
            biography="Builds optically pumped magnetometers.",
            orcid="https://orcid.org/0000-0002-1825-0097",
            website="www.example.ac.uk/alice",
            open_to=["methods", "supervision"],
            capacity="limited",
        ),
    )
    assert response.status_code == 302, response.context["form"].errors
    member = Member.objects.get(user=alice)
    assert member.full_name == "Alice Moreno-Vidal"
    assert member.unit == unit
    assert member.orcid == "0000-0002-1825-0097"
    assert member.website == "https://www.example.ac.uk/alice"
    assert member.open_to == ["methods", "supervision"]
    assert member.availability_confirmed_at is not None, "changing availability confirms it"
    assert searchable(member, "magnetometers")


def test_editing_never_touches_anyone_else(client, alice, bob):
    client.force_login(bob)
    client.post(reverse("accounts:profile"), profile_data(bob.member, full_name="Bob Renamed"))
    alice.member.refresh_from_db()
    bob.member.refresh_from_db()
    assert alice.member.full_name == "Alice Moreno"
    assert bob.member.full_name == "Bob Renamed"


def test_no_account_url_takes_a_member(client, alice, bob):
    """bob cannot name alice's profile: no URL of the account pages carries a member id or slug."""
    from accounts.urls import urlpatterns

    for pattern in urlpatterns:
        assert "slug" not in str(pattern.pattern) and "member" not in str(pattern.pattern)
    client.force_login(bob)
    response = client.get(reverse("accounts:profile") + f"?member={alice.member.pk}")
    assert alice.member.full_name not in response.text


def test_a_wrong_orcid_check_digit_gets_a_clear_message(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:profile"), profile_data(alice.member, orcid="0000-0002-1825-0098"))
    assert response.status_code == 200
    assert "check digit does not match" in response.text
    assert 'aria-invalid="true"' in response.text
    alice.member.refresh_from_db()
    assert alice.member.orcid == ""


def test_an_orcid_on_someone_elses_profile_is_refused(client, alice, bob):
    Member.objects.filter(pk=bob.member.pk).update(orcid="0000-0002-1825-0097")
    client.force_login(alice)
    response = client.post(reverse("accounts:profile"), profile_data(alice.member, orcid="0000-0002-1825-0097"))
    assert "already on another member" in response.text


def test_a_unit_of_another_institution_is_refused(client, alice):
    elsewhere = UnitFactory()
    client.force_login(alice)
    response = client.post(reverse("accounts:profile"), profile_data(alice.member, unit=elsewhere.pk))
    assert "This unit belongs to another institution." in response.text


def test_expertise_is_saved_with_its_emphasis(client, alice):
    meg = ExpertiseAreaFactory(name="Magnetoencephalography", aliases=["MEG"])
    epilepsy = ExpertiseAreaFactory(name="Epilepsy", aliases=["seizures"])
    client.force_login(alice)
    client.post(
        reverse("accounts:profile"),
        profile_data(alice.member, primary_areas=[meg.pk], secondary_areas=[epilepsy.pk]),
    )
    links = dict(MemberExpertise.objects.filter(member=alice.member).values_list("area__name", "emphasis"))
    assert links == {"Magnetoencephalography": "primary", "Epilepsy": "secondary"}
    assert searchable(alice.member, "seizures")
    client.post(reverse("accounts:profile"), profile_data(alice.member, primary_areas=[epilepsy.pk]))
    links = dict(MemberExpertise.objects.filter(member=alice.member).values_list("area__name", "emphasis"))
    assert links == {"Epilepsy": "primary"}


def test_an_area_cannot_be_both_main_and_other(client, alice):
    meg = ExpertiseAreaFactory(name="Magnetoencephalography")
    client.force_login(alice)
    response = client.post(
        reverse("accounts:profile"), profile_data(alice.member, primary_areas=[meg.pk], secondary_areas=[meg.pk])
    )
    assert "these are in both lists: Magnetoencephalography" in response.text
    assert not MemberExpertise.objects.filter(member=alice.member).exists()


def test_the_edit_page_works_without_javascript(client, alice):
    ExpertiseAreaFactory(name="Magnetoencephalography", aliases=["MEG"])
    client.force_login(alice)
    response = client.get(reverse("accounts:profile"))
    assert '<select name="primary_areas"' in response.text
    assert "Magnetoencephalography (MEG)" in response.text
    assert "<script" not in response.text.split("</head>")[1], "no inline scripts in the body"


def test_still_accurate_sets_the_confirmation_date(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:availability-confirm")).status_code == 405
    client.post(reverse("accounts:availability-confirm"))
    alice.member.refresh_from_db()
    assert alice.member.availability_confirmed_at is not None


def test_someone_without_a_profile_is_sent_to_create_one(client, dana):
    client.force_login(dana)
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")


# The expertise picker's suggestions


def test_suggestions_understand_aliases(client, alice):
    ExpertiseAreaFactory(name="Magnetoencephalography", aliases=["MEG", "brain magnetic fields"])
    ExpertiseAreaFactory(name="OPM-MEG")
    ExpertiseAreaFactory(name="Diffusion MRI", aliases=["DTI"])
    client.force_login(alice)
    results = client.get(reverse("accounts:expertise-search"), {"q": "meg"}).json()["results"]
    assert [result["name"] for result in results] == ["Magnetoencephalography", "OPM-MEG"]
    assert results[0]["alias"] == "MEG"
    lay_terms = client.get(reverse("accounts:expertise-search"), {"q": "magnetic fields"}).json()["results"]
    assert [result["name"] for result in lay_terms] == ["Magnetoencephalography"]


def test_suggestions_ignore_bad_input(client, alice):
    client.force_login(alice)
    assert client.get(reverse("accounts:expertise-search"), {"q": "a\x00b"}).json() == {"results": []}
    assert client.get(reverse("accounts:expertise-search"), {"q": "x" * 500}).json() == {"results": []}


def test_suggestions_need_sign_in(client, db):
    assert client.get(reverse("accounts:expertise-search"), {"q": "meg"}).status_code == 302


# Publications


def publication(**changes):
    return {
        "title": "Imaging the epileptic brain",
        "year": "2024",
        "venue": "NeuroImage",
        "doi": "",
        "url": "",
    } | changes


def test_alice_adds_a_publication_with_a_doi_link(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:publications"), publication(doi="https://doi.org/10.1016/j.neuroimage.2020.117012")
    )
    assert response.status_code == 302
    [added] = Publication.objects.filter(member=alice.member)
    assert added.doi == "10.1016/j.neuroimage.2020.117012"
    assert searchable(alice.member, "epileptic")


def test_a_malformed_doi_gets_a_message(client, alice):
    client.force_login(alice)
    response = client.post(reverse("accounts:publications"), publication(doi="not a doi"))
    assert response.status_code == 200
    assert "Enter a DOI such as" in response.text
    assert not Publication.objects.filter(member=alice.member).exists()


def test_a_duplicate_doi_is_refused_with_a_message(client, alice):
    PublicationFactory(member=alice.member, doi="10.1016/j.neuroimage.2020.117012")
    client.force_login(alice)
    response = client.post(reverse("accounts:publications"), publication(doi="10.1016/J.NEUROIMAGE.2020.117012"))
    assert "You already list a publication with the DOI" in response.text
    assert Publication.objects.filter(member=alice.member).count() == 1


def test_a_duplicate_title_and_year_is_refused(client, alice):
    PublicationFactory(member=alice.member, title="Imaging the epileptic brain", year=2024, doi="")
    client.force_login(alice)
    response = client.post(reverse("accounts:publications"), publication(title="imaging the EPILEPTIC brain"))
    assert "You already list" in response.text


def test_alice_edits_and_removes_her_publication(client, alice):
    paper = PublicationFactory(member=alice.member, title="Old title")
    client.force_login(alice)
    response = client.post(reverse("accounts:publication-edit", args=[paper.pk]), publication(title="New title"))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "New title"
    assert client.get(reverse("accounts:publication-delete", args=[paper.pk])).status_code == 405
    client.post(reverse("accounts:publication-delete", args=[paper.pk]))
    assert not Publication.objects.filter(pk=paper.pk).exists()


def test_bob_gets_404_for_alices_publication(client, alice, bob):
    paper = PublicationFactory(member=alice.member, title="Alice's paper")
    client.force_login(bob)
    assert client.get(reverse("accounts:publication-edit", args=[paper.pk])).status_code == 404
    assert client.post(reverse("accounts:publication-edit", args=[paper.pk]), publication()).status_code == 404
    assert client.post(reverse("accounts:publication-delete", args=[paper.pk])).status_code == 404
    paper.refresh_from_db()
    assert paper.title == "Alice's paper"


def test_state_changes_need_csrf(alice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(alice)
    assert strict.post(reverse("accounts:availability-confirm")).status_code == 403
