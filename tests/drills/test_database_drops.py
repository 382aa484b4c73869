"""Drill: the database connection drops between two requests, and in the middle of one.

The site runs in gunicorn with one sync worker, as `make serve` runs it: the worker keeps its
connection from one request to the next (CONN_MAX_AGE), so a connection the server dropped
meanwhile is still there on the worker's side. CONN_HEALTH_CHECKS makes the next request notice
and reconnect. A request whose connection drops while it runs gets the error page, not a hang,
and the request after it connects afresh.
"""

import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import pytest
import requests
from django.db import connection

from tests.drills.processes import ROOT, free_port, project_env, wait_for

pytestmark = pytest.mark.django_db(transaction=True)

PAGE = "/members/"  # a page that reads the members table


@pytest.fixture
def site(tmp_path):
    """The site in gunicorn, on the test database; its URL."""
    port = free_port()
    env = project_env(DJANGO_SETTINGS_MODULE="tests.drills.web_settings", DATABASE_CONN_MAX_AGE="60")
    with open(tmp_path / "gunicorn.log", "w") as log:
        server = subprocess.Popen(  # noqa: S603 -- this interpreter, running gunicorn
            [sys.executable, "-m", "gunicorn", "mmin.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        try:
            wait_for(lambda: _answers(url), what=f"gunicorn to serve {url}")
        except AssertionError as error:
            raise AssertionError(f"{error}:\n{(tmp_path / 'gunicorn.log').read_text()}") from None
        yield url
    finally:
        server.terminate()
        server.wait(timeout=20)


def _answers(url: str) -> bool:
    try:
        return requests.get(url + "/robots.txt", timeout=5).ok
    except requests.ConnectionError:
        return False


def terminate_site_connections(condition: str) -> int:
    """Drop the site's connections to the test database matching `condition` (SQL), as a failover would."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = current_database()"  # noqa: S608
            f" AND application_name = 'mmin-drill-site' AND {condition}"
        )
        return cursor.fetchone()[0]


def test_a_connection_dropped_between_requests_is_replaced_by_the_next_request(site):
    assert requests.get(site + PAGE, timeout=10).status_code == 200
    assert terminate_site_connections("state = 'idle'") == 1, "the worker kept its connection"

    assert requests.get(site + PAGE, timeout=10).status_code == 200


def test_a_connection_dropped_during_a_request_gives_the_error_page_and_the_next_request_succeeds(site):
    assert requests.get(site + PAGE, timeout=10).status_code == 200
    # Hold the request inside its query: it waits for this lock until its connection is dropped.
    holder = psycopg2.connect(**connection.get_connection_params())
    try:
        holder.cursor().execute("LOCK TABLE members_member IN ACCESS EXCLUSIVE MODE")
        with ThreadPoolExecutor(max_workers=1) as pool:
            pending = pool.submit(requests.get, site + PAGE, timeout=15)
            wait_for(lambda: terminate_site_connections("wait_event_type = 'Lock'"), what="the request's query")
            response = pending.result()
    finally:
        holder.close()

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.text
    assert requests.get(site + PAGE, timeout=10).status_code == 200
