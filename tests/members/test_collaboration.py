"""The request workflow: who may do what, from which state, what it records and whom it tells."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from members import collaboration
from members.collaboration import RequestError
from members.models import CollaborationRequest, Member, RequestEvent, RequestMessage, RequestReport, Visibility
from tests.factories import MemberFactory
from tests.members.collaboration_helpers import make_open, send, set_state

State = CollaborationRequest.State
WRONG_STATES = [State.ACCEPTED, State.DECLINED, State.WITHDRAWN, State.EXPIRED]
ACTORS = ["sender", "recipient", "outsider", "admin"]


@pytest.fixture
def people(alice, bob, charlie, admin_user):
    """alice asks bob; charlie is an outsider; admin_user a network admin without a profile."""
    make_open(alice, bob, charlie)
    return {"sender": alice, "recipient": bob, "outsider": charlie, "admin": admin_user}


@pytest.fixture
def pending(people):
    request = send(people["sender"], people["recipient"])
    mail.outbox.clear()
    return request


def _accept(request, user):
    return collaboration.accept_request(request, by=user)


def _decline(request, user):
    return collaboration.decline_request(request, by=user, reason="no_capacity")


def _withdraw(request, user):
    return collaboration.withdraw_request(request, by=user)


TRANSITIONS = {
    "accept": (_accept, "recipient", State.ACCEPTED, "Only the person who received the request can accept it."),
    "decline": (_decline, "recipient", State.DECLINED, "Only the person who received the request can decline it."),
    "withdraw": (_withdraw, "sender", State.WITHDRAWN, "Only the person who sent the request can withdraw it."),
}


# ---------------------------------------------------------------- every transition by every actor


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_each_transition_by_each_actor(people, pending, transition, actor):
    apply, allowed_actor, new_state, refusal = TRANSITIONS[transition]
    if actor == allowed_actor:
        apply(pending, people[actor])
        pending.refresh_from_db()
        assert pending.state == new_state
        assert pending.closed_at is not None
    else:
        with pytest.raises(RequestError, match=refusal):
            apply(pending, people[actor])
        pending.refresh_from_db()
        assert pending.state == State.PENDING
        assert mail.outbox == []
        assert list(pending.events.values_list("action", flat=True)) == ["sent"]


@pytest.mark.parametrize("state", WRONG_STATES)
@pytest.mark.parametrize("transition", list(TRANSITIONS))
def test_no_transition_from_a_closed_state(people, pending, transition, state):
    apply, allowed_actor, _new, _refusal = TRANSITIONS[transition]
    set_state(pending, state)
    label = State(state).label.lower()
    with pytest.raises(RequestError, match=f"This request has already been {label}, so it cannot be changed."):
        apply(pending, people[allowed_actor])
    pending.refresh_from_db()
    assert pending.state == state
    assert not pending.events.exclude(action="sent").exists()


@pytest.mark.parametrize("state", WRONG_STATES)
def test_the_system_expires_only_pending_requests(pending, state):
    set_state(pending, state)
    assert collaboration.expire_request(pending) is False
    pending.refresh_from_db()
    assert pending.state == state


def test_the_system_expires_a_pending_request_and_tells_both(people, pending):
    assert collaboration.expire_request(pending) is True
    pending.refresh_from_db()
    assert pending.state == State.EXPIRED
    event = pending.events.get(action="expired")
    assert (event.actor, event.by_admin, event.from_state, event.to_state) == (None, None, "pending", "expired")
    assert sorted(message.to[0] for message in mail.outbox) == ["alice@example.org", "bob@example.org"]


def test_an_admin_expiring_is_recorded_as_theirs(people, pending):
    collaboration.expire_request(pending, by=people["admin"])
    assert pending.events.get(action="expired").by_admin == people["admin"]


# ---------------------------------------------------------------- what each transition records and sends


def test_sending_records_the_event_and_emails_the_recipient(people):
    request = send(people["sender"], people["recipient"], subject="Lesions in MS")
    assert request.state == State.PENDING
    assert request.unread_by_recipient is True
    event = request.events.get()
    assert (event.action, event.actor, event.from_state, event.to_state) == ("sent", request.sender, "", "pending")
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]
    assert "Lesions in MS" in message.subject
    assert request.get_absolute_url() in message.body


def test_accepting_tells_the_sender(people, pending):
    collaboration.accept_request(pending, by=people["recipient"], note="Happy to help.")
    pending.refresh_from_db()
    assert pending.answered_at is not None
    assert pending.response_note == "Happy to help."
    assert pending.unread_by_sender is True
    event = pending.events.get(action="accepted")
    assert (event.actor, event.from_state, event.to_state) == (pending.recipient, "pending", "accepted")
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "accepted" in message.subject
    assert "Happy to help." in message.body


def test_declining_with_a_suggested_colleague(people, pending):
    colleague = MemberFactory(full_name="Priya Raman")
    collaboration.decline_request(
        pending, by=people["recipient"], reason="suggest_colleague", suggested_member=colleague
    )
    pending.refresh_from_db()
    assert (pending.state, pending.decline_reason, pending.suggested_member) == (
        "declined",
        "suggest_colleague",
        colleague,
    )
    assert pending.events.get(action="declined").reason == "suggest_colleague"
    [message] = mail.outbox
    assert message.to == ["alice@example.org"]
    assert "Priya Raman" in message.body
    assert colleague.get_absolute_url() in message.body


@pytest.mark.parametrize(
    ("reason", "colleague", "error"),
    [
        ("suggest_colleague", None, "Say which colleague you suggest"),
        ("no_capacity", "colleague", "A colleague can only be suggested with the reason"),
        ("bored", None, "Choose one of the reasons offered"),
        ("suggest_colleague", "sender", "Suggest someone other than yourself or the person who asked."),
    ],
)
def test_declining_refuses_an_inconsistent_reason(people, pending, reason, colleague, error):
    suggested = {"colleague": MemberFactory(), "sender": pending.sender, None: None}[colleague]
    with pytest.raises(RequestError, match=error):
        collaboration.decline_request(pending, by=people["recipient"], reason=reason, suggested_member=suggested)
    pending.refresh_from_db()
    assert pending.state == State.PENDING


def test_declining_without_a_reason(people, pending):
    collaboration.decline_request(pending, by=people["recipient"])
    pending.refresh_from_db()
    assert (pending.state, pending.decline_reason) == ("declined", "")


def test_withdrawing_tells_the_recipient(people, pending):
    collaboration.withdraw_request(pending, by=people["sender"])
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]
    assert "withdrew" in message.subject
    assert pending.events.get(action="withdrawn").actor == pending.sender


def test_a_failed_transition_rolls_back_its_event_and_mail(people, pending):
    with pytest.raises(RuntimeError), transaction.atomic():
        collaboration.accept_request(pending, by=people["recipient"])
        raise RuntimeError("the page fails after accepting")
    pending.refresh_from_db()
    assert pending.state == State.PENDING
    assert not pending.events.filter(action="accepted").exists()


# ---------------------------------------------------------------- who can be asked


def test_nobody_can_ask_themselves(people):
    with pytest.raises(RequestError, match="This is your own profile."):
        send(people["sender"], people["sender"])


def test_the_database_refuses_a_request_to_oneself(people):
    member = people["sender"].member
    with pytest.raises(IntegrityError), transaction.atomic():
        CollaborationRequest.objects.create(sender=member, recipient=member, kind="clinical", subject="s", message="m")


@pytest.mark.parametrize(
    ("change", "error"),
    [
        ({"open_to": []}, "is not taking new collaboration requests"),
        ({"capacity": Member.Capacity.NONE}, "is not taking new collaboration requests"),
        ({"status": Member.Status.SUSPENDED}, "is not an active member"),
        ({"status": Member.Status.LEFT}, "is not an active member"),
    ],
)
def test_who_cannot_be_asked(people, change, error):
    Member.objects.filter(user=people["recipient"]).update(**change)
    people["recipient"].member.refresh_from_db()
    with pytest.raises(RequestError, match=error):
        send(people["sender"], people["recipient"])
    assert not CollaborationRequest.objects.exists()
    assert mail.outbox == []


def test_a_sender_awaiting_approval_cannot_ask(people):
    Member.objects.filter(user=people["sender"]).update(status=Member.Status.PENDING)
    people["sender"].member.refresh_from_db()
    with pytest.raises(RequestError, match="Your profile needs to be approved"):
        send(people["sender"], people["recipient"])


def test_a_curated_profile_without_an_account_is_asked_by_email(people):
    curated = MemberFactory(email="curated@example.org", open_to=["clinical"])
    request = collaboration.send_request(
        people["sender"].member, recipient=curated, kind="methods", subject="Sequences", message="Hello"
    )
    [message] = mail.outbox
    assert message.to == ["curated@example.org"]
    assert "sign up" in message.body
    assert request.state == State.PENDING


def test_a_profile_without_any_address_cannot_be_asked(people):
    unreachable = MemberFactory(email="", open_to=["clinical"])
    with pytest.raises(RequestError, match="cannot be reached"):
        collaboration.send_request(
            people["sender"].member, recipient=unreachable, kind="methods", subject="s", message="m"
        )


@pytest.mark.parametrize(("subject", "message"), [("", "m"), ("s", "   ")])
def test_a_request_needs_a_subject_and_a_message(people, subject, message):
    with pytest.raises(RequestError, match="needs a subject and a message"):
        send(people["sender"], people["recipient"], subject=subject, message=message)


def test_an_unknown_kind_is_refused(people):
    with pytest.raises(RequestError, match="Choose what kind"):
        send(people["sender"], people["recipient"], kind="romance")


# ---------------------------------------------------------------- one pending request per pair


def test_one_pending_request_per_pair(people, pending):
    with pytest.raises(RequestError, match="You already have a pending request to Bob Achterberg."):
        send(people["sender"], people["recipient"])
    assert CollaborationRequest.objects.count() == 1


def test_the_database_allows_one_pending_request_per_pair(people, pending):
    with pytest.raises(IntegrityError), transaction.atomic():
        CollaborationRequest.objects.create(
            sender=pending.sender, recipient=pending.recipient, kind="clinical", subject="again", message="m"
        )


def test_a_pending_request_the_other_way_must_be_answered_first(people, pending):
    with pytest.raises(RequestError, match="has already sent you a request"):
        send(people["recipient"], people["sender"])


@pytest.mark.parametrize("state", WRONG_STATES)
def test_a_new_request_once_the_last_is_closed(people, pending, state):
    set_state(pending, state)
    again = send(people["sender"], people["recipient"], subject="Second try")
    assert again.state == State.PENDING


# ---------------------------------------------------------------- the thread


@pytest.fixture
def accepted(people, pending):
    collaboration.accept_request(pending, by=people["recipient"])
    mail.outbox.clear()
    pending.refresh_from_db()
    return pending


@pytest.mark.parametrize(("author", "told"), [("sender", "bob@example.org"), ("recipient", "alice@example.org")])
def test_both_sides_can_write_and_the_other_is_emailed(people, accepted, author, told):
    message = collaboration.post_message(accepted, by=people[author], body="Shall we meet on Tuesday?")
    assert message.author == people[author].member
    [email] = mail.outbox
    assert email.to == [told]
    assert "Shall we meet on Tuesday?" in email.body
    accepted.refresh_from_db()
    assert accepted.unread_by_recipient is (author == "sender")


@pytest.mark.parametrize("actor", ["outsider", "admin"])
def test_nobody_else_can_write_in_the_thread(people, accepted, actor):
    with pytest.raises(RequestError, match="Only the two people in this collaboration"):
        collaboration.post_message(accepted, by=people[actor], body="Hello")
    assert not RequestMessage.objects.exists()


@pytest.mark.parametrize("state", [State.PENDING, State.DECLINED, State.WITHDRAWN, State.EXPIRED])
def test_messages_only_once_accepted(people, pending, state):
    set_state(pending, state)
    with pytest.raises(RequestError, match="once a request has been accepted"):
        collaboration.post_message(pending, by=people["sender"], body="Hello?")


@pytest.mark.parametrize("body", ["", "   ", "x" * 5001])
def test_a_message_must_have_a_sensible_length(people, accepted, body):
    with pytest.raises(RequestError):
        collaboration.post_message(accepted, by=people["sender"], body=body)


# ---------------------------------------------------------------- contact details


@pytest.mark.parametrize("visibility", [Visibility.COLLABORATORS])
def test_collaborators_see_each_others_details_once_accepted(people, pending, visibility):
    alice, bob = people["sender"].member, people["recipient"].member
    Member.objects.filter(pk__in=[alice.pk, bob.pk]).update(email_visibility=visibility)
    alice.refresh_from_db()
    bob.refresh_from_db()
    assert not bob.can_see("email", people["sender"])
    assert not alice.can_see("email", people["recipient"])

    collaboration.accept_request(pending, by=people["recipient"])
    alice, bob = Member.objects.get(pk=alice.pk), Member.objects.get(pk=bob.pk)
    sender, recipient = (
        type(people["sender"]).objects.get(pk=people["sender"].pk),
        type(people["recipient"]).objects.get(pk=people["recipient"].pk),
    )
    assert bob.can_see("email", sender)
    assert alice.can_see("email", recipient)
    assert not bob.can_see("email", people["outsider"])


def test_a_declined_request_shares_nothing(people, pending):
    bob = people["recipient"].member
    Member.objects.filter(pk=bob.pk).update(email_visibility=Visibility.COLLABORATORS)
    collaboration.decline_request(pending, by=people["recipient"])
    assert not Member.objects.get(pk=bob.pk).can_see("email", people["sender"])


# ---------------------------------------------------------------- reports


def test_the_recipient_reports_a_request_and_the_admins_are_told(people, pending):
    report = collaboration.report_request(pending, by=people["recipient"], reason="Advertising")
    assert (report.reporter, report.reason, report.resolved_at) == (pending.recipient, "Advertising", None)
    assert pending.events.filter(action="reported").exists()
    [message] = mail.outbox
    assert message.to == ["admin@example.org"]
    assert "reported" in message.subject


@pytest.mark.parametrize("actor", ["sender", "outsider", "admin"])
def test_only_the_recipient_reports(people, pending, actor):
    with pytest.raises(RequestError, match="Only the person who received the request can report it."):
        collaboration.report_request(pending, by=people[actor])
    assert not RequestReport.objects.exists()


def test_a_request_is_reported_once(people, pending):
    collaboration.report_request(pending, by=people["recipient"])
    with pytest.raises(RequestError, match="already reported"):
        collaboration.report_request(pending, by=people["recipient"])


def test_an_admin_resolves_a_report_once(people, pending):
    report = collaboration.report_request(pending, by=people["recipient"])
    assert collaboration.resolve_report(report, by=people["admin"]) is True
    assert collaboration.resolve_report(report, by=people["admin"]) is False
    report.refresh_from_db()
    assert report.resolved_by == people["admin"]


# ---------------------------------------------------------------- unread


def test_opening_a_request_marks_only_your_side_read(people, pending):
    assert CollaborationRequest.objects.unread_by(pending.recipient_id).count() == 1
    collaboration.mark_read(pending, by=people["sender"])
    assert CollaborationRequest.objects.unread_by(pending.recipient_id).count() == 1
    collaboration.mark_read(pending, by=people["recipient"])
    assert CollaborationRequest.objects.unread_by(pending.recipient_id).count() == 0
    collaboration.accept_request(pending, by=people["recipient"])
    assert CollaborationRequest.objects.unread_by(pending.sender_id).count() == 1


def test_events_are_in_order(people, pending):
    collaboration.accept_request(pending, by=people["recipient"])
    collaboration.report_request(pending, by=people["recipient"])
    assert list(RequestEvent.objects.filter(request=pending).values_list("action", flat=True)) == [
        "sent",
        "accepted",
        "reported",
    ]
