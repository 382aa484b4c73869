import pytest
from django.urls import resolve, reverse

from expertise import views


@pytest.mark.parametrize(
    ("name", "args", "path", "view"),
    [
        ("expertise:list", [], "/expertise/", views.area_list),
        ("expertise:detail", ["diffusion-mri"], "/expertise/diffusion-mri/", views.area_detail),
    ],
)
def test_urls_reverse_and_resolve(name, args, path, view):
    assert reverse(name, args=args) == path
    match = resolve(path)
    assert match.func is view
    assert f"{match.namespace}:{match.url_name}" == name


def test_area_links_to_its_page(network):
    assert network.areas[2].get_absolute_url() == "/expertise/diffusion-mri/"
