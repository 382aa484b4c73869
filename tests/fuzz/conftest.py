"""Fuzzing: hypothesis sends generated, often hostile, input to every public form and query string.

MMIN_FUZZ_EXAMPLES sets the number of examples per endpoint. Without it (`make test`) each endpoint gets
FUZZ_CI_EXAMPLES, drawn the same way on every run so the suite stays fast and repeatable; `make fuzz` asks
for 1,000 per endpoint and draws new ones each time (a failure prints the blob that reproduces it).
"""

import os
from types import SimpleNamespace

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, settings

from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors
from tests.members.collaboration_helpers import make_open

FUZZ_CI_EXAMPLES = 50

settings.register_profile(
    "mmin-fuzz",
    max_examples=int(os.environ.get("MMIN_FUZZ_EXAMPLES") or FUZZ_CI_EXAMPLES),
    derandomize="MMIN_FUZZ_EXAMPLES" not in os.environ,
    deadline=None,
    print_blob=True,
    # The fixtures (the database, a logged-in client) are meant to be shared by every example of a test;
    # each example takes its own snapshot. Hostile text is large on purpose.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture(autouse=True)
def _no_limits_in_the_way(settings):
    """Rate limits would turn later examples into 429s and refusals that test nothing new."""
    settings.COLLABORATION_REQUESTS_PER_HOUR = 1_000_000
    settings.COLLABORATION_REQUESTS_PER_DAY = 1_000_000
    settings.COLLABORATION_MAX_PENDING = 1_000_000
    settings.API_ANON_RATE = "1000000/min"
    settings.API_USER_RATE = "1000000/min"
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def directory(network, alice, bob, charlie, admin_user):
    """The small network plus the personas, open to requests, with search documents and fresh caches."""
    make_open(alice, bob, charlie)
    refresh_search_vectors()
    forget_vocabulary()
    forget_browse_facets()
    return SimpleNamespace(**vars(network), alice=alice, bob=bob, charlie=charlie, admin=admin_user)


@pytest.fixture
def clients(directory) -> dict[str, Client]:
    """A client per persona, already signed in, and one for an anonymous visitor."""
    signed_in = {"anonymous": Client()}
    for name in ("alice", "bob", "charlie", "admin"):
        signed_in[name] = Client()
        signed_in[name].force_login(getattr(directory, name))
    return signed_in
