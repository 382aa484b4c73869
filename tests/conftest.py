import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from tests import factories


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Each test gets empty caches (the taxonomy, rarity counts) and no page cache: pages are
    # cached only once a transaction commits, and most tests change rows and read pages inside one.
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        "shared": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "shared"},
    }
    settings.PAGE_CACHE_SECONDS = 0
    cache.clear()


@pytest.fixture
def network(db):
    """A small network: two institutions with units, a taxonomy slice, members and a facility."""
    return factories.small_network()


def _persona(username: str, full_name: str):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "correct horse battery")
    factories.MemberFactory(user=user, full_name=full_name, email=user.email)
    return user


@pytest.fixture
def alice(db):
    return _persona("alice", "Alice Moreno")


@pytest.fixture
def bob(db):
    return _persona("bob", "Bob Achterberg")


@pytest.fixture
def charlie(db):
    return _persona("charlie", "Charlie Nwosu")


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.org", "correct horse battery")
