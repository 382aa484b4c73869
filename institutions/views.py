from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from expertise.models import ExpertiseArea
from expertise.tree import subtree_ids
from institutions.forms import FacilityFilterForm, InstitutionFilterForm
from institutions.models import Facility, Institution
from members.models import Member

MEMBERS_PER_PAGE = 20
FACILITIES_PER_PAGE = 24

KIND_HEADINGS = {
    Institution.Kind.UNIVERSITY: _("Universities"),
    Institution.Kind.NHS_TRUST: _("NHS trusts"),
    Institution.Kind.COMPANY: _("Companies"),
    Institution.Kind.RESEARCH_INSTITUTE: _("Research institutes"),
    Institution.Kind.CHARITY: _("Charities"),
}


def institution_list(request: HttpRequest) -> HttpResponse:
    form = InstitutionFilterForm(request.GET)
    kind = form.cleaned_data["kind"] if form.is_valid() else ""
    institutions = Institution.objects.with_counts(Member.objects.visible_to(request.user))
    if kind:
        institutions = institutions.filter(kind=kind)
    by_kind = {value: [] for value in Institution.Kind.values}
    for institution in institutions:
        by_kind[institution.kind].append(institution)
    groups = [(KIND_HEADINGS[value], value, items) for value, items in by_kind.items() if items]
    kinds = [(value, KIND_HEADINGS[value]) for value in Institution.Kind.values]
    context = {"form": form, "kind": kind, "kinds": kinds, "groups": groups}
    return render(request, "institutions/list.html", context)


def institution_detail(request: HttpRequest, slug: str) -> HttpResponse:
    members = Member.objects.visible_to(request.user)
    institution = get_object_or_404(Institution.objects.for_detail(members), slug=slug)
    member_cards = members.filter(institution=institution).for_cards().order_by("full_name", "pk")
    context = {
        "institution": institution,
        "page_obj": Paginator(member_cards, MEMBERS_PER_PAGE).get_page(request.GET.get("page")),
        "breadcrumbs": [(_("Institutions"), reverse("institutions:list")), (institution.name, None)],
    }
    return render(request, "institutions/detail.html", context)


def facility_list(request: HttpRequest) -> HttpResponse:
    modalities = list(ExpertiseArea.objects.modalities().with_facility_counts())
    form = FacilityFilterForm(request.GET, modalities=modalities)
    facilities = Facility.objects.for_cards().order_by("name", "pk")
    selected = None
    if form.is_valid() and form.cleaned_data["modality"]:
        selected = next(area for area in modalities if area.slug == form.cleaned_data["modality"])
        facilities = facilities.of_modalities(subtree_ids(selected, modalities))
    context = {
        "form": form,
        "selected_modality": selected,
        "page_obj": Paginator(facilities, FACILITIES_PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "institutions/facility_list.html", context)


def facility_detail(request: HttpRequest, slug: str) -> HttpResponse:
    responsible = Prefetch(
        "responsible_members",
        queryset=Member.objects.visible_to(request.user).for_cards().order_by("full_name"),
        to_attr="responsible",
    )
    facility = get_object_or_404(Facility.objects.for_cards().prefetch_related(responsible), slug=slug)
    context = {
        "facility": facility,
        "breadcrumbs": [(_("Facilities"), reverse("institutions:facility-list")), (facility.name, None)],
    }
    return render(request, "institutions/facility_detail.html", context)
