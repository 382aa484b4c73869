from django.urls import resolve, reverse

from mmin import views


def test_home():
    assert reverse("home") == "/"
    assert resolve("/").func is views.home


def test_admin_is_still_mounted():
    assert reverse("admin:index") == "/admin/"
