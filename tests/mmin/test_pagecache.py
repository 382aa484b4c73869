"""Whole pages cached for visitors without cookies: served without queries, fresh nonce, dropped on any change."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import MemberFactory

NONCE = re.compile(r'nonce="([^"]+)"')


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_SECONDS = 300


@pytest.fixture
def member(db):
    return MemberFactory(full_name="Ada Lovelace", job_title="Reader in MEG")


def test_the_second_visitor_gets_the_page_without_a_query(client, member, django_assert_num_queries):
    first = client.get(member.get_absolute_url())

    with django_assert_num_queries(0):
        second = Client().get(member.get_absolute_url())

    assert second.status_code == 200
    assert second.content.decode().count("Reader in MEG") == first.content.decode().count("Reader in MEG") > 0
    assert "Cookie" in second["Vary"]


def test_each_cached_response_has_its_own_nonce_matching_its_csp_header(client, member):
    client.get(member.get_absolute_url())
    responses = [Client().get(member.get_absolute_url()) for _ in range(2)]

    nonces = []
    for response in responses:
        found = set(NONCE.findall(response.content.decode()))
        assert len(found) == 1
        nonce = found.pop()
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        assert "<csp-nonce>" not in response.content.decode()
        nonces.append(nonce)
    assert nonces[0] != nonces[1]


def test_a_committed_change_reaches_the_next_visitor(client, member, django_capture_on_commit_callbacks):
    client.get(member.get_absolute_url())
    client.get(reverse("members:list"), {"q": "Lovelace"})

    with django_capture_on_commit_callbacks(execute=True):
        member.job_title = "Professor of MEG"
        member.save()

    assert "Professor of MEG" in Client().get(member.get_absolute_url()).content.decode()


def test_a_changed_search_document_reaches_the_next_searcher(client, member, django_capture_on_commit_callbacks):
    from members.search import refresh_search_vectors

    assert "Ada Lovelace" not in client.get(reverse("members:list"), {"q": "Babbage"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        member.full_name = "Ada Babbage"
        member.save()
        refresh_search_vectors([member.pk])

    assert "Ada Babbage" in Client().get(reverse("members:list"), {"q": "Babbage"}).content.decode()


def test_nothing_changes_without_a_commit(client, member):
    """A rolled-back change must not move the version: the cached page is still right."""
    client.get(member.get_absolute_url())
    member.job_title = "Never committed"
    member.save()  # the test's transaction is rolled back at the end; no on_commit callback runs

    assert "Reader in MEG" in Client().get(member.get_absolute_url()).content.decode()


def test_visitors_with_cookies_get_their_own_page(client, member, alice, django_assert_max_num_queries):
    Client().get(member.get_absolute_url())  # cached for visitors without cookies
    client.force_login(alice)

    with django_assert_max_num_queries(20) as queries:
        response = client.get(member.get_absolute_url())

    assert len(queries) > 0
    assert response.context is not None  # rendered, not served from the cache


def test_htmx_requests_are_not_served_from_the_cache(client, member, django_assert_max_num_queries):
    url = reverse("members:list")
    Client().get(url, {"q": "Lovelace"})

    response = Client().get(url, {"q": "Lovelace"}, headers={"HX-Request": "true"})

    assert response.context is not None
    assert "<html" not in response.content.decode()  # the partial, not the cached whole page


def test_the_page_cache_can_be_turned_off(client, member, settings, django_assert_max_num_queries):
    settings.PAGE_CACHE_SECONDS = 0
    client.get(member.get_absolute_url())

    assert Client().get(member.get_absolute_url()).context is not None


def test_the_response_says_whether_it_came_from_the_cache(client, member):
    assert client.get(member.get_absolute_url())["X-Cache"] == "miss"
    assert Client().get(member.get_absolute_url())["X-Cache"] == "hit"


def test_a_migration_makes_every_cached_page_out_of_date(client, member, django_capture_on_commit_callbacks):
    from django.apps import apps
    from django.db.models.signals import post_migrate

    client.get(member.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        post_migrate.send(
            sender=apps.get_app_config("mmin"),
            app_config=apps.get_app_config("mmin"),
            verbosity=0,
            interactive=False,
            using="default",
            plan=[],
            apps=apps,
        )

    assert Client().get(member.get_absolute_url())["X-Cache"] == "miss"


def test_every_search_that_finds_nobody_is_counted(client, member):
    from members.models import SearchGap

    for _ in range(3):
        assert Client().get(reverse("members:list"), {"q": "phrenology"})["X-Cache"] != "hit"

    assert SearchGap.objects.get(query="phrenology").count == 3
