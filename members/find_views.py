"""/find/: describe a need in plain words, get the members best placed to help and why."""

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from members.collaboration import prime_requests_between
from members.collaboration_forms import FindForm
from members.find import find_members
from members.models import Member

EXAMPLES = [
    "We need someone to quantify white matter lesions in MS patients on 3T MRI",
    "Locating the epileptic focus before surgery with MEG",
    "Machine learning on brain scans to predict dementia",
    "Measuring heart function with cardiac MRI",
]


@require_GET
def find(request: HttpRequest) -> HttpResponse:
    """The plain-language need form and, once a need is given, the ranked members with their reasons."""
    form = FindForm(request.GET or None)
    need, result = "", None
    if form.is_valid():
        need = form.cleaned_data["need"].strip()
    if need:
        members = Member.objects.visible_to(request.user)
        if form.cleaned_data["institution"]:
            members = members.filter(institution=form.cleaned_data["institution"])
        if form.cleaned_data["clinical"]:
            members = members.filter(open_to__contains=[Member.OpenTo.CLINICAL]).exclude(capacity=Member.Capacity.NONE)
        result = find_members(members, need)
        viewer = getattr(request.user, "member", None) if request.user.is_authenticated else None
        if viewer is not None and result.members:
            # The request buttons on every card, from one query.
            prime_requests_between(result.members, viewer)
    filtered = form.is_valid() and (form.cleaned_data["institution"] or form.cleaned_data["clinical"])
    context = {
        "form": form,
        "need": need,
        "result": result,
        "filtered": filtered,
        "examples": [(text, reverse("members:find") + "?" + urlencode({"need": text})) for text in EXAMPLES],
        "title": _("“%(need)s”: find an expert") % {"need": need[:60]} if need else _("Find an expert"),
        "nav_section": "",  # its own page, not a part of Members
    }
    return render(request, "members/find.html", context)
