import pytest

from expertise.models import ExpertiseArea, Facet
from expertise.taxonomy import load_taxonomy, parse_taxonomy, read_taxonomy

SAMPLE = """\
# A taxonomy

Free text between headings is ignored.

## Modality
- Magnetic resonance imaging | MRI, MR imaging | BIDS:mri; HL7:MR
  - Ultra-high-field MRI | 7T MRI
- Magnetoencephalography | MEG, brain magnetic fields | BIDS:meg; MeSH:D015225; HL7:BS

## Analysis
- Deep learning
"""


def by_name(nodes):
    return {node.name: node for node in nodes}


def test_parser_reads_terms_under_their_facet():
    nodes = by_name(parse_taxonomy(SAMPLE))

    assert list(nodes) == [
        "Magnetic resonance imaging",
        "Ultra-high-field MRI",
        "Magnetoencephalography",
        "Deep learning",
    ]
    assert nodes["Ultra-high-field MRI"].facet == Facet.MODALITY
    assert nodes["Deep learning"].facet == Facet.ANALYSIS


def test_parser_reads_parents_from_indentation():
    nodes = by_name(parse_taxonomy(SAMPLE))

    assert nodes["Ultra-high-field MRI"].parent == "Magnetic resonance imaging"
    assert nodes["Magnetoencephalography"].parent is None


def test_parser_reads_aliases_and_identifiers():
    meg = by_name(parse_taxonomy(SAMPLE))["Magnetoencephalography"]

    assert meg.aliases == ["MEG", "brain magnetic fields"]
    assert meg.identifiers == {"BIDS": "meg", "MeSH": "D015225", "HL7": "BS"}
    assert meg.slug == "magnetoencephalography"


def test_a_term_without_aliases_has_empty_ones():
    deep_learning = by_name(parse_taxonomy(SAMPLE))["Deep learning"]

    assert deep_learning.aliases == []
    assert deep_learning.identifiers == {}


def test_the_shipped_taxonomy_has_all_four_facets():
    nodes = read_taxonomy()

    assert {node.facet for node in nodes} == set(Facet.values)
    assert by_name(nodes)["OPM-MEG"].parent == "Magnetoencephalography"
    assert by_name(nodes)["Intracranial EEG"].identifiers == {"BIDS": "ieeg"}


def test_every_parent_comes_before_its_children_in_the_same_facet():
    seen = {}
    for node in read_taxonomy():
        if node.parent:
            assert seen[node.parent] == node.facet
        seen[node.name] = node.facet


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("## Modalities\n- MRI\n", "line 1: unknown facet 'Modalities'"),
        ("## Modality\n- MRI\n   - 7T MRI\n", "line 3: indent by 2 spaces"),
        ("## Modality\n    - 7T MRI\n", "line 2: indent by 2 spaces"),
        ("## Modality\n- MRI | MR | BIDS:mri | extra\n", "line 2: expected term | aliases | identifiers"),
        ("## Modality\n- MRI | MR | BIDS mri\n", "line 2: write identifiers as VOCABULARY:value, got 'BIDS mri'"),
        ("## Modality\n- MRI\n## Technique\n- mri\n", "two terms have the same slug"),
    ],
)
def test_a_malformed_file_raises_a_clear_error(text, message):
    with pytest.raises(ValueError, match=message):
        parse_taxonomy(text)


@pytest.mark.django_db
def test_load_creates_every_term_with_its_parent_aliases_and_identifiers():
    nodes = read_taxonomy()

    counts = load_taxonomy()

    assert counts == (len(nodes), 0, 0)
    areas = {area.slug: area for area in ExpertiseArea.objects.select_related("parent")}
    assert set(areas) == {node.slug for node in nodes}
    for node in nodes:
        area = areas[node.slug]
        assert (area.name, area.facet, area.aliases, area.identifiers) == (
            node.name,
            node.facet,
            node.aliases,
            node.identifiers,
        )
        assert (area.parent.name if area.parent else None) == node.parent


@pytest.mark.django_db
def test_magnetoencephalography_is_found_by_its_acronym():
    load_taxonomy()

    meg = ExpertiseArea.objects.get(aliases__contains=["MEG"])

    assert meg.name == "Magnetoencephalography"
    assert meg.identifiers == {"BIDS": "meg", "MeSH": "D015225", "HL7": "BS"}
    assert meg.description.startswith("Measurement of the tiny magnetic fields")
    assert set(meg.children.values_list("name", flat=True)) == {"OPM-MEG", "SQUID MEG"}


@pytest.mark.django_db
def test_loading_twice_changes_nothing():
    first = load_taxonomy()
    snapshot = list(ExpertiseArea.objects.order_by("slug").values())

    second = load_taxonomy()

    assert second == (0, 0, first.total)
    assert list(ExpertiseArea.objects.order_by("slug").values()) == snapshot


@pytest.mark.django_db
def test_loading_again_restores_the_files_aliases():
    load_taxonomy()
    ExpertiseArea.objects.filter(slug="magnetoencephalography").update(aliases=["something else"])

    counts = load_taxonomy()

    assert counts.updated == 1
    assert ExpertiseArea.objects.get(slug="magnetoencephalography").aliases == [
        "MEG",
        "brain magnetic fields",
        "biomagnetism",
    ]


@pytest.mark.django_db
def test_loading_keeps_a_curators_description_of_a_term_without_one():
    nodes = parse_taxonomy("## Technique\n- Lesion mapping | lesion-symptom mapping\n")
    load_taxonomy(nodes)
    ExpertiseArea.objects.filter(slug="lesion-mapping").update(description="Written by a curator.")

    load_taxonomy(nodes)

    assert ExpertiseArea.objects.get(slug="lesion-mapping").description == "Written by a curator."
