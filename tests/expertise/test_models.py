import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from expertise.models import ExpertiseArea, Facet
from tests.factories import ExpertiseAreaFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mri():
    return ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY, aliases=["MRI"])


def test_str_is_the_name(mri):
    assert str(mri) == "Magnetic resonance imaging"


def test_url_is_its_page(mri):
    assert mri.get_absolute_url() == "/expertise/magnetic-resonance-imaging/"


def test_full_clean_accepts_a_parent_in_the_same_facet(mri):
    child = ExpertiseAreaFactory.build(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=mri)
    child.full_clean()


def test_full_clean_refuses_a_parent_in_another_facet(mri):
    child = ExpertiseAreaFactory.build(name="Diffusion MRI", facet=Facet.TECHNIQUE, parent=mri)
    with pytest.raises(ValidationError) as error:
        child.full_clean()
    assert error.value.message_dict["parent"] == ["The parent must be in the same facet (Technique)."]


def test_database_refuses_a_parent_in_another_facet(mri):
    # The composite foreign key is deferred to commit; check_constraints() makes
    # PostgreSQL check it now, inside the test's transaction.
    with pytest.raises(IntegrityError, match="expertisearea_parent_same_facet"), transaction.atomic():
        ExpertiseAreaFactory(name="Diffusion MRI", facet=Facet.TECHNIQUE, parent=mri)
        connection.check_constraints()


def test_database_refuses_moving_a_parent_to_another_facet(mri):
    ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=mri)
    with pytest.raises(IntegrityError, match="expertisearea_parent_same_facet"), transaction.atomic():
        ExpertiseArea.objects.filter(pk=mri.pk).update(facet=Facet.TECHNIQUE)
        connection.check_constraints()


def test_database_refuses_an_area_that_is_its_own_parent(mri):
    mri.parent = mri
    with pytest.raises(IntegrityError, match="expertisearea_parent_not_self"), transaction.atomic():
        mri.save()


def test_parent_cannot_be_deleted_while_it_has_children(mri):
    ExpertiseAreaFactory(name="Ultra-high-field MRI", facet=Facet.MODALITY, parent=mri)
    with pytest.raises(ProtectedError):
        mri.delete()


def test_names_and_slugs_are_unique(mri):
    with pytest.raises(IntegrityError), transaction.atomic():
        ExpertiseArea.objects.create(name="Magnetic resonance imaging", slug="mri-2", facet=Facet.MODALITY)


def test_modalities_lists_the_modality_facet_only(mri):
    ExpertiseAreaFactory(name="Diffusion MRI", facet=Facet.TECHNIQUE)
    assert list(ExpertiseArea.objects.modalities()) == [mri]


def test_aliases_and_identifiers_default_to_empty():
    area = ExpertiseArea.objects.create(name="Epilepsy", slug="epilepsy", facet=Facet.APPLICATION)
    area.refresh_from_db()
    assert area.aliases == []
    assert area.identifiers == {}
