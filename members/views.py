from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from members.forms import MemberSearchForm
from members.models import Member, MemberExpertise

PAGE_SIZE = 20


def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberSearchForm(request.GET)
    members = Member.objects.visible_to(request.user)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    members = members.search(query).for_cards().order_by("full_name", "pk")
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "members/list.html", {"form": form, "query": query, "page_obj": page})


def member_detail(request: HttpRequest, slug: str) -> HttpResponse:
    member = get_object_or_404(Member.objects.visible_to(request.user).for_profile(), slug=slug)
    context = {
        "member": member,
        "primary_expertise": [
            link for link in member.expertise_links if link.emphasis == MemberExpertise.Emphasis.PRIMARY
        ],
        "secondary_expertise": [
            link for link in member.expertise_links if link.emphasis == MemberExpertise.Emphasis.SECONDARY
        ],
        "show_email": bool(member.email) and member.can_see("email", request.user),
        "show_phone": bool(member.phone) and member.can_see("phone", request.user),
        "breadcrumbs": [(_("Members"), reverse("members:list")), (member.display_name, None)],
    }
    return render(request, "members/detail.html", context)
