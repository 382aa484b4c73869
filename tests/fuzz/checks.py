"""What the fuzz tests check after each request: nothing changed, or it changed as the form said."""

from django.contrib.messages import get_messages
from django.db.models import QuerySet
from django.test import Client


def rows(*querysets: QuerySet) -> tuple:
    """Every row of every queryset, in primary-key order: equal before and after means nothing changed."""
    return tuple(tuple(queryset.order_by("pk").values_list()) for queryset in querysets)


def send(client: Client, method: str, path: str, data=None, **extra):
    """One request, with no flash messages left over from the one before (so `flashed` sees this one's only)."""
    client.cookies.pop("messages", None)
    response = getattr(client, method)(path, data, **extra)
    assert response.status_code < 500
    return response


def flashed(response) -> set[str]:
    """The levels ("success", "error", ...) of the messages this request flashed."""
    return {message.level_tag for message in get_messages(response.wsgi_request)}
