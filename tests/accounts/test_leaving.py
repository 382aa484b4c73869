"""Download my data, and delete my account."""

import json

import pytest
from axes.models import AccessLog
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import AccountEvent
from members import collaboration, profiles
from members.models import CollaborationRequest, Member, MemberExpertise, Publication, RequestMessage
from tests.accounts.conftest import verify
from tests.accounts.test_photos import image_bytes, upload
from tests.factories import (
    ExpertiseAreaFactory,
    FacilityFactory,
    MemberExpertiseFactory,
    MemberFactory,
    PublicationFactory,
)
from tests.members.collaboration_helpers import make_open, send

State = CollaborationRequest.State

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
    assert "collaboration_requests_note" not in data
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


# ---------------------------------------------------------------- collaboration requests


@pytest.fixture
def requests_with_alice(full_alice, bob, charlie):
    """alice asked bob (accepted, with a message each way); charlie asked alice (declined)."""
    make_open(full_alice, bob, charlie)
    accepted = send(full_alice, bob, subject="OPM-MEG pipeline", message="Could we share the pipeline?")
    collaboration.accept_request(accepted, by=bob, note="Gladly.")
    collaboration.post_message(accepted, by=full_alice, body="Alice's private phone is 0123 456.")
    collaboration.post_message(accepted, by=bob, body="Bob here: see you on Tuesday.")
    declined = send(charlie, full_alice, kind="methods", subject="Spectroscopy help")
    collaboration.decline_request(declined, by=full_alice, reason="no_capacity", note="Sorry, Alice.")
    mail.outbox.clear()
    return accepted, declined


def test_the_export_lists_my_requests_with_their_events_and_messages(client, requests_with_alice, full_alice):
    client.force_login(full_alice)
    sent, received = download(client)["collaboration_requests"]

    assert {key: sent[key] for key in ("direction", "kind", "subject", "message", "state", "decline_reason")} == {
        "direction": "sent",
        "kind": "clinical",
        "subject": "OPM-MEG pipeline",
        "message": "Could we share the pipeline?",
        "state": "accepted",
        "decline_reason": None,
    }
    assert sent["other_party"] == {"name": "Dr Bob Achterberg", "slug": requests_with_alice[0].recipient.slug}
    assert sent["answered_at"] is not None
    assert [(e["action"], e["actor"], e["from_state"], e["to_state"]) for e in sent["events"]] == [
        ("sent", "Dr Alice Moreno", None, "pending"),
        ("accepted", "Dr Bob Achterberg", "pending", "accepted"),
    ]
    assert [(m["author"], m["body"]) for m in sent["messages"]] == [
        ("me", "Alice's private phone is 0123 456."),
        ("them", "Bob here: see you on Tuesday."),
    ]

    assert received["direction"] == "received"
    assert received["other_party"]["name"] == "Dr Charlie Nwosu"
    assert (received["state"], received["decline_reason"]) == ("declined", "no_capacity")
    assert received["events"][-1] == {
        "action": "declined",
        "actor": "Dr Alice Moreno",
        "from_state": "pending",
        "to_state": "declined",
        "at": received["events"][-1]["at"],
        "reason": "no_capacity",
    }
    assert received["messages"] == []


def test_the_export_reads_requests_in_a_fixed_number_of_queries(requests_with_alice, full_alice):
    with CaptureQueriesContext(connection) as with_two:
        profiles.export_member_data(full_alice)
    for n in range(3):
        other = get_user_model().objects.create_user(f"extra{n}", f"extra{n}@example.org", PASSWORD)
        MemberFactory(user=other, email=other.email, open_to=["clinical"])
        request = send(other, full_alice)
        collaboration.accept_request(request, by=full_alice)
        collaboration.post_message(request, by=other, body="Hello")
    with CaptureQueriesContext(connection) as with_five:
        data = profiles.export_member_data(full_alice)
    assert len(data["collaboration_requests"]) == 5
    assert len(with_five) == len(with_two)


def delete(client, user, capture_on_commit) -> None:
    """`user` deletes their account on the site, and the mail it queues is sent."""
    client.force_login(user)
    with capture_on_commit(execute=True):
        response = client.post(reverse("accounts:delete"), {"password": PASSWORD})
    assert response.status_code == 302
    client.logout()


def test_deleting_closes_my_pending_requests_through_the_services(
    client, full_alice, bob, charlie, django_capture_on_commit_callbacks
):
    make_open(full_alice, bob, charlie)
    mine = send(full_alice, bob, subject="Asked by alice")
    theirs = send(charlie, full_alice, subject="Asked by charlie")
    mail.outbox.clear()

    delete(client, full_alice, django_capture_on_commit_callbacks)

    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.state == State.WITHDRAWN
    assert [event.action for event in mine.events.all()] == ["sent", "withdrawn"]
    assert mine.unread_by_recipient
    assert theirs.state == State.DECLINED
    assert [event.action for event in theirs.events.all()] == ["sent", "declined"]
    assert theirs.unread_by_sender
    assert sorted(message.to[0] for message in mail.outbox) == ["bob@example.org", "charlie@example.org"]
    for message in mail.outbox:
        assert "Deleted member" in message.subject + message.body
        assert "Alice" not in message.subject + message.body


def test_after_deletion_others_see_a_deleted_member(
    client, requests_with_alice, full_alice, bob, charlie, admin_user, django_capture_on_commit_callbacks
):
    accepted, declined = requests_with_alice
    old_slug = full_alice.member.slug
    institution = full_alice.member.institution.name

    delete(client, full_alice, django_capture_on_commit_callbacks)

    client.force_login(bob)
    page = client.get(accepted.get_absolute_url())
    assert page.status_code == 200
    assert "Deleted member" in page.text
    assert "Alice" not in page.text
    assert institution not in page.text
    assert "/members/deleted-" not in page.text, "no link to a profile that is gone"
    assert "Bob here: see you on Tuesday." in page.text
    assert "0123 456" not in page.text
    assert "Could we share the pipeline?" not in page.text
    assert "Message deleted" in page.text
    listing = client.get(reverse("members:requests") + "?box=received")
    assert "Deleted member" in listing.text
    assert "Alice" not in listing.text

    client.force_login(charlie)
    page = client.get(declined.get_absolute_url())
    assert "Deleted member declined this request" in page.text
    assert "Alice" not in page.text
    listing = client.get(reverse("members:requests") + "?box=sent")
    assert "Deleted member" in listing.text
    assert "Alice" not in listing.text

    client.force_login(admin_user)
    admin_page = client.get(reverse("admin:members_collaborationrequest_change", args=[accepted.pk]))
    assert admin_page.status_code == 200
    assert "Deleted member" in admin_page.text
    assert "Alice" not in admin_page.text

    gone = f"deleted-{accepted.sender_id}"
    client.logout()
    for slug in (old_slug, gone):
        assert client.get(reverse("members:detail", args=[slug])).status_code == 404
    client.force_login(bob)
    for slug in (old_slug, gone):
        assert client.get(reverse("members:detail", args=[slug])).status_code == 404
        assert client.get(reverse("members:request-new", args=[slug])).status_code == 404


def test_deleting_erases_what_i_wrote_and_keeps_the_threads(
    client, requests_with_alice, full_alice, bob, django_capture_on_commit_callbacks
):
    accepted, declined = requests_with_alice
    alice_member = full_alice.member

    delete(client, full_alice, django_capture_on_commit_callbacks)

    thread = RequestMessage.objects.filter(request=accepted).order_by("created_at", "pk")
    assert [(message.author_id, message.body) for message in thread] == [
        (alice_member.pk, ""),
        (bob.member.pk, "Bob here: see you on Tuesday."),
    ]
    accepted.refresh_from_db()
    assert (accepted.state, accepted.message, accepted.response_note) == (State.ACCEPTED, "", "Gladly.")
    declined.refresh_from_db()
    assert (declined.message, declined.response_note) == ("Could you help us quantify them?", "")


def test_nobody_can_write_to_a_deleted_member(
    client, requests_with_alice, full_alice, bob, django_capture_on_commit_callbacks
):
    accepted, _declined = requests_with_alice
    delete(client, full_alice, django_capture_on_commit_callbacks)

    client.force_login(bob)
    page = client.get(accepted.get_absolute_url())
    assert "no new messages can be sent" in page.text
    assert reverse("members:request-message", args=[accepted.pk]) not in page.text
    response = client.post(reverse("members:request-message", args=[accepted.pk]), {"body": "Still there?"})
    assert response.status_code == 302
    assert not RequestMessage.objects.filter(body="Still there?").exists()
