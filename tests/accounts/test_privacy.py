"""Who sees a member's email address and phone number, and who finds the profile at all."""

import pytest
from django.urls import reverse

from members.models import Member, Visibility
from tests.accounts.conftest import verify

EMAIL, PHONE = "alice@example.org", "0115 823 0000"

# viewer -> may see, for each level (collaboration requests do not exist yet: only the owner sees that level)
EXPECTED = {
    Visibility.PUBLIC: {"anonymous": True, "bob": True, "alice": True},
    Visibility.MEMBERS: {"anonymous": False, "bob": True, "alice": True},
    Visibility.COLLABORATORS: {"anonymous": False, "bob": False, "alice": True},
    Visibility.NOBODY: {"anonymous": False, "bob": False, "alice": True},
}


def page_for(client, viewer, people, url):
    if viewer != "anonymous":
        client.force_login(people[viewer])
    return client.get(url)


@pytest.mark.parametrize("level", list(EXPECTED))
@pytest.mark.parametrize("viewer", ["anonymous", "bob", "alice"])
def test_email_and_phone_appear_only_for_those_allowed(client, alice, bob, level, viewer):
    Member.objects.filter(pk=alice.member.pk).update(email_visibility=level, phone_visibility=level, phone=PHONE)
    response = page_for(client, viewer, {"alice": alice, "bob": bob}, alice.member.get_absolute_url())
    assert response.status_code == 200
    shown = EXPECTED[level][viewer]
    # Anywhere in the page source: links, attributes, scripts, comments.
    assert (EMAIL in response.text) is shown
    assert (PHONE in response.text) is shown
    assert ("01158230000" in response.text) is shown, "nor in the tel: link"


@pytest.mark.parametrize("level", [Visibility.MEMBERS, Visibility.COLLABORATORS, Visibility.NOBODY])
def test_anonymous_visitors_never_see_a_non_public_address_anywhere(client, alice, network, level):
    Member.objects.filter(pk=alice.member.pk).update(email_visibility=level)
    urls = [
        "/",
        alice.member.get_absolute_url(),
        alice.member.institution.get_absolute_url(),
        reverse("members:list") + "?q=Alice",
        reverse("expertise:list"),
    ]
    for url in urls:
        response = client.get(url)
        assert EMAIL not in response.text, url


def test_a_members_only_profile_is_hidden_from_visitors_and_not_indexed(client, alice, bob):
    Member.objects.filter(pk=alice.member.pk).update(profile_visibility=Member.ProfileVisibility.MEMBERS)
    assert client.get(alice.member.get_absolute_url()).status_code == 404
    client.force_login(bob)
    response = client.get(alice.member.get_absolute_url())
    assert response.status_code == 200
    assert '<meta name="robots" content="noindex">' in response.text


def test_a_public_profile_may_be_indexed(client, alice):
    assert "noindex" not in client.get(alice.member.get_absolute_url()).text


def test_a_hidden_profile_is_found_by_nobody_but_its_owner(client, alice, bob):
    Member.objects.filter(pk=alice.member.pk).update(profile_visibility=Member.ProfileVisibility.HIDDEN)
    assert client.get(alice.member.get_absolute_url()).status_code == 404
    client.force_login(bob)
    assert client.get(alice.member.get_absolute_url()).status_code == 404
    client.force_login(alice)
    preview = client.get(reverse("accounts:preview"))
    assert preview.status_code == 200
    assert '<meta name="robots" content="noindex">' in preview.text
    assert "Your profile is hidden" in preview.text


def test_alice_sets_her_privacy(client, alice):
    verify(alice)
    client.force_login(alice)
    response = client.post(
        reverse("accounts:privacy"),
        {
            "phone": PHONE,
            "email_visibility": Visibility.PUBLIC,
            "phone_visibility": Visibility.MEMBERS,
            "profile_visibility": Member.ProfileVisibility.MEMBERS,
        },
    )
    assert response.status_code == 302
    member = Member.objects.get(pk=alice.member.pk)
    assert (member.phone, member.email_visibility, member.phone_visibility, member.profile_visibility) == (
        PHONE,
        "public",
        "members",
        "members",
    )


def test_privacy_choices_are_validated(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("accounts:privacy"),
        {"email_visibility": "the-whole-world", "phone_visibility": "nobody", "profile_visibility": "public"},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert Member.objects.get(pk=alice.member.pk).email_visibility == Visibility.MEMBERS


def test_the_owner_sees_her_own_actions_on_her_profile(client, alice, bob):
    client.force_login(alice)
    assert "This is your profile." in client.get(alice.member.get_absolute_url()).text
    client.force_login(bob)
    assert "This is your profile." not in client.get(alice.member.get_absolute_url()).text
