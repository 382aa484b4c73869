"""Template tags that draw many small pieces of HTML in Python: the output is escaped like a template's."""

from django.template import Context, Template

from members.search import FacetOption
from members.templatetags.search_facets import facet_options
from tests.factories import MemberFactory


def test_facet_options_escape_labels_and_values_and_count_members():
    html = facet_options(
        [
            FacetOption(field="institution", value='1"><b>', label="Smith & <Jones>", count=1, selected=True),
            FacetOption(field="role", value="clinician", label="Clinician", count=0, selected=False),
        ]
    )

    assert 'value="1&quot;&gt;&lt;b&gt;"' in html
    assert '<span class="facet__label">Smith &amp; &lt;Jones&gt;</span>' in html
    assert 'form="member-search" checked>' in html
    assert '1<span class="visually-hidden"> member</span>' in html
    assert '<span class="count count--zero">0<span class="visually-hidden"> members</span>' in html


def test_facet_options_without_counts_show_none():
    html = facet_options([FacetOption(field="role", value="clinician", label="Clinician", count=None, selected=False)])

    assert "count" not in html


def test_avatar_without_a_photo_shows_initials_on_a_stable_tone(db):
    member = MemberFactory(full_name="Ann O'Neil")

    html = Template('{% load directory %}{% avatar member "sm" %}').render(Context({"member": member}))

    assert html == f'<span class="avatar avatar--sm avatar--tone-{member.pk % 6}" aria-hidden="true">AO</span>'
