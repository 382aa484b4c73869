"""Download my data, and delete my account."""

import json

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent
from members import profiles
from members.models import Member, MemberExpertise, Publication
from tests.accounts.conftest import verify
from tests.accounts.test_photos import image_bytes, upload
from tests.factories import ExpertiseAreaFactory, FacilityFactory, MemberExpertiseFactory, PublicationFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def full_alice(alice):
    """alice with expertise, a publication, a photo and a sign-in on record."""
    verify(alice)
    MemberExpertiseFactory(member=alice.member, area=ExpertiseAreaFactory(name="Magnetoencephalography"))
    PublicationFactory(member=alice.member, title="OPM-MEG in children", doi="10.1000/opm.1")
    profiles.set_photo(alice.member, upload=upload(image_bytes("JPEG"), "me.jpg"))
    AccessLog.objects.create(
        username=alice.get_username(), ip_address="192.0.2.7", user_agent="Firefox", attempt_time=timezone.now()
    )
    return alice


def download(client):
    response = client.post(reverse("accounts:data"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"].startswith('attachment; filename="mmin-directory-my-data-')
    return json.loads(response.content)


def test_the_export_contains_what_the_page_promises(client, full_alice):
    client.force_login(full_alice)
    data = download(client)
    assert data["format"] == "mmin-directory-export/1"
    assert data["account"]["email"] == "alice@example.org"
    assert data["account"]["email_addresses"] == [{"email": "alice@example.org", "verified": True, "primary": True}]
    assert data["profile"]["full_name"] == "Alice Moreno"
    assert data["profile"]["email_visibility"] == "members"
    assert data["profile"]["photo"].endswith(".webp")
    assert data["expertise"] == [
        {
            "area": "Magnetoencephalography",
            "slug": "magnetoencephalography",
            "facet": "technique",
            "emphasis": "primary",
        }
    ]
    assert data["publications"][0]["doi"] == "10.1000/opm.1"
    assert data["collaboration_requests"] == []
    assert "collaboration_requests_note" in data
    assert {"ip_address": "192.0.2.7", "user_agent": "Firefox"}.items() <= data["login_history"][-1].items()


def test_the_export_is_logged_and_holds_only_my_data(client, full_alice, bob):
    client.force_login(full_alice)
    data = download(client)
    assert "Bob" not in json.dumps(data)
    assert AccountEvent.objects.filter(kind="export", user_id=full_alice.pk, member_id=full_alice.member.pk).exists()


def test_the_export_works_without_a_profile(client, db):
    user = get_user_model().objects.create_user("new", "new@example.org", PASSWORD)
    client.force_login(user)
    data = download(client)
    assert data["profile"] is None
    assert data["publications"] == []


def test_the_data_page_explains_and_needs_sign_in(client, alice):
    assert client.get(reverse("accounts:data")).status_code == 302
    client.force_login(alice)
    page = client.get(reverse("accounts:data"))
    assert "sign-in history" in page.text


def test_a_wrong_password_deletes_nothing(client, full_alice):
    client.force_login(full_alice)
    response = client.post(reverse("accounts:delete"), {"password": "not my password"})
    assert response.status_code == 200
    assert "That password is not correct" in response.text
    assert get_user_model().objects.filter(pk=full_alice.pk).exists()
    assert Member.objects.get(pk=full_alice.member.pk).full_name == "Alice Moreno"


def test_deleting_erases_personal_data_and_keeps_others_consistent(
    client, settings, full_alice, bob, django_capture_on_commit_callbacks
):
    member = Member.objects.get(user=full_alice)
    photo_path = member.photo.path
    facility = FacilityFactory()
    facility.responsible_members.add(member, bob.member)
    client.force_login(full_alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert "_auth_user_id" not in client.session

    assert not get_user_model().objects.filter(pk=full_alice.pk).exists()
    member = Member.objects.get(pk=member.pk)
    assert member.user is None
    assert member.status == Member.Status.LEFT
    assert member.profile_visibility == Member.ProfileVisibility.HIDDEN
    assert member.full_name == "Deleted member"
    assert (member.email, member.phone, member.biography, member.orcid, member.photo.name) == ("", "", "", "", "")
    assert not MemberExpertise.objects.filter(member=member).exists()
    assert not Publication.objects.filter(member=member).exists()
    assert not AccessLog.objects.filter(username=full_alice.get_username()).exists()
    assert not any("Alice" in version.full_name for version in member.history.all()), "history is erased too"
    from pathlib import Path

    assert not Path(photo_path).exists()
    assert list(facility.responsible_members.all()) == [bob.member]
    assert Member.objects.get(pk=bob.member.pk).full_name == "Bob Achterberg"
    assert AccountEvent.objects.filter(kind="delete", member_id=member.pk).exists()
    assert client.get(reverse("members:detail", args=[member.slug])).status_code == 404


def test_deleting_needs_post_and_a_password(client, alice):
    client.force_login(alice)
    page = client.get(reverse("accounts:delete"))
    assert page.status_code == 200
    assert 'autocomplete="current-password"' in page.text
    response = client.post(reverse("accounts:delete"), {})
    assert response.status_code == 200
    assert get_user_model().objects.filter(pk=alice.pk).exists()


def test_an_account_without_a_profile_can_be_deleted(client, db):
    user = get_user_model().objects.create_user("new", "new@example.org", PASSWORD)
    client.force_login(user)
    client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert not get_user_model().objects.filter(pk=user.pk).exists()
