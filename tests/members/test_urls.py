import pytest
from django.urls import resolve, reverse

from members import views


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("members:list", [], "/members/", views.member_list),
        ("members:detail", ["amira-okafor"], "/members/amira-okafor/", views.member_detail),
    ],
)
def test_urls_reverse_and_resolve(name, args, path, view):
    assert reverse(name, args=args) == path
    match = resolve(path)
    assert match.func is view
    assert f"{match.namespace}:{match.url_name}" == name


def test_member_links_to_its_profile(db):
    from tests.factories import MemberFactory

    member = MemberFactory(slug="amira-okafor")
    assert member.get_absolute_url() == "/members/amira-okafor/"
