import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from expertise.models import Facet
from tests.factories import ExpertiseAreaFactory, FacilityFactory, InstitutionFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_institution_str_is_the_name():
    assert str(InstitutionFactory(name="University of Nottingham")) == "University of Nottingham"


def test_institution_display_name_prefers_the_short_name():
    assert InstitutionFactory(name="University of Nottingham", short_name="Nottingham").display_name == "Nottingham"
    assert InstitutionFactory(name="Aston University", short_name="").display_name == "Aston University"


def test_institution_url_is_its_page():
    assert (
        InstitutionFactory(slug="university-of-nottingham").get_absolute_url()
        == "/institutions/university-of-nottingham/"
    )


@pytest.mark.parametrize(("latitude", "longitude"), [("90.5", "0"), ("-90.5", "0"), ("0", "180.5"), ("0", "-180.5")])
def test_full_clean_refuses_coordinates_off_the_globe(latitude, longitude):
    institution = InstitutionFactory.build(latitude=latitude, longitude=longitude)
    with pytest.raises(ValidationError):
        institution.full_clean()


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [("latitude", "91", "institution_latitude_range"), ("longitude", "-181", "institution_longitude_range")],
)
def test_database_refuses_coordinates_off_the_globe(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        InstitutionFactory(**{field: value})


def test_institution_may_have_no_coordinates():
    institution = InstitutionFactory(latitude=None, longitude=None)
    institution.full_clean()


def test_unit_str_names_its_institution():
    unit = UnitFactory(name="Sir Peter Mansfield Imaging Centre", institution__short_name="Nottingham")
    assert str(unit) == "Sir Peter Mansfield Imaging Centre (Nottingham)"


def test_unit_names_are_unique_within_an_institution():
    unit = UnitFactory(name="Imaging Centre")
    with pytest.raises(IntegrityError, match="unit_unique_name_per_institution"), transaction.atomic():
        UnitFactory(name="Imaging Centre", institution=unit.institution)


def test_two_institutions_may_have_units_of_the_same_name():
    UnitFactory(name="Department of Psychology")
    UnitFactory(name="Department of Psychology")


def test_facility_str_is_the_name():
    assert str(FacilityFactory(name="7 T Philips Achieva")) == "7 T Philips Achieva"


def test_facility_url_is_its_page():
    assert FacilityFactory(slug="7-t-philips-achieva").get_absolute_url() == "/facilities/7-t-philips-achieva/"


def test_full_clean_refuses_a_facility_unit_of_another_institution():
    facility = FacilityFactory.build(
        institution=InstitutionFactory(), unit=UnitFactory(), modality=ExpertiseAreaFactory(facet=Facet.MODALITY)
    )
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert error.value.message_dict["unit"] == ["This unit belongs to another institution."]


def test_full_clean_accepts_a_facility_unit_of_the_same_institution():
    unit = UnitFactory()
    facility = FacilityFactory.build(
        institution=unit.institution, unit=unit, modality=ExpertiseAreaFactory(facet=Facet.MODALITY)
    )
    facility.full_clean()


def test_database_refuses_a_facility_unit_of_another_institution():
    # The composite foreign key is deferred to commit; check_constraints() makes
    # PostgreSQL check it now, inside the test's transaction.
    other_unit = UnitFactory()
    with pytest.raises(IntegrityError, match="facility_unit_same_institution"), transaction.atomic():
        FacilityFactory(institution=InstitutionFactory(), unit=other_unit)
        connection.check_constraints()


def test_database_refuses_moving_a_unit_away_from_its_facilities():
    unit = UnitFactory()
    FacilityFactory(institution=unit.institution, unit=unit)
    unit.institution = InstitutionFactory()
    with pytest.raises(IntegrityError, match="facility_unit_same_institution"), transaction.atomic():
        unit.save()
        connection.check_constraints()


def test_full_clean_refuses_a_facility_modality_from_another_facet():
    facility = FacilityFactory.build(
        institution=InstitutionFactory(), modality=ExpertiseAreaFactory(facet=Facet.TECHNIQUE)
    )
    with pytest.raises(ValidationError) as error:
        facility.full_clean()
    assert "modality" in error.value.message_dict


@pytest.mark.parametrize(
    ("field", "value", "constraint"),
    [
        ("field_strength_tesla", 0, "facility_field_strength_positive"),
        ("channel_count", 0, "facility_channel_count_positive"),
    ],
)
def test_database_refuses_non_positive_specs(field, value, constraint):
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        FacilityFactory(**{field: value})
