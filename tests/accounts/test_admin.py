"""The approval queue in the admin: pending members, approve and suspend actions, history."""

from django.core import mail
from django.urls import reverse

from members.models import Member
from tests.factories import MemberFactory

CHANGELIST = "admin:members_member_changelist"


def test_the_queue_lists_pending_members(admin_client, alice):
    pending = MemberFactory(full_name="Pending Person", status=Member.Status.PENDING)
    response = admin_client.get(reverse(CHANGELIST), {"status__exact": "pending"})
    assert list(response.context["cl"].result_list) == [pending]


def test_approve_action_publishes_and_emails(admin_client, alice):
    Member.objects.filter(pk=alice.member.pk).update(status=Member.Status.PENDING)
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "approve_members", "_selected_action": [alice.member.pk]}, follow=True
    )
    assert "1 member approved." in response.text
    assert Member.objects.get(pk=alice.member.pk).status == Member.Status.ACTIVE
    assert [message.to for message in mail.outbox] == [["alice@example.org"]]


def test_suspend_action(admin_client, alice, bob):
    response = admin_client.post(
        reverse(CHANGELIST),
        {"action": "suspend_members", "_selected_action": [alice.member.pk, bob.member.pk]},
        follow=True,
    )
    assert "2 members suspended." in response.text
    assert set(Member.objects.values_list("status", flat=True)) == {Member.Status.SUSPENDED}


def test_an_action_that_does_not_apply_says_why(admin_client, alice):
    response = admin_client.post(
        reverse(CHANGELIST), {"action": "approve_members", "_selected_action": [alice.member.pk]}, follow=True
    )
    assert "Alice Moreno is active, so cannot be approved." in response.text


def test_history_of_a_profile_is_visible(admin_client, alice):
    alice.member.job_title = "Professor of Physics"
    alice.member.save()
    response = admin_client.get(reverse("admin:members_member_history", args=[alice.member.pk]))
    assert response.status_code == 200
    assert "Professor of Physics" in response.text or "Changed" in response.text


def test_account_events_are_read_only(admin_client):
    response = admin_client.get(reverse("admin:accounts_accountevent_changelist"))
    assert response.status_code == 200
    assert admin_client.get(reverse("admin:accounts_accountevent_add")).status_code == 403
