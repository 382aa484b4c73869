import pytest
from django.urls import resolve, reverse

from institutions import views


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("institutions:list", [], "/institutions/", views.institution_list),
        (
            "institutions:detail",
            ["university-of-nottingham"],
            "/institutions/university-of-nottingham/",
            views.institution_detail,
        ),
        ("institutions:facility-list", [], "/facilities/", views.facility_list),
        ("institutions:facility-detail", ["opm-meg-lab"], "/facilities/opm-meg-lab/", views.facility_detail),
    ],
)
def test_urls_reverse_and_resolve(name, args, path, view):
    assert reverse(name, args=args) == path
    match = resolve(path)
    assert match.func is view
    assert f"{match.namespace}:{match.url_name}" == name


def test_models_link_to_their_pages(network):
    nottingham, _ = network.institutions
    assert nottingham.get_absolute_url() == "/institutions/university-of-nottingham/"
    assert network.facilities[1].get_absolute_url() == "/facilities/opm-meg-lab/"
