from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expertise.models import ExpertiseArea, Facet
from expertise.tree import ancestors, forest_by_facet, subtree_ids
from institutions.models import Facility
from members.models import Member

MEMBERS_PER_PAGE = 20


def area_list(request: HttpRequest) -> HttpResponse:
    areas = list(ExpertiseArea.objects.all())
    counts = ExpertiseArea.objects.all().subtree_member_counts(Member.objects.visible_to(request.user))
    for area in areas:
        area.member_count = counts.get(area.pk, 0)
    return render(request, "expertise/list.html", {"facets": forest_by_facet(areas)})


def area_detail(request: HttpRequest, slug: str) -> HttpResponse:
    area = get_object_or_404(ExpertiseArea, slug=slug)
    members = Member.objects.visible_to(request.user)
    facet_areas = list(ExpertiseArea.objects.filter(facet=area.facet))
    broader = ancestors(area, facet_areas)
    children = [other for other in facet_areas if other.parent_id == area.pk]
    if children:
        counts = ExpertiseArea.objects.filter(pk__in=[child.pk for child in children]).subtree_member_counts(members)
        for child in children:
            child.member_count = counts.get(child.pk, 0)
    subtree = subtree_ids(area, facet_areas)
    facilities = []
    if area.facet == Facet.MODALITY:
        facilities = list(Facility.objects.for_cards().of_modalities(subtree).order_by("name"))
    member_cards = members.with_expertise_in(subtree).for_cards().order_by("full_name", "pk")
    list_url = reverse("expertise:list")
    context = {
        "area": area,
        "broader": broader,
        "children": children,
        "identifiers": sorted(area.identifiers.items()) if isinstance(area.identifiers, dict) else [],
        "facilities": facilities,
        "page_obj": Paginator(member_cards, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "breadcrumbs": [
            (_("Expertise"), list_url),
            (area.get_facet_display(), f"{list_url}#facet-{area.facet}"),
            *[(parent.name, parent.get_absolute_url()) for parent in broader],
            (area.name, None),
        ],
    }
    return render(request, "expertise/detail.html", context)
