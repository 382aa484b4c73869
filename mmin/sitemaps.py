"""sitemap.xml and robots.txt: what search engines may list. Only public, active profiles are in the sitemap."""

from django.contrib.sitemaps import Sitemap
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from expertise.models import ExpertiseArea
from institutions.models import Facility, Institution
from members.models import Member


class PagesSitemap(Sitemap):
    priority = 0.6
    changefreq = "daily"

    def items(self):
        return ["home", "members:list", "institutions:list", "institutions:facility-list", "expertise:list"]

    def location(self, item):
        return reverse(item)


class MemberSitemap(Sitemap):
    """Public, active profiles only: members-only and hidden profiles, and pending or former members, stay out."""

    changefreq = "monthly"
    limit = 5000

    def items(self):
        return Member.objects.public().order_by("pk").only("slug", "updated_at")

    def lastmod(self, member):
        return member.updated_at


class InstitutionSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Institution.objects.order_by("pk").only("slug")


class FacilitySitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Facility.objects.order_by("pk").only("slug")


class ExpertiseSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return ExpertiseArea.objects.order_by("pk").only("slug")


SITEMAPS = {
    "pages": PagesSitemap,
    "members": MemberSitemap,
    "institutions": InstitutionSitemap,
    "facilities": FacilitySitemap,
    "expertise": ExpertiseSitemap,
}

# Search results and filters make endless URL combinations; accounts, the admin and the API are not pages to list.
DISALLOWED = ["/admin/", "/accounts/", "/api/", "/profile-check/", "/members/?"]


@require_safe
@cache_control(max_age=86400, public=True)
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
