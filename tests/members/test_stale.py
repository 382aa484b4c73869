"""Stale profiles: the admin filter, the bulk "please confirm" emails and the one-click link they carry."""

import re
import time
from datetime import timedelta
from unittest import mock

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from members import stale
from members.models import Member
from tests.factories import MemberFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=400)


def make_stale(*members):
    Member.objects.filter(pk__in=[m.pk for m in members]).update(updated_at=LONG_AGO, availability_confirmed_at=None)


@pytest.fixture
def stale_alice(alice):
    member = alice.member
    make_stale(member)
    return Member.objects.get(pk=member.pk)


def link_in(message) -> str:
    return re.search(r"https?://\S+/profile-check/\S+/", message.body).group(0)


def path_of(url: str) -> str:
    return "/" + url.split("/", 3)[3]


def test_stale_means_neither_confirmed_nor_edited_for_a_year(network):
    old, confirmed, edited = network.members[:3]
    make_stale(old, confirmed, edited)
    Member.objects.filter(pk=confirmed.pk).update(availability_confirmed_at=timezone.now() - timedelta(days=30))
    Member.objects.filter(pk=edited.pk).update(updated_at=timezone.now() - timedelta(days=30))

    assert list(stale.stale_members()) == [old]


def test_the_admin_lists_stale_profiles(admin_client, network):
    old = network.members[0]
    make_stale(old)
    changelist = reverse("admin:members_member_changelist")

    stale_list = admin_client.get(changelist, {"freshness": "stale"})
    fresh_list = admin_client.get(changelist, {"freshness": "fresh"})

    assert list(stale_list.context["cl"].result_list) == [old]
    assert old not in fresh_list.context["cl"].result_list
    assert len(fresh_list.context["cl"].result_list) == len(network.members) - 1


def test_curators_ask_in_bulk_and_each_member_gets_one_link(admin_client, network, stale_alice):
    curated, suspended, no_address = network.members[0], network.members[1], network.members[2]
    curated.email = "amira@example.org"
    curated.save()
    suspended.status = Member.Status.SUSPENDED
    suspended.save()
    chosen = [stale_alice, curated, suspended, no_address]

    response = admin_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "ask_to_confirm", "_selected_action": [m.pk for m in chosen]},
        follow=True,
    )

    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "amira@example.org"]
    assert all(message.subject.endswith("Is your profile still accurate?") for message in mail.outbox)
    text = response.text
    assert "Asked 2 members to confirm their profiles." in text
    assert "no email address" in text and "suspended or left" in text
    assert LogEntry.objects.filter(change_message=stale.ASKED_MESSAGE).count() == 2

    # Asking again within the resend window skips them.
    mail.outbox.clear()
    again = admin_client.post(
        reverse("admin:members_member_changelist"),
        {"action": "ask_to_confirm", "_selected_action": [stale_alice.pk]},
        follow=True,
    )
    assert mail.outbox == []
    assert "already asked in the last 30 days" in again.text


def ask(member, admin_user) -> str:
    stale.ask_to_confirm(Member.objects.filter(pk=member.pk), by=admin_user)
    [message] = mail.outbox
    return path_of(link_in(message))


def test_opening_the_link_shows_the_button_and_changes_nothing(client, stale_alice, admin_user):
    path = ask(stale_alice, admin_user)

    response = client.get(path)

    assert response.status_code == 200
    assert "My profile is still accurate" in response.text
    assert response["Cache-Control"].startswith("max-age=0")
    stale_alice.refresh_from_db()
    assert stale_alice.availability_confirmed_at is None
    assert "_auth_user_id" not in client.session


def test_still_accurate_confirms_signs_in_and_the_link_then_stops_working(client, stale_alice, admin_user):
    path = ask(stale_alice, admin_user)

    response = client.post(path, {"action": "confirm"})

    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    stale_alice.refresh_from_db()
    assert timezone.now() - stale_alice.availability_confirmed_at < timedelta(minutes=1)
    assert client.session["_auth_user_id"] == str(stale_alice.user.pk)
    assert stale_alice not in stale.stale_members()

    client.logout()
    used = client.post(path, {"action": "confirm"})
    assert used.status_code == 400
    assert "already been used" in used.text
    assert "_auth_user_id" not in client.session


def test_sign_in_and_update_goes_to_the_profile_form_once(client, stale_alice, admin_user):
    path = ask(stale_alice, admin_user)

    response = client.post(path, {"action": "edit"})

    assert response.url == reverse("accounts:profile")
    assert client.session["_auth_user_id"] == str(stale_alice.user.pk)
    client.logout()
    assert client.get(path).status_code == 400  # signing in used the link


def test_the_link_expires(client, stale_alice, admin_user, settings):
    path = ask(stale_alice, admin_user)
    later = time.time() + (settings.PROFILE_CONFIRM_LINK_DAYS + 1) * 86400

    with mock.patch("django.core.signing.time.time", return_value=later):
        response = client.post(path, {"action": "confirm"})

    assert response.status_code == 400
    assert "expired" in response.text
    stale_alice.refresh_from_db()
    assert stale_alice.availability_confirmed_at is None


@pytest.mark.parametrize("token", ["nonsense", "eyJtIjoxfQ:1abc:def", "x" * 300])
def test_a_forged_or_damaged_link_is_refused(client, stale_alice, token):
    response = client.post(reverse("profile-check", args=[token]), {"action": "confirm"})
    assert response.status_code == 400
    stale_alice.refresh_from_db()
    assert stale_alice.availability_confirmed_at is None


def test_a_link_for_a_staff_account_confirms_but_never_signs_in(client, stale_alice, admin_user):
    stale_alice.user.is_staff = True
    stale_alice.user.save()
    path = ask(stale_alice, admin_user)

    page = client.get(path)
    assert "Sign in and update it" not in page.text
    response = client.post(path, {"action": "confirm"})

    assert response.status_code == 200
    assert "Thank you" in response.text
    assert "_auth_user_id" not in client.session
    stale_alice.refresh_from_db()
    assert stale_alice.availability_confirmed_at is not None


def test_a_curated_profile_without_an_account_is_confirmed_by_its_contact_address(client, admin_user, network):
    member = MemberFactory(email="curated@example.org", institution=network.institutions[0])
    make_stale(member)
    path = ask(member, admin_user)

    response = client.post(path, {"action": "confirm"})

    assert response.status_code == 200
    assert "Create an account" in response.text
    member.refresh_from_db()
    assert member.availability_confirmed_at is not None


def test_a_new_password_voids_the_link(client, stale_alice, admin_user):
    path = ask(stale_alice, admin_user)
    user = get_user_model().objects.get(pk=stale_alice.user.pk)
    user.set_password("a brand new passphrase")
    user.save()

    assert client.post(path, {"action": "confirm"}).status_code == 400


def test_only_get_and_post(client, stale_alice, admin_user):
    path = ask(stale_alice, admin_user)
    assert client.put(path).status_code == 405
