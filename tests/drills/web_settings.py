"""The production settings for the gunicorn drill, with static files served unhashed.

The hashed file names (whitenoise's manifest) exist only after collectstatic, which the drills do
not run; tests/conftest.py makes the same change for the in-process tests.
"""

from mmin.settings import *  # noqa: F403

STORAGES = {  # noqa: F405
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The drills find the site's own connections by this name among the others open on the test database.
DATABASES["default"]["OPTIONS"]["application_name"] = "mmin-drill-site"  # noqa: F405
# Every request must reach the database: no page served from a cache, nothing written to the project's .cache/.
PAGE_CACHE_SECONDS = 0
CACHES = {  # noqa: F405
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
}
