"""The network dashboard: figures from the demo network, a fixed number of queries, staff only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.demo import load_demo
from members.models import CollaborationRequest, Member, SearchGap
from members.search import forget_vocabulary
from mmin import dashboard
from tests.factories import crowd

pytestmark = pytest.mark.django_db

URL = "/admin/dashboard/"
MAX_QUERIES = 15


@pytest.fixture
def demo(db):
    load_demo()
    forget_vocabulary()
    SearchGap.objects.create(query="cardiac pet", count=7)
    SearchGap.objects.create(query="hyperpolarised xenon", count=3)
    members = list(Member.objects.active().order_by("pk")[:4])
    now = timezone.now()
    CollaborationRequest.objects.create(
        sender=members[0], recipient=members[1], kind="methods", subject="Diffusion", message="Shall we?"
    )
    CollaborationRequest.objects.create(
        sender=members[2],
        recipient=members[3],
        kind="clinical",
        subject="Epilepsy",
        message="Could you look?",
        state="accepted",
        answered_at=now,
        closed_at=now,
    )
    return members


def queries_for(client) -> tuple[int, str]:
    forget_vocabulary()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(URL)
    assert response.status_code == 200
    return len(queries), response.text


def test_the_dashboard_shows_the_demo_network_in_a_fixed_number_of_queries(admin_client, demo):
    count, page = queries_for(admin_client)

    assert count <= MAX_QUERIES
    assert "Network dashboard" in page
    active = Member.objects.active().count()
    assert f"<strong>{active}</strong> active members" in page
    for caption in (
        "Active members per institution",
        "Members per institution and modality",
        "Members per institution and application",
        "Member growth per month",
        "Profile freshness",
        "Searches that found nobody",
    ):
        assert f"<caption>{caption}</caption>" in page, caption
    assert "University of Nottingham" in page
    assert "cardiac pet" in page
    assert "Requests per month, by the state they are in now" in page
    # Every chart's picture is hidden from screen readers; its numbers are in the table after it.
    charts = re.findall(r'<svg class="chart[^"]*"[^>]*>', page)
    assert len(charts) == 7
    assert all('aria-hidden="true"' in svg for svg in charts)
    assert page.count('<div class="visually-hidden"><table>') == 6  # the request figures have a visible table

    crowd(40, institution_id=demo[0].institution_id)
    assert queries_for(admin_client)[0] == count


def test_the_figures_add_up(demo):
    per_institution = dashboard.members_per_institution()
    assert sum(bar.value for bar in per_institution.bars) == Member.objects.active().count()

    growth = dashboard.growth()
    assert len(growth.columns) == dashboard.GROWTH_MONTHS
    assert growth.columns[-1].label == timezone.localtime().strftime("%b %Y")
    assert growth.columns[-1].total == Member.objects.exclude(status=Member.Status.LEFT).count()

    freshness = dashboard.freshness()
    assert sum(bar.value for bar in freshness.bars) == Member.objects.filter(status__in=["active", "pending"]).count()

    modality, application = dashboard.heatmaps()
    assert modality.rows and application.rows
    assert all(len(row.cells) == len(modality.columns) for row in modality.rows)

    requests = dashboard.requests()
    assert requests["sent"] == 2
    assert requests["figures"].accepted == 1


def test_stale_profiles_show_in_the_freshness_chart(demo):
    Member.objects.filter(pk=demo[0].pk).update(
        updated_at=timezone.now() - timezone.timedelta(days=500), availability_confirmed_at=None
    )
    stale_bar = dashboard.freshness().bars[-1]
    assert stale_bar.value == 1
    assert stale_bar.url.endswith("?freshness=stale")


def test_an_empty_directory_still_renders(admin_client):
    count, page = queries_for(admin_client)
    assert "No active members yet." in page
    assert "Every search so far found someone." in page


def test_the_admin_index_links_the_dashboard(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert 'href="/admin/dashboard/"' in response.text
    assert "Stale profiles" in response.text


def test_only_staff_see_the_dashboard(client, alice):
    assert client.get(URL).status_code == 302
    client.force_login(alice)
    response = client.get(URL)
    assert response.status_code == 302
    assert reverse("admin:login") in response.url
