"""Property-based tests of the API against its own OpenAPI document (schemathesis).

Every operation gets a bounded number of generated requests, valid and invalid; each must
answer without a server error, with a status the document lists and a body valid against
the document's schema for that status.
"""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors
from mmin.wsgi import application

pytestmark = pytest.mark.django_db

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


@contextmanager
def requests_inside_the_test_transaction():
    """Let in-process requests share the test's transaction, as Django's test client does."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture
def api_data(network, settings):
    settings.API_ANON_RATE = "100000/min"
    refresh_search_vectors()
    forget_vocabulary()
    forget_browse_facets()
    cache.clear()
    return network


@schema.parametrize()
@settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_the_api_keeps_its_openapi_document(case, api_data):
    with requests_inside_the_test_transaction():
        case.call_and_validate()
