"""Security headers on ordinary pages, with the settings production computes (mmin/settings.py with HTTPS on)."""

import json
import os
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
HTTPS_SETTINGS = [
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
]
PRINT_SETTINGS = (
    "import django, json; django.setup(); from django.conf import settings; "
    f"print(json.dumps({{name: getattr(settings, name) for name in {HTTPS_SETTINGS!r}}}))"
)


def computed_settings(**env) -> dict:
    """The HTTPS settings mmin/settings.py computes from this environment (debug off), read in a fresh process."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "MMIN_"))}
    environment.update(
        env, DJANGO_SETTINGS_MODULE="mmin.settings", DJANGO_SECRET_KEY="x" * 50, DATABASE_URL="postgres://unused/x"
    )
    result = subprocess.run(  # noqa: S603 -- this interpreter, our own script
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


@pytest.fixture(scope="session")
def production_https_settings() -> dict:
    """Production with nothing configured: debug off, so DJANGO_HTTPS defaults on."""
    return computed_settings()


@pytest.fixture
def production(settings, production_https_settings):
    settings.DEBUG = False
    for name, value in production_https_settings.items():
        setattr(settings, name, value)


@pytest.fixture
def profile_url(network):
    return network.members[0].get_absolute_url()


def directives(header: str) -> dict[str, list[str]]:
    parts = (part.split() for part in header.split(";") if part.strip())
    return {name: sources for name, *sources in parts}


class Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.tags: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.tags.append(dict(attrs))


def test_production_settings_turn_on_https_protections(production_https_settings):
    assert production_https_settings == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


@pytest.mark.parametrize("page", ["home", "profile"])
def test_pages_carry_the_security_headers(client, production, network, profile_url, page):
    response = client.get("/" if page == "home" else profile_url, secure=True)
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.parametrize("page", ["home", "profile"])
def test_content_security_policy_allows_only_own_and_nonced_scripts(client, production, network, profile_url, page):
    response = client.get("/" if page == "home" else profile_url, secure=True)
    policy = directives(response.headers["Content-Security-Policy"])
    [nonce] = [source for source in policy["script-src"] if source.startswith("'nonce-")]
    assert policy["script-src"] == ["'self'", nonce]
    assert policy["default-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"], "no 'unsafe-inline' styles either"
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]

    # Every script the page has runs under that policy: from the site itself, or inline with this response's nonce.
    parser = Scripts()
    parser.feed(response.text)
    executable = [tag for tag in parser.tags if tag.get("type", "text/javascript") != "application/ld+json"]
    assert executable, "the page loads htmx"
    for tag in executable:
        assert tag.get("src", "").startswith("/static/") or f"'nonce-{tag.get('nonce')}'" == nonce, tag


def test_each_response_gets_a_fresh_nonce(client, production, db):
    first = directives(client.get("/", secure=True).headers["Content-Security-Policy"])["script-src"]
    second = directives(client.get("/", secure=True).headers["Content-Security-Policy"])["script-src"]
    assert first != second


def test_plain_http_is_redirected_to_https(client, production, db):
    response = client.get("/members/")
    assert response.status_code == 301
    assert response.headers["Location"] == "https://testserver/members/"


def test_https_protections_stay_off_when_https_is_switched_off():
    # A site served over plain HTTP must not pin browsers to HTTPS it does not have.
    assert computed_settings(DJANGO_HTTPS="false") == {
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": False,
        "SECURE_HSTS_PRELOAD": False,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }
