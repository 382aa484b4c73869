"""Sign-up with email verification, sign-in and out, password reset, email change, lockout, headers."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from tests.accounts.conftest import verify

PASSWORD = "correct horse battery"
NEW_PASSWORD = "a quite different passphrase 7"
LINK = re.compile(r"https?://\S+")


def link_in(message) -> str:
    return LINK.search(message.body).group(0)


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def sign_up(client, email="dana@example.org"):
    return client.post(
        reverse("account_signup"), {"email": email, "password1": NEW_PASSWORD, "password2": NEW_PASSWORD}
    )


def test_sign_up_needs_only_email_and_password(client, db):
    response = client.get(reverse("account_signup"))
    form = response.context["form"]
    assert set(form.fields) == {"email", "password1", "password2"}
    assert 'autocomplete="email"' in response.text


def test_sign_up_sends_a_verification_link_and_does_not_sign_in(client, db):
    response = sign_up(client)
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    [message] = mail.outbox
    assert message.to == ["dana@example.org"]
    assert message.subject == "[MMIN Directory] Please confirm your email address"
    assert "/accounts/confirm-email/" in link_in(message)
    assert not EmailAddress.objects.get(email="dana@example.org").verified
    assert "_auth_user_id" not in client.session


def test_the_link_verifies_the_address_and_signs_in(client, db):
    sign_up(client)
    confirm = path_of(link_in(mail.outbox[0]))
    page = client.get(confirm)
    assert page.status_code == 200
    assert "Confirm" in page.text
    assert not EmailAddress.objects.get(email="dana@example.org").verified, "opening the link alone must not verify"
    response = client.post(confirm)
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert EmailAddress.objects.get(email="dana@example.org").verified
    assert client.get(reverse("accounts:home")).status_code == 200


def test_an_unverified_account_cannot_sign_in(client, db):
    sign_up(client)
    client.logout()
    mail.outbox.clear()
    response = client.post(reverse("account_login"), {"login": "dana@example.org", "password": NEW_PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("account_email_verification_sent")
    assert "_auth_user_id" not in client.session


def test_sign_in_with_email_and_sign_out(client, alice):
    verify(alice)
    response = client.post(reverse("account_login"), {"login": "ALICE@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("accounts:home")
    assert client.session["_auth_user_id"] == str(alice.pk)
    home = client.get("/")
    assert "Sign out" in home.text
    assert "My account" in home.text
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
    assert "Sign in" in client.get("/").text


def test_a_wrong_password_gets_a_clear_message(client, alice):
    verify(alice)
    response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": "nope"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in response.text


def test_password_reset_by_email_link(client, alice):
    verify(alice)
    client.post(reverse("account_reset_password"), {"email": "alice@example.org"})
    [message] = mail.outbox
    assert "/accounts/password/reset/key/" in message.body
    form_page = client.get(path_of(link_in(message)), follow=True)
    action = form_page.context["action_url"]
    response = client.post(action, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.check_password(NEW_PASSWORD)


def test_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_changing_email_waits_for_the_new_address_to_be_verified(client, alice):
    verify(alice)
    client.force_login(alice)
    client.post(reverse("account_email"), {"action_add": "", "email": "alice.moreno@example.org"})
    alice.refresh_from_db()
    assert alice.email == "alice@example.org"
    assert alice.member.email == "alice@example.org"
    [message] = [m for m in mail.outbox if m.to == ["alice.moreno@example.org"]]
    client.post(path_of(link_in(message)))
    alice.refresh_from_db()
    assert alice.email == "alice.moreno@example.org"
    assert alice.member.email == "alice.moreno@example.org"
    assert list(EmailAddress.objects.filter(user=alice).values_list("email", flat=True)) == ["alice.moreno@example.org"]
    assert any(m.to == ["alice@example.org"] and "changed" in m.body for m in mail.outbox), "the old address is told"


# Lockout (django-axes)


def fail(client, email="alice@example.org"):
    return client.post(reverse("account_login"), {"login": email, "password": "wrong password"})


def test_five_failures_lock_the_address_for_this_ip(client, alice):
    verify(alice)
    for _ in range(4):
        assert fail(client).status_code == 200
    locked = fail(client)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.text
    assert "15 minutes" in locked.text
    assert "reset it by email" in locked.text
    right_password = client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert right_password.status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_address_not_for_everyone(client, alice, bob):
    verify(alice)
    verify(bob)
    for _ in range(5):
        fail(client)
    response = client.post(reverse("account_login"), {"login": "bob@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(bob.pk)


def test_the_lock_lifts_after_fifteen_minutes(client, alice):
    verify(alice)
    for _ in range(5):
        fail(client)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    response = client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)


def test_success_resets_the_failure_count(client, alice):
    verify(alice)
    for _ in range(3):
        fail(client)
    client.post(reverse("account_login"), {"login": "alice@example.org", "password": PASSWORD})
    assert not AccessAttempt.objects.filter(username="alice@example.org").exists()


def test_admin_sign_in_by_username_still_works(client, admin_user):
    response = client.post(
        reverse("admin:login"), {"username": "admin", "password": PASSWORD, "next": reverse("admin:index")}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(admin_user.pk)


# Headers


@pytest.mark.parametrize("name", ["account_login", "account_signup", "account_reset_password"])
def test_entrance_pages_are_never_cached(client, db, name):
    response = client.get(reverse(name))
    assert "no-store" in response.headers["Cache-Control"]
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.parametrize("name", ["accounts:home", "accounts:profile", "accounts:privacy", "account_email"])
def test_account_pages_are_never_cached(client, alice, name):
    verify(alice)
    client.force_login(alice)
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert "no-store" in response.headers["Cache-Control"]


def test_public_pages_are_not_marked_no_store(client, db):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")


def test_failed_sign_ins_are_throttled_per_ip_across_addresses(client, db):
    for n in range(10):
        fail(client, email=f"person{n}@example.org")
    response = fail(client, email="someone-else@example.org")
    assert "Too many failed login attempts" in response.text


def test_sign_in_requests_are_throttled_per_ip(client, db):
    statuses = [client.post(reverse("account_login"), {"login": "", "password": ""}).status_code for _ in range(31)]
    assert statuses[-1] == 429
    assert "Too many requests" in client.post(reverse("account_login"), {}).text
