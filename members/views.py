import math
import re
from collections.abc import Callable

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_htmx.http import push_url, replace_url

from institutions.models import Institution
from members.collaboration import button_state, prime_requests_between
from members.forms import MemberSearchForm, SearchCriteria
from members.models import Member, MemberExpertise
from members.search import (
    SearchPage,
    browse_facet_counts,
    build_facets,
    highlight,
    match_reason,
    quick_hits,
    record_search_gap,
    related_areas,
    search_page,
    search_with_facets,
    suggestions,
    taxonomy,
)
from members.similar import similar_members
from mmin.pagecache import cached_for_visitors

PAGE_SIZE = 20
# Expertise chips on a result card; the rest are counted ("+3 more").
CARD_CHIPS = 4
# The id of the search box: htmx names it in HX-Trigger when the request comes from typing.
SEARCH_BOX_ID = "id_q"


@cached_for_visitors
def member_list(request: HttpRequest) -> HttpResponse:
    """Search and browse members: ranked results, facets with counts, quick hits; htmx gets the results alone."""
    form = MemberSearchForm(request.GET)
    criteria = form.criteria
    filters = criteria.filters
    tree = taxonomy()
    narrowed = filters.narrow(Member.objects.visible_to(request.user))
    offset = (criteria.page - 1) * PAGE_SIZE
    browsing = not criteria.q and not filters
    # The whole directory's counts (and total) are cached, so browsing needs no count of its own.
    if browsing:
        counts = browse_facet_counts(narrowed, signed_in=request.user.is_authenticated)
        page = search_page(
            narrowed.for_cards(), "", sort=criteria.sort, offset=offset, limit=PAGE_SIZE, total=counts and counts.total
        )
    else:
        page, counts = search_with_facets(
            narrowed, filters, criteria.q, sort=criteria.sort, offset=offset, limit=PAGE_SIZE, tree=tree
        )
    past_end = offset > 0 and not page.members
    nobody = not page.members and not past_end
    typing = bool(request.htmx) and request.htmx.trigger == SEARCH_BOX_ID

    notices = form.messages
    institution_labels = None
    if counts is None:
        notices.append(_("Filter counts are not available right now (they took too long); the results are complete."))
        if filters.institutions:
            institution_labels = dict(Institution.objects.filter(pk__in=filters.institutions).values_list("pk", "name"))
    elif filters.institutions and any(pk not in counts.institutions for pk in filters.institutions):
        notices.append(_("One of the chosen institutions is not in the directory, so it matches nobody."))
    facets = build_facets(counts, filters, tree, institution_labels=institution_labels)
    total = page.total if not past_end else (counts.total if counts else None)

    empty = {}
    if nobody and criteria.q:
        found = suggestions(narrowed, criteria.q, tree) if not filters else []
        empty = {
            "suggestions": [(s.text, SearchCriteria(q=s.text).url) for s in found],
            "related_areas": related_areas(page.parsed, found, tree),
            "single_words": _single_words(page),
        }
        gap = not filters and not typing and page.parsed is not None and not page.parsed.is_empty
        if gap:
            record_search_gap(criteria.q)

    _prepare_cards(request, page)

    context = {
        "form": form,
        "criteria": criteria,
        "page": page,
        "total": total,
        "past_end": past_end,
        "nobody": nobody,
        "heading": _heading(criteria, page, total, past_end),
        "title": _title(criteria),
        "notices": notices,
        "facets": facets,
        "facets_failed": counts is None,
        "chips": _chips(criteria, facets),
        "quick_hits": quick_hits(page.parsed, tree) if criteria.q and offset == 0 else [],
        "pages": _pages(criteria, total) if total and not past_end else [],
        "first_page_url": criteria.page_url(1),
        "login_url": reverse("account_login"),
        **_page_links(criteria, total, len(page.members)),
        **empty,
    }
    if request.htmx and not request.htmx.history_restore_request:
        response = render(request, "members/_results.html", {**context, "partial": True})
        # Typing replaces the history entry; a submitted search or a ticked filter adds one, so Back undoes it.
        (replace_url if typing else push_url)(response, criteria.url)
    else:
        response = render(request, "members/list.html", context)
    patch_vary_headers(response, ["HX-Request"])
    if empty and gap:
        patch_cache_control(response, private=True)  # each search that finds nobody must reach the gap count

    return response


# A slug as the `slug` path converter accepts it, which reverse() returns unquoted.
SLUG = re.compile(r"[-a-zA-Z0-9_]+\Z")


def _slug_urls(viewname: str) -> Callable[[str], str]:
    """reverse(viewname, args=[slug]) for many slugs, resolving the URL pattern once rather than per call."""
    marker = "slug-marker"
    prefix, _marker, suffix = reverse(viewname, args=[marker]).partition(marker)
    return lambda slug: f"{prefix}{slug}{suffix}" if SLUG.match(slug) else reverse(viewname, args=[slug])


def _prepare_cards(request: HttpRequest, page: SearchPage) -> None:
    """Everything a result card shows that is not a plain field, computed once per card rather than in the template.

    The results page draws 20 cards, so per-card template work (an include, a template tag, a reverse()
    per link) made rendering cost more than the search's SQL.
    """
    signed_in = request.user.is_authenticated
    viewer = getattr(request.user, "member", None) if signed_in else None
    if viewer is not None and page.members:
        prime_requests_between(page.members, viewer)  # the cards' request buttons, in one query
    member_url = _slug_urls("members:detail")
    request_url = _slug_urls("members:request-new")
    area_url = _slug_urls("expertise:detail")
    for member in page.members:
        member.reason = match_reason(member, page)
        member.snippet_html = highlight(member.snippet) if getattr(member, "snippet", "") else ""
        member.card_url = member_url(member.slug)
        links = member.expertise_links
        member.card_chips = [
            (area_url(link.area.slug), link.area.name, link.emphasis == MemberExpertise.Emphasis.PRIMARY)
            for link in links[:CARD_CHIPS]
        ]
        member.card_more_chips = max(0, len(links) - CARD_CHIPS)
        member.card_open_to = ", ".join(map(str, member.get_open_to_display()))
        # What members/_request_button_compact.html draws.
        member.card_button = button_state(member, sender=viewer, signed_in=signed_in)
        member.card_request_url = request_url(member.slug)


def _heading(criteria: SearchCriteria, page: SearchPage, total: int | None, past_end: bool) -> str:
    if past_end:
        return _("Page %(page)d is past the end of the results") % {"page": criteria.page}
    if not page.members:
        if criteria.q:
            return _("No members match “%(query)s”") % {"query": criteria.q}
        return _("No members match these filters") if criteria.filters else _("No members yet")
    count = ngettext("%(count)d member", "%(count)d members", total) % {"count": total}
    if page.fuzzy:
        return _("%(count)s with a name like “%(query)s”") % {"count": count, "query": criteria.q}
    if criteria.q:
        return _("%(count)s matching “%(query)s”") % {"count": count, "query": criteria.q}
    return _("%(count)s matching these filters") % {"count": count} if criteria.filters else count


def _title(criteria: SearchCriteria) -> str:
    title = _("“%(query)s”: members") % {"query": criteria.q} if criteria.q else _("Members")
    return _("%(title)s (page %(page)d)") % {"title": title, "page": criteria.page} if criteria.page > 1 else title


def _chips(criteria: SearchCriteria, facets) -> list[tuple[str, str]]:
    """The ticked filters as (label, link that removes it)."""
    return [
        (option.label, criteria.without(option.field, option.value).url)
        for group in facets
        for option in group.selected
    ]


def _single_words(page: SearchPage) -> list[tuple[str, str]]:
    """When several words together found nobody: a link to search for each on its own."""
    if page.parsed is None or len(page.parsed.required) < 2:
        return []
    texts = [group[0].text for group in page.parsed.required]
    return [(text, SearchCriteria(q=f'"{text}"' if " " in text else text).url) for text in texts]


def _page_links(criteria: SearchCriteria, total: int | None, shown: int) -> dict:
    last_page = math.ceil(total / PAGE_SIZE) if total else 1
    first_shown = (criteria.page - 1) * PAGE_SIZE + 1
    return {
        "last_page": last_page,
        "first_shown": first_shown,
        "last_shown": first_shown + shown - 1,
        "previous_page_url": criteria.page_url(criteria.page - 1) if criteria.page > 1 else "",
        "next_page_url": criteria.page_url(criteria.page + 1) if criteria.page < last_page else "",
    }


def _pages(criteria: SearchCriteria, total: int) -> list[tuple[int | str, str]]:
    """Page links (number, url) around the current page, with Paginator.ELLIPSIS (and no url) for the gaps."""
    if total <= PAGE_SIZE:
        return []
    paginator = Paginator(range(total), PAGE_SIZE)
    number = min(criteria.page, math.ceil(total / PAGE_SIZE))
    return [
        (item, "" if item == Paginator.ELLIPSIS else criteria.page_url(item))
        for item in paginator.get_elided_page_range(number, on_each_side=2, on_ends=1)
    ]


@cached_for_visitors
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
        "similar_members": similar_members(member, request.user, areas=[link.area for link in member.expertise_links]),
        "show_email": bool(member.email) and member.can_see("email", request.user),
        "show_phone": bool(member.phone) and member.can_see("phone", request.user),
        "breadcrumbs": [(_("Members"), reverse("members:list")), (member.display_name, None)],
    }
    return render(request, "members/detail.html", context)
