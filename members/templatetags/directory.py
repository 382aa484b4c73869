"""Display helpers shared by the directory's templates: `{% load directory %}`."""

import re
from decimal import Decimal
from urllib.parse import quote, urlsplit

from django import template
from django.core.paginator import Page
from django.utils.html import format_html

register = template.Library()

AVATAR_TONES = 6

# Vocabularies whose terms have a stable public page; others are shown as plain text.
IDENTIFIER_URLS = {
    "mesh": (re.compile(r"^[A-Z]\d{6,9}$"), "https://meshb.nlm.nih.gov/record/ui?ui={}"),
    "edam": (re.compile(r"^(operation|topic|data|format)_\d{4}$"), "https://edamontology.org/{}"),
}


@register.filter
def display_url(url: str) -> str:
    """A web address as people read it: no scheme, no "www.", no trailing slash."""
    parts = urlsplit(url)
    host = parts.netloc.removeprefix("www.")
    path = parts.path.rstrip("/")
    return f"{host}{path}" if host else url


@register.filter
def tesla(value: Decimal | None) -> str:
    """A field strength without trailing zeros: 7.00 -> "7", 9.40 -> "9.4"."""
    if value is None:
        return ""
    return format(Decimal(value).normalize(), "f")


@register.filter
def avatar_tone(member) -> int:
    """A stable colour (0-5) for an initials avatar, so neighbours in a list differ."""
    return (member.pk or 0) % AVATAR_TONES


@register.simple_tag
def avatar(member, size: str = "md") -> str:
    """A member's photo (its thumbnail below "lg"), or their initials on a stable colour.

    A tag rather than an included template: lists draw twenty or more, and an include costs more than this.
    """
    if member.photo:
        large = size in ("lg", "xl")
        image = member.photo if large or not member.photo_thumbnail else member.photo_thumbnail
        pixels = 400 if large else 96
        return format_html(
            '<img class="avatar avatar--{}" src="{}" alt="" width="{}" height="{}" loading="lazy">',
            size,
            image.url,
            pixels,
            pixels,
        )
    return format_html(
        '<span class="avatar avatar--{} avatar--tone-{}" aria-hidden="true">{}</span>',
        size,
        avatar_tone(member),
        member.initials,
    )


@register.filter
def identifier_url(value: str, scheme: str) -> str:
    """The public page of an identifier in a known vocabulary (MeSH, EDAM), or ""."""
    pattern, url = IDENTIFIER_URLS.get(str(scheme).lower(), (None, None))
    if pattern is None or not pattern.match(str(value)):
        return ""
    return url.format(quote(str(value)))


@register.simple_tag
def elided_pages(page: Page, on_each_side: int = 2, on_ends: int = 1):
    """Page numbers around the current one, with Paginator.ELLIPSIS for the gaps."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=on_each_side, on_ends=on_ends))
