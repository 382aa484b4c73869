"""Collaboration requests: the request form and every transition, with any input, from anyone.

A refused submission (a form error, a 404, a redirect back with an error message) changes no row; an
accepted one stores what the form cleaned, and only the member allowed to make that change can make it.
"""

import pytest
from django.utils import timezone
from hypothesis import event, given, settings
from hypothesis import strategies as st

from members.collaboration_forms import AcceptForm, DeclineForm, MessageForm, ReportForm, RequestForm
from members.models import CollaborationRequest, Member, RequestEvent, RequestMessage, RequestReport
from tests.factories import MemberExpertiseFactory
from tests.fuzz.checks import flashed, rows, send
from tests.fuzz.strategies import DROP, hostile_or, hostile_text, numbers, sendable, some_of, value_or_list

FUZZ = settings.get_profile("mmin-fuzz")
State = CollaborationRequest.State


def request_rows() -> tuple:
    return rows(
        CollaborationRequest.objects.all(),
        CollaborationRequest.expertise.through.objects.all(),
        RequestEvent.objects.all(),
        RequestMessage.objects.all(),
        RequestReport.objects.all(),
    )


# ---------------------------------------------------------------- asking


@pytest.fixture
def recipients(directory):
    """Whom alice may try to ask, by what the page should do; bob lists two expertise areas."""
    for area in directory.areas[:2]:
        MemberExpertiseFactory(member=directory.bob.member, area=area)
    return {
        "bob": directory.bob.member.slug,
        "charlie": directory.charlie.member.slug,
        "not open to requests": directory.members[0].slug,
        "hidden": directory.members[4].slug,
        "herself": directory.alice.member.slug,
        "nobody": "no-such-member",
    }


def request_form(directory) -> st.SearchStrategy:
    text = st.text(max_size=300)
    changes = some_of(
        {
            "kind": st.one_of(hostile_or(st.sampled_from(CollaborationRequest.Kind.values)), st.just(DROP)),
            "subject": st.one_of(hostile_or(text), st.just(DROP)),
            "question": st.one_of(hostile_or(text), st.just(DROP)),
            "data": hostile_or(text),
            "timeline": hostile_or(text),
            "ethics": hostile_or(st.sampled_from([value for value, _label in RequestForm.ETHICS_CHOICES])),
            "expertise": st.lists(
                st.one_of(st.sampled_from([area.pk for area in directory.areas]), numbers, hostile_text), max_size=4
            ),
        },
        most=4,
    )
    valid = {"kind": "methods", "subject": "Lesions in MS", "question": "Could you help us quantify them?"}
    return changes.map(lambda changed: valid | changed)


@FUZZ
@given(data=st.data())
def test_the_request_form_sends_what_it_cleaned_or_nothing(clients, directory, recipients, data):
    CollaborationRequest.objects.all().delete()  # so alice has no request waiting for an answer
    who = data.draw(st.sampled_from(["bob", "bob", "charlie", *recipients]), label="recipient")
    form = data.draw(request_form(directory), label="form")
    before = request_rows()

    response = send(clients["alice"], "post", f"/members/{recipients[who]}/request/", sendable(form))

    if response.status_code == 302:
        event("sent")
        assert who in ("bob", "charlie")
        recipient = Member.objects.get(slug=recipients[who])
        oracle = RequestForm(response.wsgi_request.POST, recipient=recipient)
        assert oracle.is_valid(), oracle.errors
        sent = CollaborationRequest.objects.get()
        assert (sent.sender, sent.recipient, sent.state) == (directory.alice.member, recipient, State.PENDING)
        assert (sent.kind, sent.subject) == (oracle.cleaned_data["kind"], oracle.cleaned_data["subject"].strip())
        assert sent.message == oracle.message().strip()
        assert set(sent.expertise.all()) == set(oracle.cleaned_data["expertise"])
        assert list(sent.events.values_list("action", flat=True)) == [RequestEvent.Action.SENT]
    else:
        event(f"refused with {response.status_code} ({who})")
        expected = {"bob": 400, "charlie": 400, "hidden": 404, "nobody": 404}.get(who, 403)
        assert response.status_code == expected
        assert request_rows() == before


@FUZZ
@given(
    params=st.fixed_dictionaries(
        {}, optional={"need": value_or_list(hostile_or(st.sampled_from(["MEG for epilepsy surgery", "x" * 81])))}
    )
)
def test_the_request_form_carries_over_any_need(clients, recipients, params):
    before = request_rows()
    response = send(clients["alice"], "get", f"/members/{recipients['bob']}/request/", params)
    assert response.status_code == 200
    assert request_rows() == before


# ---------------------------------------------------------------- answering

ACTIONS = {
    # action: (who may do it, the state it needs, its form, the state it leads to); alice asked bob.
    "accept": (["bob"], State.PENDING, AcceptForm, State.ACCEPTED),
    "decline": (["bob"], State.PENDING, DeclineForm, State.DECLINED),
    "withdraw": (["alice"], State.PENDING, None, State.WITHDRAWN),
    "message": (["alice", "bob"], State.ACCEPTED, MessageForm, State.ACCEPTED),
    "report": (["bob"], None, ReportForm, None),
}


def answer(directory) -> st.SearchStrategy:
    """Every field any of the answer forms has, each maybe hostile, maybe missing."""
    note = st.one_of(hostile_or(st.text(max_size=300)), st.just(DROP))
    colleague = st.sampled_from(
        [
            "",
            directory.charlie.member.full_name,
            directory.charlie.member.full_name.upper(),
            directory.charlie.member.slug,
            directory.charlie.member.get_absolute_url(),
            "https://directory.example/" + directory.members[1].get_absolute_url(),
            directory.alice.member.full_name,
            directory.members[4].slug,
            "/members/../admin/",
        ]
    )
    return st.fixed_dictionaries(
        {
            "note": note,
            "body": note,
            "reason": st.one_of(
                hostile_or(st.sampled_from(["", *CollaborationRequest.DeclineReason.values])), st.just(DROP)
            ),
            "colleague": st.one_of(hostile_or(colleague), st.just(DROP)),
        }
    )


def make_request(directory, state: str) -> CollaborationRequest:
    """A fresh request from alice to bob in `state`, the only request there is."""
    CollaborationRequest.objects.all().delete()
    closed = None if state == State.PENDING else timezone.now()
    return CollaborationRequest.objects.create(
        sender=directory.alice.member,
        recipient=directory.bob.member,
        kind="methods",
        subject="Lesions in MS",
        message="Could you help us quantify them?",
        state=state,
        closed_at=closed,
    )


@pytest.mark.parametrize("action", list(ACTIONS))
@FUZZ
@given(data=st.data())
def test_answers_change_a_request_only_as_allowed(clients, directory, action, data):
    allowed, needs, form_class, leads_to = ACTIONS[action]
    state = data.draw(st.sampled_from([needs or State.PENDING] * 3 + State.values), label="state")
    found = make_request(directory, state)
    who = data.draw(st.sampled_from(allowed * 3 + ["alice", "bob", "charlie", "admin"]), label="who")
    pk = found.pk
    if data.draw(st.sampled_from([False] * 4 + [True]), label="another id"):
        pk = data.draw(st.integers(min_value=0, max_value=2**70).filter(lambda n: n != found.pk), label="pk")
    form = data.draw(answer(directory), label="form")
    before = request_rows()

    response = send(clients[who], "post", f"/requests/{pk}/{action}/", sendable(form))

    if response.status_code == 302 and "success" in flashed(response):
        event("accepted")
        assert who in allowed and pk == found.pk
        assert needs in (None, state)
        oracle = form_class(response.wsgi_request.POST) if form_class else None
        assert oracle is None or oracle.is_valid(), oracle.errors
        changed = CollaborationRequest.objects.get(pk=found.pk)
        assert changed.state == (leads_to or state)
        check_answer(action, changed, oracle, by=getattr(directory, who).member)
    else:
        event(f"refused with {response.status_code}")
        if pk != found.pk or who == "charlie":
            assert response.status_code == 404
        elif response.status_code == 400:
            assert form_class is not None and not form_class(response.wsgi_request.POST).is_valid()
        else:
            assert response.status_code == 302
            assert flashed(response) == {"error"}
        assert request_rows() == before


def check_answer(action: str, changed: CollaborationRequest, oracle, *, by: Member) -> None:
    """What an accepted answer stored, against what its form cleaned."""
    actions = list(changed.events.values_list("action", flat=True))
    if action == "accept":
        assert changed.response_note == oracle.cleaned_data["note"].strip()
        assert actions == [RequestEvent.Action.ACCEPTED]
    elif action == "decline":
        cleaned = oracle.cleaned_data
        assert (changed.decline_reason, changed.suggested_member) == (cleaned["reason"], cleaned["suggested_member"])
        assert changed.response_note == cleaned["note"].strip()
        assert actions == [RequestEvent.Action.DECLINED]
    elif action == "withdraw":
        assert actions == [RequestEvent.Action.WITHDRAWN]
    elif action == "message":
        [message] = RequestMessage.objects.filter(request=changed)
        assert (message.author, message.body) == (by, oracle.cleaned_data["body"].strip())
        assert actions == []
    else:
        [report] = RequestReport.objects.filter(request=changed)
        assert (report.reporter, report.reason) == (changed.recipient, oracle.cleaned_data["reason"].strip())
        assert actions == [RequestEvent.Action.REPORTED]
