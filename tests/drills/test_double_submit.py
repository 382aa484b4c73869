"""Drill: the request form is submitted twice (a double click). One request is made, and the sender is shown it.

A browser shows the answer to the last submission only. Before members.collaboration_views'
_already_sent, that answer was an error ("You already have a pending request", or "You cannot
send this request") about a request that had in fact been sent.
"""

import re
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from django.test import Client
from django.urls import reverse
from playwright.sync_api import expect

from members.models import CollaborationRequest
from tests.members.collaboration_helpers import make_open

pytestmark = pytest.mark.django_db(transaction=True)

TRIALS = 5
FORM = {"kind": "clinical", "subject": "Lesions in MS", "question": "Could you quantify them?"}


def session_cookie(user) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies["sessionid"].value


def test_two_simultaneous_posts_of_the_form_make_one_request(live_server, settings, alice, bob):
    """Both POSTs reach the live server together, each on its own thread and database connection."""
    settings.COLLABORATION_REQUESTS_PER_HOUR = settings.COLLABORATION_REQUESTS_PER_DAY = 1000
    make_open(alice, bob)
    browser = requests.Session()
    browser.cookies.set("sessionid", session_cookie(alice))
    form_url = live_server.url + reverse("members:request-new", args=[bob.member.slug])
    barrier = threading.Barrier(2, timeout=10)

    def submit(data):
        barrier.wait()
        return browser.post(form_url, data, allow_redirects=False, timeout=15)

    for _trial in range(TRIALS):
        page = browser.get(form_url, timeout=15)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        data = {**FORM, "csrfmiddlewaretoken": token}
        with ThreadPoolExecutor(max_workers=2) as pool:
            responses = list(pool.map(submit, [data, data]))

        [sent] = CollaborationRequest.objects.filter(state="pending")
        assert [response.status_code for response in responses] == [302, 302]
        assert {response.headers["Location"] for response in responses} == {sent.get_absolute_url()}
        CollaborationRequest.objects.update(state="withdrawn", closed_at="2020-01-01T00:00Z")


@pytest.mark.e2e
def test_a_double_click_on_send_shows_the_one_request_made(live_server, page, alice, bob):
    make_open(alice, bob)
    page.context.add_cookies([{"name": "sessionid", "value": session_cookie(alice), "url": live_server.url}])
    posts = []
    page.on("request", lambda sent: posts.append(sent.url) if sent.method == "POST" else None)
    page.goto(live_server.url + reverse("members:request-new", args=[bob.member.slug]))
    page.get_by_role("radio", name="Clinical question").check()
    page.get_by_label("Subject").fill("Lesions in MS")
    page.get_by_label("Your question").fill("Could you quantify them?")

    # Two clicks 30 ms apart: the second lands while the first submission is on its way.
    send = page.get_by_role("button", name="Send request")
    send.scroll_into_view_if_needed()
    box = send.bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + 5)
    page.wait_for_timeout(30)
    page.mouse.click(box["x"] + 5, box["y"] + 5)

    # Whether the browser sent the form once or twice (usually twice; it depends on timing), the sender sees the
    # request page, never an error about a request that was sent.
    expect(page.get_by_role("heading", level=1)).to_have_text("Lesions in MS")
    assert CollaborationRequest.objects.count() == 1, posts
