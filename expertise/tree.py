"""The taxonomy as a tree, shaped in Python from one list of areas: the taxonomy stays small."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from expertise.models import ExpertiseArea, Facet


@dataclass
class FacetTree:
    facet: str
    label: str
    roots: list[ExpertiseArea] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"facet-{self.facet}"


def build_forest(areas: Iterable[ExpertiseArea]) -> list[ExpertiseArea]:
    """Give every area a `tree_children` list and return the roots, keeping the given order.

    Areas whose parent is not in `areas` become roots; areas caught in a cycle are left out.
    """
    areas = list(areas)
    by_id = {area.pk: area for area in areas}
    for area in areas:
        area.tree_children = []
    roots = []
    for area in areas:
        parent = by_id.get(area.parent_id)
        if parent is None:
            roots.append(area)
        else:
            parent.tree_children.append(area)
    return roots


def forest_by_facet(areas: Iterable[ExpertiseArea]) -> list[FacetTree]:
    """The four facets in their fixed order, each with its roots (children attached)."""
    trees = {value: FacetTree(value, label) for value, label in Facet.choices}
    for root in build_forest(areas):
        trees[root.facet].roots.append(root)
    return list(trees.values())


def ancestors(area: ExpertiseArea, areas: Iterable[ExpertiseArea]) -> list[ExpertiseArea]:
    """The broader areas above `area`, outermost first."""
    by_id = {other.pk: other for other in areas}
    chain, seen = [], {area.pk}
    parent = by_id.get(area.parent_id)
    while parent is not None and parent.pk not in seen:
        chain.append(parent)
        seen.add(parent.pk)
        parent = by_id.get(parent.parent_id)
    return chain[::-1]


def subtree_ids(area: ExpertiseArea, areas: Iterable[ExpertiseArea]) -> list[int]:
    """The ids of `area` and of every narrower area below it."""
    children: dict[int | None, list[int]] = {}
    for other in areas:
        children.setdefault(other.parent_id, []).append(other.pk)
    found, queue = [area.pk], [area.pk]
    while queue:
        for child in children.get(queue.pop(), []):
            if child not in found:
                found.append(child)
                queue.append(child)
    return found
