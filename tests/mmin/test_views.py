import pytest
from django.test import RequestFactory
from django.urls import reverse

from members.models import Member
from mmin import urls as root_urls
from mmin.views import server_error
from tests.factories import ExpertiseAreaFactory, FacilityFactory, crowd

HOME_URL = reverse("home")
HOME_QUERIES = 6  # four counts, top-level areas, featured facilities


def test_home_has_a_search_box_that_searches_members(client, network):
    response = client.get(HOME_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert f'action="{reverse("members:list")}" method="get" role="search"' in content
    assert 'name="q"' in content
    assert '<label class="search__label" for="home-q">' in content


def test_home_shows_network_counts_visible_to_the_viewer(client, network):
    response = client.get(HOME_URL)

    # The hidden member is not counted.
    assert response.context["counts"] == {"members": 4, "institutions": 2, "facilities": 2, "areas": 5}
    content = response.content.decode()
    assert '<span class="stat__value">4</span> <span class="stat__label">members</span>' in content
    assert '<span class="stat__value">2</span> <span class="stat__label">facilities</span>' in content


def test_home_lists_the_four_facets_with_their_top_level_areas(client, network):
    child = ExpertiseAreaFactory(name="Ultra-high-field MRI", facet="modality", parent=network.areas[0])

    response = client.get(HOME_URL)

    content = response.content.decode()
    for label in ("Modality", "Technique", "Analysis", "Application"):
        assert f">{label}</a></h3>" in content
    for area in network.areas:
        assert f'href="{area.get_absolute_url()}">{area.name}</a>' in content
    assert child.name not in content


def test_home_features_one_facility_per_modality(client, network):
    network.facilities[0].field_strength_tesla = 7
    network.facilities[0].save()
    FacilityFactory(name="3 T Prisma", institution=network.institutions[0], modality=network.areas[0])

    response = client.get(HOME_URL)

    featured = [facility.name for facility in response.context["featured_facilities"]]
    assert featured == ["7 T Philips Achieva", "OPM-MEG lab"]
    assert f'href="{network.facilities[1].get_absolute_url()}"' in response.content.decode()


def test_home_explains_how_to_join(client, db):
    content = client.get(HOME_URL).content.decode()

    assert "How to join" in content
    assert "claim it" in content
    assert f'href="{reverse("account_signup")}"' in content
    assert f'href="{reverse("members:find")}"' in content


def test_home_query_count_stays_flat(client, network, django_assert_max_num_queries):
    crowd(30, areas=network.areas)
    for n in range(30):
        modality = ExpertiseAreaFactory(name=f"Modality {n}", facet="modality")
        FacilityFactory(name=f"Instrument {n}", institution=network.institutions[0], modality=modality)

    with django_assert_max_num_queries(HOME_QUERIES):
        response = client.get(HOME_URL)

    assert len(response.context["featured_facilities"]) == 4


# ---------------------------------------------------------------- the shared layout


def test_every_page_has_a_skip_link_title_navigation_and_footer(client, network):
    content = client.get(HOME_URL).content.decode()

    assert '<a class="skip-link" href="#main">Skip to main content</a>' in content
    assert '<main id="main"' in content
    assert "<title>Find medical imaging expertise in the Midlands · MMIN Directory</title>" in content
    assert '<nav class="main-nav" aria-label="Main">' in content
    assert "MMIN Directory" in content
    assert '<footer class="site-footer">' in content
    assert 'href="/static/css/site.css"' in content


def test_htmx_is_loaded_with_the_csp_nonce(client, db):
    response = client.get(HOME_URL)

    nonce = response.context["csp_nonce"]
    assert nonce
    assert f'nonce="{nonce}"' in response.content.decode()
    assert f"'nonce-{nonce}'" in response.headers["Content-Security-Policy"]
    assert 'style="' not in response.content.decode()


@pytest.mark.parametrize(
    ("url", "current"),
    [
        (reverse("members:list"), '<a href="/members/" aria-current="page">Members</a>'),
        (reverse("institutions:list"), '<a href="/institutions/" aria-current="page">Institutions</a>'),
        (reverse("institutions:facility-list"), '<a href="/facilities/" aria-current="page">Facilities</a>'),
        (reverse("expertise:list"), '<a href="/expertise/" aria-current="page">Expertise</a>'),
    ],
)
def test_navigation_marks_the_current_section(client, network, url, current):
    content = client.get(url).content.decode()

    main_nav = content.split('aria-label="Main">')[1].split("</nav>")[0]
    assert current in main_nav
    assert main_nav.count("aria-current=") == 1


def test_navigation_marks_the_section_of_a_detail_page(client, network):
    content = client.get(network.facilities[0].get_absolute_url()).content.decode()

    assert '<a href="/facilities/" aria-current="true">Facilities</a>' in content
    assert '<a href="/institutions/">Institutions</a>' in content


def test_demo_notice_is_shown_while_the_setting_is_on(client, db, settings):
    settings.DEMO_NOTICE = True
    assert "The people in this directory are fictional demo profiles; institutions are real." in (
        client.get(HOME_URL).content.decode()
    )

    settings.DEMO_NOTICE = False
    assert "fictional demo profiles" not in client.get(HOME_URL).content.decode()


# ---------------------------------------------------------------- error pages


def test_unknown_address_gets_the_friendly_404_page(client, db):
    response = client.get("/no/such/page/")

    assert response.status_code == 404
    assert "404.html" in [template.name for template in response.templates]
    content = response.content.decode()
    assert "We could not find that page" in content
    assert '<nav class="main-nav" aria-label="Main">' in content
    assert '<meta name="robots" content="noindex">' in content


def test_missing_profile_gets_the_friendly_404_page(client, db):
    member = crowd(1, profile_visibility=Member.ProfileVisibility.HIDDEN)[0]

    response = client.get(member.get_absolute_url())

    assert response.status_code == 404
    assert "We could not find that page" in response.content.decode()


def test_500_page_renders_without_the_database():
    # No `db` fixture: any query here would fail the test.
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    content = response.content.decode()
    assert "Something went wrong on our side" in content
    assert 'href="mailto:directory@mmin.example"' in content
    assert 'href="/members/"' in content
    assert "<script" not in content


def test_error_handlers_are_wired():
    assert root_urls.handler404 == "mmin.views.page_not_found"
    assert root_urls.handler500 == "mmin.views.server_error"
