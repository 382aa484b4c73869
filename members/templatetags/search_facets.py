"""The tick boxes of the members search's filter panel: `{% load search_facets %}`."""

from html import escape

from django import template
from django.conf import settings
from django.utils.formats import localize
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# One option of a facet; every value is escaped as the template engine would (django.utils.html.escape is html.escape).
OPTION_HTML = (
    '<li class="facet__option">\n'
    '  <input type="checkbox" id="{input_id}" name="{field}" value="{value}" form="member-search"{checked}>\n'
    '  <label for="{input_id}"><span class="facet__label">{label}</span>{count}</label>\n'
    "</li>\n"
)
COUNT_HTML = ' <span class="count{zero}">{count}<span class="visually-hidden"> member{plural}</span></span>'


@register.simple_tag
def facet_options(options) -> SafeString:
    """The <li> of each FacetOption, with its member count unless counts are unavailable (None).

    Built here rather than in a template: a search page shows about a hundred options, and
    the template engine took 2.5 ms for them (25 µs each, more than the search's SQL); this takes 0.1 ms.
    """
    number = localize if settings.USE_THOUSAND_SEPARATOR else str
    html = []
    for option in options:
        count = ""
        if option.count is not None:
            count = COUNT_HTML.format(
                zero="" if option.count else " count--zero",
                count=escape(number(option.count)),
                plural="" if option.count == 1 else "s",
            )
        html.append(
            OPTION_HTML.format(
                input_id=escape(option.input_id),
                field=escape(option.field),
                value=escape(option.value),
                checked=" checked" if option.selected else "",
                label=escape(str(option.label)),
                count=count,
            )
        )
    return mark_safe("".join(html))  # noqa: S308 -- every value is escaped above
