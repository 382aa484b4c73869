"""How django-allauth and django-axes fit the directory: mail through the task queue, one login name."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.contrib.auth import get_user_model
from django.contrib.sites.shortcuts import get_current_site
from django.http import HttpRequest

from accounts.tasks import queue_email


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue the message instead of sending it inside the request (see accounts.tasks)."""
        request = allauth_context.request
        site = get_current_site(request) if request is not None else None
        queue_email(template_prefix, [email], {"email": email, "current_site": site, **context})

    def user_display(self, user) -> str:
        # Usernames are generated and never shown: people know themselves by their address.
        if user is None:
            return ""
        return user.email or user.get_username()


def axes_username(request: HttpRequest, credentials: dict | None) -> str:
    """The name django-axes counts failures against: the lower-cased email address.

    The site's form posts `email`, the admin's `username`, and axes' success handler
    passes the account's username; mapping them all to the address means a success
    resets exactly the failures that preceded it.
    """
    credentials = credentials or {}
    data = getattr(request, "data", None) or getattr(request, "POST", {})
    value = str(
        credentials.get("email") or credentials.get("username") or data.get("login") or data.get("username") or ""
    )
    value = value.strip().lower()
    if value and "@" not in value:
        email = get_user_model().objects.filter(username__iexact=value).values_list("email", flat=True).first()
        if email:
            return email.lower()
    return value
