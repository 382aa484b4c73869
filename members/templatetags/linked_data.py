"""`{% load linked_data %}`: schema.org JSON-LD blocks, `{% jsonld_person member %}` and its siblings.

Each renders `<script type="application/ld+json" nonce="...">` with JSON escaped so that no value
can close the element (the json_script escapes), or nothing when there is nothing public to say.
"""

from django import template
from django.utils.html import format_html

from members import linked_data

register = template.Library()


def _render(context, data: dict | None) -> str:
    if not data:
        return ""
    return format_html(
        '<script type="application/ld+json" nonce="{}">{}</script>',
        context.get("csp_nonce", ""),
        linked_data.to_script_json(data),
    )


def _absolute(context):
    request = context.get("request")
    return request.build_absolute_uri if request is not None else (lambda path: path)


@register.simple_tag(takes_context=True)
def jsonld_person(context, member) -> str:
    if context.get("is_preview"):
        return ""
    return _render(context, linked_data.person(member, _absolute(context)))


@register.simple_tag(takes_context=True)
def jsonld_organization(context, institution) -> str:
    return _render(context, linked_data.organization(institution, _absolute(context)))


@register.simple_tag(takes_context=True)
def jsonld_facility(context, facility) -> str:
    return _render(context, linked_data.facility(facility, _absolute(context)))
