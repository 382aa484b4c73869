"""Shared set-up for the collaboration tests: members open to requests, and a request between two personas."""

from members import collaboration
from members.models import CollaborationRequest, Member


def make_open(*users) -> None:
    """Make these personas' profiles open to collaboration, with capacity."""
    for user in users:
        Member.objects.filter(user=user).update(open_to=["clinical", "methods"], capacity=Member.Capacity.OPEN)
        user.member.refresh_from_db()


def send(sender, recipient, **fields) -> CollaborationRequest:
    """`sender` (a user) asks `recipient` (a user) through the service."""
    values = {"kind": "clinical", "subject": "Lesions in MS", "message": "Could you help us quantify them?"}
    values.update(fields)
    return collaboration.send_request(sender.member, recipient=recipient.member, **values)


def set_state(request: CollaborationRequest, state: str) -> CollaborationRequest:
    """Put a request straight into a state, bypassing the services (to test what they refuse)."""
    from django.utils import timezone

    closed = None if state == CollaborationRequest.State.PENDING else timezone.now()
    CollaborationRequest.objects.filter(pk=request.pk).update(state=state, closed_at=closed, decline_reason="")
    request.refresh_from_db()
    return request
