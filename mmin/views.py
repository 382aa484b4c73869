from django.http import HttpRequest, HttpResponse, HttpResponseNotFound, HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from expertise.models import ExpertiseArea
from expertise.tree import forest_by_facet
from institutions.models import Facility, Institution
from members.forms import MemberSearchForm
from members.models import Member
from mmin.context_processors import CONTACT_EMAIL
from mmin.pagecache import cached_for_visitors


@cached_for_visitors
def home(request: HttpRequest) -> HttpResponse:
    counts = {
        "members": Member.objects.visible_to(request.user).count(),
        "institutions": Institution.objects.count(),
        "facilities": Facility.objects.count(),
        "areas": ExpertiseArea.objects.count(),
    }
    context = {
        "form": MemberSearchForm(),
        "counts": counts,
        "facets": forest_by_facet(ExpertiseArea.objects.top_level()),
        "featured_facilities": Facility.objects.featured(),
    }
    return render(request, "home.html", context)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return HttpResponseNotFound(loader.render_to_string("404.html", request=request))


def server_error(request: HttpRequest) -> HttpResponse:
    """Render without the request, so no context processor runs: the database may be what failed."""
    return HttpResponseServerError(loader.render_to_string("500.html", {"contact_email": CONTACT_EMAIL}))
