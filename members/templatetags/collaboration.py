"""The collaboration pieces every page may show: `{% load collaboration %}`."""

from django import template

from members.collaboration import ButtonState, button_state, unread_count
from members.models import Member

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_request_count(context) -> int:
    """How many of the signed-in member's requests have something new: the header badge (one query).

    On a profile page the same query loads what the request button needs about the two of them.
    """
    member = context.get("my_member")
    if not member:
        return 0
    shown = context.get("member")
    return unread_count(member, also_between=shown if isinstance(shown, Member) else None)


@register.simple_tag(takes_context=True)
def request_button_state(context, member) -> ButtonState:
    """What the "Request collaboration" button shows the viewer on `member`'s profile or card."""
    request = context.get("request")
    signed_in = bool(request and request.user.is_authenticated)
    viewer = context.get("my_member") if signed_in else None
    return button_state(member, sender=viewer or None, signed_in=signed_in)
