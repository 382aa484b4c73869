from expertise.models import ExpertiseArea, Facet
from expertise.tree import ancestors, build_forest, forest_by_facet, subtree_ids
from members.models import Member
from tests.factories import ExpertiseAreaFactory, MemberExpertiseFactory, MemberFactory


def area(pk, parent=None, facet=Facet.MODALITY):
    return ExpertiseArea(pk=pk, name=f"Area {pk}", slug=f"area-{pk}", facet=facet, parent_id=parent)


def test_build_forest_attaches_children_in_order():
    areas = [area(1), area(2, parent=1), area(3), area(4, parent=1), area(5, parent=2)]

    roots = build_forest(areas)

    assert [root.pk for root in roots] == [1, 3]
    assert [child.pk for child in roots[0].tree_children] == [2, 4]
    assert [child.pk for child in roots[0].tree_children[0].tree_children] == [5]


def test_build_forest_treats_areas_with_an_unknown_parent_as_roots_and_drops_cycles():
    areas = [area(1, parent=99), area(2, parent=3), area(3, parent=2)]

    assert [root.pk for root in build_forest(areas)] == [1]


def test_forest_by_facet_keeps_the_facet_order_even_when_empty():
    trees = forest_by_facet([area(1, facet=Facet.APPLICATION), area(2, facet=Facet.MODALITY)])

    assert [(tree.facet, [root.pk for root in tree.roots]) for tree in trees] == [
        ("modality", [2]),
        ("technique", []),
        ("analysis", []),
        ("application", [1]),
    ]
    assert trees[0].anchor == "facet-modality"


def test_ancestors_are_outermost_first_and_stop_at_a_cycle():
    areas = [area(1), area(2, parent=1), area(3, parent=2)]
    assert [parent.pk for parent in ancestors(areas[2], areas)] == [1, 2]

    looped = [area(1, parent=2), area(2, parent=1)]
    assert [parent.pk for parent in ancestors(looped[0], looped)] == [2]


def test_subtree_ids_include_the_area_and_everything_below_it():
    areas = [area(1), area(2, parent=1), area(3, parent=2), area(4)]

    assert subtree_ids(areas[0], areas) == [1, 2, 3]
    assert subtree_ids(areas[3], areas) == [4]


def test_subtree_member_counts_count_each_member_once_per_subtree(db):
    mri = ExpertiseAreaFactory(name="MRI", facet=Facet.MODALITY)
    uhf = ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=mri)
    low = ExpertiseAreaFactory(name="Low-field MRI", facet=Facet.MODALITY, parent=mri)
    both = MemberFactory()
    MemberExpertiseFactory(member=both, area=mri)
    MemberExpertiseFactory(member=both, area=uhf)
    MemberExpertiseFactory(member=MemberFactory(), area=low)
    MemberExpertiseFactory(member=MemberFactory(status=Member.Status.PENDING), area=low)

    counts = ExpertiseArea.objects.all().subtree_member_counts(Member.objects.active())

    assert counts == {mri.pk: 2, uhf.pk: 1, low.pk: 1}
    assert ExpertiseArea.objects.filter(pk=uhf.pk).subtree_member_counts(Member.objects.active()) == {uhf.pk: 1}
