"""Merging duplicate member records: everything moves to the kept profile, and the unsafe case is refused."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from members.merge import MergeError, merge_members
from members.models import CollaborationRequest, Member, MemberExpertise, Publication, RequestEvent, RequestMessage
from members.search import forget_vocabulary, search_page
from tests.factories import MemberExpertiseFactory, MemberFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def make_user(name: str):
    return get_user_model().objects.create_user(name, f"{name}@example.org", "correct horse battery")


def open_request(sender: Member, recipient: Member, **fields) -> CollaborationRequest:
    return CollaborationRequest.objects.create(
        sender=sender, recipient=recipient, kind="methods", subject="Diffusion at 7 T", message="Shall we?", **fields
    )


@pytest.fixture
def pair(network):
    """Amira Okafor twice: the curated profile and a duplicate someone created later."""
    keep = network.members[0]
    mri, meg, dwi, seg, epilepsy = network.areas
    duplicate = MemberFactory(
        full_name="Amira Okafor",
        slug="amira-okafor-2",
        institution=keep.institution,
        job_title="",
        biography="",
        orcid="0000-0002-1825-0097",
        email="amira@example.org",
    )
    duplicate.history.update(history_date=timezone.now() - timezone.timedelta(days=400))
    MemberExpertise.objects.filter(member=keep, area=dwi).update(emphasis="secondary")
    MemberExpertiseFactory(member=duplicate, area=dwi, emphasis="primary")  # on both: becomes primary
    MemberExpertiseFactory(member=duplicate, area=seg, emphasis="secondary")  # only on the duplicate: moves
    kept_paper = keep.publications.get()
    PublicationFactory(member=duplicate, title="Another paper", doi="10.1000/other")
    PublicationFactory(member=duplicate, title=kept_paper.title, doi=kept_paper.doi)  # listed on both: dropped
    network.facilities[1].responsible_members.add(duplicate)
    return keep, duplicate


def test_merge_moves_everything_to_the_kept_profile(pair, network, admin_user):
    keep, duplicate = pair
    bob, priya = network.members[2], network.members[3]
    sent = open_request(duplicate, bob)
    received = open_request(priya, duplicate)
    RequestEvent.objects.create(request=sent, action="sent", actor=duplicate, to_state="pending")
    accepted = open_request(bob, duplicate, state="accepted", answered_at=timezone.now(), closed_at=timezone.now())
    RequestMessage.objects.create(request=accepted, author=duplicate, body="Thanks, let's talk.")
    duplicate_history = duplicate.history.count()
    keep_history = keep.history.count()
    duplicate_pk = duplicate.pk

    report = merge_members(keep, duplicate=duplicate, by=admin_user)

    assert not Member.objects.filter(pk=duplicate_pk).exists()
    keep.refresh_from_db()
    assert dict(MemberExpertise.objects.filter(member=keep).values_list("area__slug", "emphasis")) == {
        "magnetic-resonance-imaging": "primary",
        "diffusion-mri": "primary",
        "image-segmentation": "secondary",
    }
    assert sorted(keep.publications.values_list("doi", flat=True)) == sorted(
        ["10.1000/other", Publication.objects.filter(member=keep).exclude(doi="10.1000/other").get().doi]
    )
    assert report.publications == 1 and report.duplicate_publications == 1
    assert keep in network.facilities[1].responsible_members.all()
    sent.refresh_from_db()
    received.refresh_from_db()
    assert (sent.sender, received.recipient) == (keep, keep)
    assert RequestEvent.objects.get(request=sent).actor == keep
    assert RequestMessage.objects.get(request=accepted).author == keep
    # The duplicate's ORCID and email fill the kept profile's blanks.
    assert keep.orcid == "0000-0002-1825-0097"
    assert keep.email == "amira@example.org"
    # History: the duplicate's records now belong to the kept profile, plus the merge itself and the deletion.
    assert keep.history.count() == keep_history + duplicate_history + 1
    assert keep.history.first().history_change_reason.startswith("Merged with")
    assert Member.history.filter(id=duplicate_pk, history_type="-").exists()
    assert keep.created_at <= duplicate.created_at
    # The audit entries: a change on the kept profile that says what moved, a deletion of the other.
    change = LogEntry.objects.get(object_id=str(keep.pk), action_flag=CHANGE)
    assert "Merged “Amira Okafor”" in change.change_message
    # One area moved; the other was on both profiles already. One paper moved; the other was on both.
    assert "Moved 1 expertise area, 1 publication," in change.change_message
    assert "3 × collaboration requests" in change.change_message
    assert "Dropped 1 publication listed on both." in change.change_message
    assert LogEntry.objects.filter(object_id=str(duplicate_pk), action_flag=DELETION).exists()
    # The search document knows what came over: the duplicate's expertise finds the kept profile.
    forget_vocabulary()
    found = search_page(Member.objects.active().for_cards(), "segmentation")
    assert keep in found.members


def test_merge_refuses_two_accounts_unless_the_surviving_one_is_confirmed(pair, admin_user):
    keep, duplicate = pair
    keep.user, duplicate.user = make_user("amira"), make_user("amira2")
    keep.save()
    duplicate.save()

    with pytest.raises(MergeError, match="Confirm which account survives"):
        merge_members(keep, duplicate=duplicate, by=admin_user)
    assert Member.objects.filter(pk=duplicate.pk).exists()
    assert MemberExpertise.objects.filter(member=duplicate).count() == 2

    with pytest.raises(MergeError):
        merge_members(keep, duplicate=duplicate, by=admin_user, surviving_account=admin_user)

    merge_members(keep, duplicate=duplicate, by=admin_user, surviving_account=duplicate.user)

    keep.refresh_from_db()
    assert keep.user.username == "amira2"
    assert get_user_model().objects.get(username="amira").is_active is False
    assert get_user_model().objects.get(username="amira2").is_active is True


def test_the_kept_profile_takes_the_duplicates_only_account(pair, admin_user):
    keep, duplicate = pair
    duplicate.user = make_user("amira2")
    duplicate.save()

    report = merge_members(keep, duplicate=duplicate, by=admin_user)

    keep.refresh_from_db()
    assert keep.user.username == "amira2"
    assert "now belongs to user account" in report.summary()


def test_requests_between_the_two_profiles_are_dropped(pair, admin_user):
    keep, duplicate = pair
    open_request(duplicate, keep)

    report = merge_members(keep, duplicate=duplicate, by=admin_user)

    assert report.requests_dropped == 1
    assert not CollaborationRequest.objects.exists()


def test_a_conflict_between_open_requests_is_refused_and_changes_nothing(pair, network, admin_user):
    keep, duplicate = pair
    bob = network.members[2]
    open_request(keep, bob)
    open_request(duplicate, bob)

    with pytest.raises(MergeError, match="cannot be merged yet"):
        merge_members(keep, duplicate=duplicate, by=admin_user)

    assert Member.objects.filter(pk=duplicate.pk).exists()
    assert CollaborationRequest.objects.filter(sender=duplicate).count() == 1
    assert MemberExpertise.objects.filter(member=duplicate).count() == 2


def test_a_profile_cannot_be_merged_into_itself(pair, admin_user):
    keep, _duplicate = pair
    with pytest.raises(MergeError):
        merge_members(keep, duplicate=keep, by=admin_user)


# ---------------------------------------------------------------- the admin


def merge_url(*members) -> str:
    return reverse("admin-member-merge") + "?ids=" + ",".join(str(member.pk) for member in members)


def test_the_action_needs_exactly_two_members(admin_client, pair):
    keep, duplicate = pair
    changelist = reverse("admin:members_member_changelist")

    one = admin_client.post(changelist, {"action": "merge_selected", "_selected_action": [keep.pk]}, follow=True)
    assert "Select exactly two members to merge." in one.text

    two = admin_client.post(changelist, {"action": "merge_selected", "_selected_action": [keep.pk, duplicate.pk]})
    assert two.status_code == 302
    assert two.url == merge_url(*sorted([keep, duplicate], key=lambda m: m.pk))


def test_the_merge_page_compares_and_merges(admin_client, pair):
    keep, duplicate = pair
    page = admin_client.get(merge_url(keep, duplicate))
    assert page.status_code == 200
    assert "amira-okafor-2" in page.text and "Keep this profile" in page.text

    unconfirmed = admin_client.post(merge_url(keep, duplicate), {"keep": keep.pk})
    assert unconfirmed.status_code == 200
    assert Member.objects.filter(pk=duplicate.pk).exists()

    done = admin_client.post(merge_url(keep, duplicate), {"keep": keep.pk, "confirm": "on"})
    assert done.status_code == 302
    assert done.url == reverse("admin:members_member_change", args=[keep.pk])
    assert not Member.objects.filter(pk=duplicate.pk).exists()


def test_the_merge_page_asks_which_account_survives(admin_client, pair):
    keep, duplicate = pair
    keep.user, duplicate.user = make_user("amira"), make_user("amira2")
    keep.save()
    duplicate.save()

    page = admin_client.get(merge_url(keep, duplicate))
    assert "Keep this user account" in page.text

    refused = admin_client.post(merge_url(keep, duplicate), {"keep": keep.pk, "confirm": "on"})
    assert refused.status_code == 200
    assert Member.objects.filter(pk=duplicate.pk).exists()

    admin_client.post(
        merge_url(keep, duplicate), {"keep": duplicate.pk, "confirm": "on", "surviving_account": keep.user.pk}
    )
    assert not Member.objects.filter(pk=keep.pk).exists()
    duplicate.refresh_from_db()
    assert duplicate.user.username == "amira"


@pytest.mark.parametrize("ids", ["", "1", "1,1", "abc,def", "1,2,3", "99999998,99999999", "1," + "9" * 30])
def test_bad_ids_go_back_to_the_list(admin_client, network, ids):
    response = admin_client.get(reverse("admin-member-merge") + f"?ids={ids}")
    assert response.status_code == 302


def test_staff_without_permission_cannot_merge(client, pair):
    keep, duplicate = pair
    user = make_user("helper")
    user.is_staff = True
    user.save()
    client.force_login(user)

    response = client.post(merge_url(keep, duplicate), {"keep": keep.pk, "confirm": "on"})

    assert response.status_code == 403
    assert Member.objects.filter(pk=duplicate.pk).exists()


def test_visitors_are_sent_to_the_admin_sign_in(client, pair):
    keep, duplicate = pair
    response = client.get(merge_url(keep, duplicate))
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
