"""The forms anyone can post without an account: sign in, sign up, password reset, and the emailed
"is your profile still accurate?" link. Refused input creates no account and changes no profile.

Sign-in lockouts and allauth's rate limits are switched off here (their own tests cover them): with them on,
most examples would get the same 429 and test nothing new. django-axes still records failed sign-ins.
"""

from urllib.parse import quote

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from members import stale
from members.models import Member
from tests.accounts.conftest import verify
from tests.fuzz.checks import rows, send
from tests.fuzz.strategies import DROP, hostile_or, hostile_text, sendable, some_of

FUZZ = settings.get_profile("mmin-fuzz")
User = get_user_model()
PASSWORD = "correct horse battery"  # tests/conftest.py's personas

emails = st.one_of(
    st.sampled_from(["alice@example.org", "ALICE@Example.org", " alice@example.org ", "new@example.org", "a@b"]),
    st.emails().map(str),
)
passwords = st.sampled_from([PASSWORD, "Tr1cky-but-long-enough", "short", "password", "12345678901"])


@pytest.fixture(autouse=True)
def _no_lockouts(settings, directory):
    settings.ACCOUNT_RATE_LIMITS = False
    settings.AXES_FAILURE_LIMIT = 1_000_000
    verify(directory.alice)  # a verified address: the right password signs her in


def accounts() -> tuple:
    return rows(User.objects.all(), EmailAddress.objects.all(), Member.objects.all())


@FUZZ
@given(
    form=some_of(
        {
            "login": st.one_of(hostile_or(emails), st.just(DROP)),
            "password": st.one_of(hostile_or(passwords), st.just(DROP)),
            "remember": hostile_or(st.sampled_from(["on", ""])),
        }
    ).map(lambda changes: {"login": "alice@example.org", "password": PASSWORD} | changes)
)
def test_signing_in_with_any_input_signs_in_only_with_the_password(directory, form):
    client = Client()
    before = rows(User.objects.only("pk", "password", "is_active"), EmailAddress.objects.all())

    response = send(client, "post", reverse("account_login"), sendable(form))

    signed_in = "_auth_user_id" in client.session
    event("signed in" if signed_in else f"refused with {response.status_code}")
    if signed_in:
        assert response.status_code == 302
        submitted = response.wsgi_request.POST
        assert submitted["password"] == PASSWORD and submitted["login"].strip().lower() == "alice@example.org"
    else:
        assert response.status_code == 200
        assert rows(User.objects.only("pk", "password", "is_active"), EmailAddress.objects.all()) == before


@FUZZ
@given(
    form=some_of(
        {
            "email": st.one_of(hostile_or(emails), st.just(DROP)),
            "password1": st.one_of(hostile_or(passwords), st.just(DROP)),
            "password2": st.one_of(hostile_or(passwords), st.just(DROP)),
        }
    ).map(lambda changes: {"email": "newcomer@example.org", "password1": "Tr1cky-but-long-enough"} | changes)
)
def test_signing_up_with_any_input_creates_one_unverified_account_or_nothing(directory, form):
    form.setdefault("password2", form["password1"])
    before = accounts()

    response = send(Client(), "post", reverse("account_signup"), sendable(form))

    created = User.objects.exclude(pk__in=[row[0] for row in before[0]])
    if response.status_code == 302 and not created:
        # Someone already has this address: allauth answers as if it signed up, and emails the owner instead.
        event("address already taken")
        assert EmailAddress.objects.filter(email__iexact=response.wsgi_request.POST["email"].strip()).exists()
        assert accounts() == before
    elif response.status_code == 302:
        event("signed up")
        submitted = response.wsgi_request.POST
        [user] = created
        [address] = EmailAddress.objects.filter(user=user)
        assert address.email.lower() == user.email.lower() == submitted["email"].strip().lower()
        assert not address.verified
        assert user.check_password(submitted["password1"])
        user.delete()  # the next example may sign up with the same address again
    else:
        event(f"refused with {response.status_code}")
        assert response.status_code == 200
        assert accounts() == before


@FUZZ
@given(email=st.one_of(hostile_or(emails), st.just(DROP)))
def test_asking_for_a_password_reset_changes_no_account(directory, email):
    before = accounts()
    response = send(Client(), "post", reverse("account_reset_password"), sendable({"email": email}))
    assert response.status_code in (200, 302)
    assert accounts() == before


@FUZZ
@given(data=st.data(), method=st.sampled_from(["post", "get"]))
def test_the_profile_check_link_confirms_only_with_a_genuine_token(directory, data, method):
    member = Member.objects.get(user=directory.alice)
    issued = stale.confirmation_token(member)
    kind = data.draw(st.sampled_from(["genuine", "genuine", "tampered", "hostile"]), label="token")
    if kind == "hostile":
        token = data.draw(hostile_text, label="text")
    else:
        token = issued
        if kind == "tampered":
            at = data.draw(st.integers(min_value=0, max_value=len(token)), label="at")
            token = token[:at] + data.draw(st.sampled_from(["", "x", ":", "\x00", "é"]), label="with") + token[at + 1 :]
    genuine = token == issued  # a "tampered" one may have changed nothing
    action = data.draw(st.one_of(hostile_or(st.sampled_from(["confirm", "edit"])), st.just(DROP)), label="action")
    before = rows(Member.objects.all())

    response = send(Client(), method, f"/profile-check/{quote(token, safe='')}/", sendable({"action": action}))

    changed = rows(Member.objects.all()) != before
    event(f"{kind} {method}: {'changed' if changed else 'unchanged'} with {response.status_code}")
    assert response.status_code in (200, 302, 400, 404)
    if changed:
        assert genuine and method == "post" and response.wsgi_request.POST.get("action") == "confirm"
        confirmed = Member.objects.get(pk=member.pk)
        assert confirmed.availability_confirmed_at > (member.availability_confirmed_at or confirmed.created_at)
        assert rows(Member.objects.exclude(pk=member.pk)) == tuple(
            tuple(row for row in table if row[0] != member.pk) for table in before
        )
