import pytest
from allauth.account.models import EmailAddress
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    # allauth counts sign-in attempts per IP in the cache; every test starts from zero.
    cache.clear()
    yield
    cache.clear()


def verify(user, email: str | None = None) -> EmailAddress:
    """Mark the user's address verified and primary, as allauth does after the link is opened."""
    return EmailAddress.objects.create(user=user, email=email or user.email, verified=True, primary=True)


@pytest.fixture
def verified(alice, bob):
    """alice and bob, each with a verified primary address (the state allauth leaves them in)."""
    verify(alice)
    verify(bob)
    return alice, bob
