"""Whole pages for visitors who are not signed in, shared by every process of the site.

Most visits are people reading profiles and searching without signing in, and those pages are
the same for all of them. Such a page is stored once rendered, in the "shared" cache, and served
to the next visitor without cookies until the directory changes. Three things keep that safe:

- Only requests without cookies are served or stored: a session, a message waiting to be shown
  or a CSRF token makes a page personal. A response that sets a cookie, or that its view marks
  private (a search that found nobody must reach the search-gap count each time), is not stored.
- The CSP nonce is swapped for a marker when a page is stored and a fresh nonce is put back for
  each visitor, so the Content-Security-Policy header and the page still agree and no two
  responses share a nonce.
- Every key holds the directory's version, which moves after each committed save or delete of a
  member, institution, facility or expertise area, each search-document rewrite and each
  `migrate` (a deployment brings new templates). Pages are also dropped after
  PAGE_CACHE_SECONDS, for whatever changes by other means (time passing).
"""

import time
from functools import wraps

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

VERSION_KEY = "directory.version"
PAGE_KEY = "page.{version}.{path}"
# Escaped page text cannot contain "<", so this marker can only be where the template put the nonce.
NONCE_MARKER = "<csp-nonce>"
# The apps whose rows appear on public pages.
DIRECTORY_APPS = frozenset({"members", "institutions", "expertise"})


def shared_cache():
    return caches["shared"]


def directory_version() -> str:
    version = shared_cache().get(VERSION_KEY)
    if version is None:
        version = str(time.time_ns())
        shared_cache().set(VERSION_KEY, version, None)
    return version


def directory_changed() -> None:
    """Every cached page is out of date from now on (after the current transaction commits)."""
    transaction.on_commit(lambda: shared_cache().set(VERSION_KEY, str(time.time_ns()), None))


def on_migrated(sender, **kwargs) -> None:
    """post_migrate receiver: a deployment (new code, new templates) makes every cached page out of date."""
    directory_changed()


def on_directory_row_changed(sender, **kwargs) -> None:
    """post_save / post_delete / m2m_changed receiver: a row of the directory changed."""
    if sender._meta.app_label in DIRECTORY_APPS:
        directory_changed()


def _cacheable(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.COOKIES
        and not request.headers.get("HX-Request")
    )


def _storable(response: HttpResponse) -> bool:
    """A whole, successful page that sets no cookie and that its view did not mark private or no-store."""
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "private" not in cache_control
        and "no-store" not in cache_control
    )


def cached_for_visitors(view):
    """Serve `view`'s page from the shared cache to visitors without cookies (see the module docstring)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable(request):
            return view(request, *args, **kwargs)
        key = PAGE_KEY.format(version=directory_version(), path=request.get_full_path())
        nonce = str(request.csp_nonce)
        stored = shared_cache().get(key)
        if stored is not None:
            headers, body = stored
            response = HttpResponse(body.replace(NONCE_MARKER, nonce), headers=headers)
            response["X-Cache"] = "hit"
        else:
            response = view(request, *args, **kwargs)
            if _storable(response):
                body = response.content.decode(response.charset).replace(nonce, NONCE_MARKER)
                shared_cache().set(key, (dict(response.headers), body), settings.PAGE_CACHE_SECONDS)
            response["X-Cache"] = "miss"
        # The page is the one for visitors without cookies: a shared HTTP cache must not give it to others.
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
