"""The request pages: who may see and do what, what the forms say, and how many queries each page costs."""

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse

from members import collaboration
from members.models import CollaborationRequest, Member, RequestMessage, Visibility
from tests.factories import MemberFactory
from tests.members.collaboration_helpers import make_open, send

State = CollaborationRequest.State
# session, user, the request (+ both members), viewer's member, badge, expertise, messages, events; + mark read
DETAIL_QUERIES = 9
# session, user, viewer's member, state counts, box counts, badge, page count, page
LIST_QUERIES = 8
# the anonymous page's 6, + session, user, viewer's member, "collaborators only" details, the badge (and button)
PROFILE_QUERIES = 10


@pytest.fixture
def pair(alice, bob, charlie):
    make_open(alice, bob, charlie)
    return alice, bob


@pytest.fixture
def pending(pair):
    alice, bob = pair
    request = send(alice, bob)
    mail.outbox.clear()
    return request


def flashed(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def url(name: str, request) -> str:
    return reverse(f"members:request-{name}", args=[request.pk])


# ---------------------------------------------------------------- who sees a request


def test_both_members_see_the_request(client, pending, alice, bob):
    for user in (alice, bob):
        client.force_login(user)
        response = client.get(pending.get_absolute_url())
        assert response.status_code == 200
        assert "Lesions in MS" in response.text
        assert "no-store" in response["Cache-Control"]


def test_an_outsider_gets_404(client, pending, charlie):
    client.force_login(charlie)
    assert client.get(pending.get_absolute_url()).status_code == 404
    for name in ("accept", "decline", "withdraw", "message", "report"):
        assert client.post(url(name, pending), {"body": "hi"}).status_code == 404
    pending.refresh_from_db()
    assert pending.state == State.PENDING


def test_a_visitor_is_sent_to_sign_in(client, pending):
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert client.post(url("accept", pending)).status_code == 302
    pending.refresh_from_db()
    assert pending.state == State.PENDING


def test_an_admin_sees_it_but_cannot_answer(client, pending, admin_user):
    client.force_login(admin_user)
    response = client.get(pending.get_absolute_url())
    assert response.status_code == 200
    assert "as a network admin" in response.text
    response = client.post(url("accept", pending))
    assert response.status_code == 302
    assert flashed(response) == ["Only the person who received the request can accept it."]
    pending.refresh_from_db()
    assert pending.state == State.PENDING


@pytest.mark.parametrize("name", ["accept", "decline", "withdraw", "message", "report"])
def test_changes_are_post_only(client, pending, bob, name):
    client.force_login(bob)
    assert client.get(url(name, pending)).status_code == 405


def test_a_missing_request_is_404(client, bob):
    client.force_login(bob)
    assert client.get(reverse("members:request-detail", args=[999999])).status_code == 404


# ---------------------------------------------------------------- answering


def test_the_recipient_accepts_and_both_see_each_others_details(client, pending, alice, bob):
    Member.objects.filter(pk__in=[pending.sender_id, pending.recipient_id]).update(
        email_visibility=Visibility.NOBODY, phone="0121 414 3344", phone_visibility=Visibility.NOBODY
    )
    client.force_login(bob)
    page = client.get(pending.get_absolute_url())
    assert "alice@example.org" not in page.text
    assert "Contact details are shared once the request is accepted." in page.text

    response = client.post(url("accept", pending), {"note": "Glad to."})
    assert response.status_code == 302
    assert "You accepted the request" in flashed(response)[0]
    pending.refresh_from_db()
    assert pending.state == State.ACCEPTED
    assert "alice@example.org" in client.get(pending.get_absolute_url()).text

    client.force_login(alice)
    page = client.get(pending.get_absolute_url())
    assert "bob@example.org" in page.text
    assert "0121 414 3344" in page.text
    assert "Glad to." in page.text


def test_the_sender_does_not_get_answer_buttons(client, pending, alice):
    client.force_login(alice)
    page = client.get(pending.get_absolute_url()).text
    assert "Accept request" not in page
    assert "Withdraw request" in page


def test_the_recipient_declines_suggesting_a_colleague_by_profile_address(client, pending, bob):
    colleague = MemberFactory(full_name="Priya Raman", slug="priya-raman")
    client.force_login(bob)
    response = client.post(
        url("decline", pending),
        {"reason": "suggest_colleague", "colleague": f"https://directory.example/members/{colleague.slug}/"},
    )
    assert response.status_code == 302
    pending.refresh_from_db()
    assert (pending.state, pending.suggested_member) == (State.DECLINED, colleague)


def test_a_colleague_can_be_named(client, pending, bob):
    colleague = MemberFactory(full_name="Priya Raman")
    client.force_login(bob)
    client.post(url("decline", pending), {"colleague": "priya raman"})
    pending.refresh_from_db()
    assert (pending.decline_reason, pending.suggested_member) == ("suggest_colleague", colleague)


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "suggest_colleague"}, "Say which colleague you suggest"),
        ({"reason": "suggest_colleague", "colleague": "Nobody Atall"}, "No active member matches"),
        ({"reason": "no_capacity", "colleague": "Priya Raman"}, "To suggest a colleague, choose"),
        ({"reason": "because"}, "Select a valid choice"),
    ],
)
def test_a_bad_decline_form_changes_nothing(client, pending, bob, data, error):
    MemberFactory(full_name="Priya Raman")
    client.force_login(bob)
    response = client.post(url("decline", pending), data)
    assert response.status_code == 400
    assert error in response.text
    assert "There is a problem" in response.text
    pending.refresh_from_db()
    assert pending.state == State.PENDING


def test_the_sender_withdraws(client, pending, alice):
    client.force_login(alice)
    response = client.post(url("withdraw", pending))
    assert flashed(response) == ["You withdrew the request."]
    pending.refresh_from_db()
    assert pending.state == State.WITHDRAWN


def test_answering_twice_says_why_not(client, pending, bob):
    client.force_login(bob)
    client.post(url("accept", pending))
    response = client.post(url("decline", pending))
    assert flashed(response)[-1] == "This request has already been accepted, so it cannot be changed."


def test_the_thread(client, pending, alice, bob):
    collaboration.accept_request(pending, by=bob)
    client.force_login(alice)
    response = client.post(url("message", pending), {"body": "Tuesday at ten?"})
    assert response.status_code == 302
    assert response["Location"].endswith("#thread")
    assert RequestMessage.objects.get().body == "Tuesday at ten?"
    assert client.post(url("message", pending), {"body": ""}).status_code == 400

    client.force_login(bob)
    page = client.get(pending.get_absolute_url()).text
    assert "Tuesday at ten?" in page


def test_reporting(client, pending, bob, admin_user):
    client.force_login(bob)
    response = client.post(url("report", pending), {"reason": "Advertising"})
    assert flashed(response) == ["Thank you. The network admins will look at this request."]
    assert "You reported this request" in client.get(pending.get_absolute_url()).text


def test_opening_a_request_clears_the_badge(client, pending, bob):
    client.force_login(bob)
    home = client.get(reverse("members:list")).text
    assert 'My requests <span class="nav-badge">1' in home
    client.get(pending.get_absolute_url())
    assert "nav-badge" not in client.get(reverse("members:list")).text


# ---------------------------------------------------------------- asking


def test_the_request_form(client, pair):
    alice, bob = pair
    client.force_login(alice)
    form_url = reverse("members:request-new", args=[bob.member.slug])
    page = client.get(form_url)
    assert page.status_code == 200
    assert "What kind of collaboration are you asking for?" in page.text

    response = client.post(
        form_url,
        {
            "kind": "clinical",
            "subject": "Lesions in MS",
            "question": "Could you quantify them?",
            "data": "40 patients, FLAIR",
            "timeline": "By October",
            "ethics": "approved",
        },
    )
    request = CollaborationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == request.get_absolute_url()
    assert "Data or patients involved:\n40 patients, FLAIR" in request.message
    assert "Ethics approval: Approved" in request.message
    [message] = mail.outbox
    assert message.to == ["bob@example.org"]


def test_a_bad_request_form_says_what_is_missing(client, pair):
    alice, bob = pair
    client.force_login(alice)
    response = client.post(reverse("members:request-new", args=[bob.member.slug]), {"subject": "x" * 300})
    assert response.status_code == 400
    for error in ("Choose the kind of collaboration", "Describe your question.", "at most 200 characters"):
        assert error in response.text
    assert not CollaborationRequest.objects.exists()


def test_a_need_from_find_fills_the_form(client, pair):
    alice, bob = pair
    client.force_login(alice)
    page = client.get(reverse("members:request-new", args=[bob.member.slug]), {"need": "quantify MS lesions on MRI"})
    assert page.context["form"].initial == {
        "kind": "clinical",
        "subject": "Quantify MS lesions on MRI",
        "question": "quantify MS lesions on MRI",
    }


@pytest.mark.parametrize(
    ("change", "reason"),
    [({"open_to": []}, "is not taking new collaboration requests"), ({"capacity": "none"}, "is not taking new")],
)
def test_someone_who_cannot_be_asked(client, pair, change, reason):
    alice, bob = pair
    Member.objects.filter(pk=bob.member.pk).update(**change)
    client.force_login(alice)
    response = client.get(reverse("members:request-new", args=[bob.member.slug]))
    assert response.status_code == 403
    assert reason in response.text
    profile = client.get(bob.member.get_absolute_url())
    assert reason in profile.text
    assert "Request collaboration</a>" not in profile.text


def test_asking_oneself_is_refused(client, pair):
    alice, _bob = pair
    client.force_login(alice)
    assert client.get(reverse("members:request-new", args=[alice.member.slug])).status_code == 403


def test_a_suspended_member_cannot_be_asked(client, pair):
    alice, bob = pair
    Member.objects.filter(pk=bob.member.pk).update(status=Member.Status.SUSPENDED)
    client.force_login(alice)
    assert client.get(reverse("members:request-new", args=[bob.member.slug])).status_code == 404


def test_the_profile_button(client, pair):
    alice, bob = pair
    profile = bob.member.get_absolute_url()
    assert "Sign in to request collaboration" in client.get(profile).text

    client.force_login(alice)
    assert f'href="{reverse("members:request-new", args=[bob.member.slug])}"' in client.get(profile).text
    request = send(alice, bob)
    page = client.get(profile).text
    assert "View your request" in page
    assert request.get_absolute_url() in page

    client.force_login(bob)
    assert "Answer their request" in client.get(alice.member.get_absolute_url()).text
    assert "Collaborate" not in client.get(profile).text, "no button on one's own profile"


def test_a_user_without_a_profile_is_told_to_make_one(client, pair, admin_user):
    _alice, bob = pair
    client.force_login(admin_user)
    assert "Create your profile to send collaboration requests." in client.get(bob.member.get_absolute_url()).text


# ---------------------------------------------------------------- my requests


def test_my_requests_received_and_sent_newest_first(client, pair, charlie):
    alice, bob = pair
    first = send(alice, bob, subject="First")
    second = send(charlie, bob, subject="Second")
    collaboration.decline_request(first, by=bob)
    client.force_login(bob)
    page = client.get(reverse("members:requests"))
    assert [r.pk for r in page.context["requests"]] == [second.pk, first.pk]
    declined = client.get(reverse("members:requests"), {"state": "declined"})
    assert [r.pk for r in declined.context["requests"]] == [first.pk]
    sent = client.get(reverse("members:requests"), {"box": "sent"})
    assert list(sent.context["requests"]) == []
    assert "You have not sent any requests yet" in sent.text


def test_bad_filters_are_ignored(client, pair):
    _alice, bob = pair
    client.force_login(bob)
    response = client.get(reverse("members:requests"), {"box": "spam", "state": "bogus", "page": "x\x00"})
    assert response.status_code == 200
    assert response.context["box"] == "received"


def test_my_requests_without_a_profile(client, admin_user):
    client.force_login(admin_user)
    assert "You need a profile first" in client.get(reverse("members:requests")).text


# ---------------------------------------------------------------- query counts


def test_my_requests_query_count_is_flat(client, pair, charlie, django_assert_max_num_queries):
    alice, bob = pair
    send(alice, bob)
    client.force_login(bob)
    with django_assert_max_num_queries(LIST_QUERIES):
        client.get(reverse("members:requests"))
    for n in range(15):
        sender = MemberFactory(email=f"s{n}@example.org")
        CollaborationRequest.objects.create(
            sender=sender, recipient=bob.member, kind="clinical", subject="s", message="m"
        )
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get(reverse("members:requests"))
    assert len(response.context["requests"]) == 16


def test_request_page_query_count_is_flat(client, pending, alice, bob, django_assert_max_num_queries):
    collaboration.accept_request(pending, by=bob)
    client.force_login(alice)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        client.get(pending.get_absolute_url())
    for n in range(10):
        collaboration.post_message(pending, by=alice if n % 2 else bob, body=f"Message {n}")
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(pending.get_absolute_url())
    assert "Message 9" in response.text


def test_signed_in_profile_query_count(client, pair, django_assert_max_num_queries):
    alice, bob = pair
    Member.objects.filter(pk=bob.member.pk).update(email_visibility=Visibility.COLLABORATORS)
    client.force_login(alice)
    client.get(alice.member.get_absolute_url())  # warms the cached rarity weights
    with django_assert_max_num_queries(PROFILE_QUERIES):
        client.get(bob.member.get_absolute_url())


def test_the_anonymous_profile_page_costs_no_extra_query(client, pair, django_assert_max_num_queries):
    _alice, bob = pair
    client.get(bob.member.get_absolute_url())
    with django_assert_max_num_queries(6):
        client.get(bob.member.get_absolute_url())


# ---------------------------------------------------------------- admin


def test_the_admin_lists_and_expires_requests(admin_client, pending):
    changelist = reverse("admin:members_collaborationrequest_changelist")
    assert admin_client.get(changelist, {"state__exact": "pending"}).status_code == 200
    assert (
        admin_client.get(changelist, {"institution": pending.sender.institution_id, "cross": "yes"}).status_code == 200
    )
    response = admin_client.post(changelist, {"action": "expire_requests", "_selected_action": [pending.pk]})
    assert response.status_code == 302
    pending.refresh_from_db()
    assert pending.state == State.EXPIRED
    assert admin_client.get(reverse("admin:members_collaborationrequest_change", args=[pending.pk])).status_code == 200


def test_the_report_queue(admin_client, pending, bob):
    report = collaboration.report_request(pending, by=bob, reason="Spam")
    changelist = reverse("admin:members_requestreport_changelist")
    page = admin_client.get(changelist, {"open": "yes"})
    assert "Spam" in page.text
    admin_client.post(changelist, {"action": "expire_reported", "_selected_action": [report.pk]})
    report.refresh_from_db()
    pending.refresh_from_db()
    assert report.resolved_at is not None
    assert pending.state == State.EXPIRED


def test_the_figures(admin_client, pair, charlie):
    alice, bob = pair
    collaboration.accept_request(send(alice, bob), by=bob)
    collaboration.decline_request(send(charlie, bob), by=bob)
    send(alice, charlie)
    figures = collaboration.request_figures()
    assert (figures.total, figures.answered, figures.accepted, figures.acceptance_rate) == (3, 2, 1, 0.5)
    assert figures.cross_institution == 3
    assert figures.median_hours_to_answer is not None
    [month] = figures.months
    assert (month.sent, month.accepted, month.declined, month.pending) == (3, 1, 1, 1)
    page = admin_client.get(reverse("members:requests-dashboard"))
    assert page.status_code == 200
    assert "50 %" in page.text


def test_the_figures_are_for_admins_only(client, bob):
    client.force_login(bob)
    response = client.get(reverse("members:requests-dashboard"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
