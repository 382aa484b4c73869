import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from members.models import Member, Visibility
from members.validators import validate_doi, validate_orcid
from tests.factories import (
    ExpertiseAreaFactory,
    InstitutionFactory,
    MemberExpertiseFactory,
    MemberFactory,
    PublicationFactory,
    UnitFactory,
)

CHECKSUM_MESSAGE = "This ORCID iD's check digit does not match; please copy it again from orcid.org."


# ORCID iDs


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0097", "0000-0001-5109-3700", "0000-0002-1694-233X"])
def test_valid_orcid_passes(orcid):
    validate_orcid(orcid)


@pytest.mark.parametrize("orcid", ["0000-0002-1825-0096", "0000-0002-1835-0097", "0000-0001-5109-3701"])
def test_orcid_with_one_digit_changed_fails_the_checksum(orcid):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == "checksum"
    assert error.value.messages == [CHECKSUM_MESSAGE]


@pytest.mark.parametrize(
    "orcid",
    [
        "0000-0002-1825-009",
        "0000000218250097",
        "https://orcid.org/0000-0002-1825-0097",
        "0000-0002-1825-009x",
        "0000-0002-1825-0O97",
    ],
)
def test_badly_formatted_orcid_fails(orcid):
    with pytest.raises(ValidationError) as error:
        validate_orcid(orcid)
    assert error.value.code == "format"


@pytest.mark.django_db
def test_member_full_clean_checks_the_orcid():
    member = MemberFactory.build(institution=InstitutionFactory(), orcid="0000-0002-1825-0098")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict["orcid"] == [CHECKSUM_MESSAGE]


@pytest.mark.django_db
def test_database_refuses_a_badly_formatted_orcid():
    with pytest.raises(IntegrityError, match="member_orcid_format"), transaction.atomic():
        MemberFactory(orcid="0000-0002-1825-00Y7")


@pytest.mark.django_db
def test_two_members_cannot_share_an_orcid():
    MemberFactory(orcid="0000-0002-1825-0097")
    with pytest.raises(IntegrityError, match="member_unique_orcid"), transaction.atomic():
        MemberFactory(orcid="0000-0002-1825-0097")


@pytest.mark.django_db
def test_many_members_may_have_no_orcid():
    MemberFactory(orcid="")
    MemberFactory(orcid="")
    assert Member.objects.filter(orcid="").count() == 2


@pytest.mark.django_db
def test_two_members_cannot_share_an_email_whatever_the_case():
    MemberFactory(email="amira@example.org")
    with pytest.raises(IntegrityError, match="member_unique_email"), transaction.atomic():
        MemberFactory(email="Amira@Example.org")


# DOIs and publications


@pytest.mark.parametrize(
    "doi", ["10.1016/j.neuroimage.2020.117012", "10.1002/(SICI)1522-2594(199911)42:5<952::AID-MRM16>3.0.CO;2-S"]
)
def test_valid_doi_passes(doi):
    validate_doi(doi)


@pytest.mark.parametrize(
    "doi",
    ["https://doi.org/10.1016/j.neuroimage.2020.117012", "doi:10.1016/j.x", "10.12/short-prefix", "10.1016/with space"],
)
def test_badly_formatted_doi_fails(doi):
    with pytest.raises(ValidationError):
        validate_doi(doi)


@pytest.mark.django_db
def test_database_refuses_a_badly_formatted_doi():
    with pytest.raises(IntegrityError, match="publication_doi_format"), transaction.atomic():
        PublicationFactory(doi="https://doi.org/10.1016/j.neuroimage.2020.117012")


@pytest.mark.django_db
def test_publication_may_have_no_doi():
    publication = PublicationFactory(doi="", url="https://example.org/paper")
    assert publication.link == "https://example.org/paper"


@pytest.mark.django_db
def test_publication_link_prefers_the_doi():
    publication = PublicationFactory(doi="10.1016/j.neuroimage.2020.117012", url="https://example.org/paper")
    assert publication.link == "https://doi.org/10.1016/j.neuroimage.2020.117012"


@pytest.mark.django_db
def test_same_doi_twice_on_one_member_is_refused_whatever_the_case():
    publication = PublicationFactory(doi="10.1016/j.neuroimage.2020.117012")
    with pytest.raises(IntegrityError, match="publication_unique_doi_per_member"), transaction.atomic():
        PublicationFactory(member=publication.member, doi="10.1016/J.NEUROIMAGE.2020.117012")


@pytest.mark.django_db
def test_two_members_may_list_the_same_doi():
    first = PublicationFactory(doi="10.1016/j.neuroimage.2020.117012")
    second = PublicationFactory(doi="10.1016/j.neuroimage.2020.117012")
    assert first.member != second.member


@pytest.mark.django_db
def test_database_refuses_a_publication_year_out_of_range():
    with pytest.raises(IntegrityError, match="publication_year_range"), transaction.atomic():
        PublicationFactory(year=1850)


# A member's unit belongs to the member's institution


@pytest.mark.django_db
def test_full_clean_refuses_a_unit_of_another_institution():
    other_unit = UnitFactory()
    member = MemberFactory.build(institution=InstitutionFactory(), unit=other_unit, slug="misplaced")
    with pytest.raises(ValidationError) as error:
        member.full_clean()
    assert error.value.message_dict["unit"] == ["This unit belongs to another institution."]


@pytest.mark.django_db
def test_full_clean_accepts_a_unit_of_the_same_institution():
    unit = UnitFactory()
    member = MemberFactory.build(institution=unit.institution, unit=unit, slug="placed")
    member.full_clean()


@pytest.mark.django_db
def test_database_refuses_a_unit_of_another_institution():
    # The composite foreign key is deferred to commit; check_constraints() makes
    # PostgreSQL check it now, inside the test's transaction.
    other_unit = UnitFactory()
    with pytest.raises(IntegrityError, match="member_unit_same_institution"), transaction.atomic():
        MemberFactory(institution=InstitutionFactory(), unit=other_unit)
        connection.check_constraints()


@pytest.mark.django_db
def test_database_refuses_moving_a_member_to_another_institution_without_their_unit():
    unit = UnitFactory()
    member = MemberFactory(institution=unit.institution, unit=unit)
    member.institution = InstitutionFactory()
    with pytest.raises(IntegrityError, match="member_unit_same_institution"), transaction.atomic():
        member.save()
        connection.check_constraints()


@pytest.mark.django_db
def test_database_accepts_a_unit_of_the_same_institution():
    unit = UnitFactory()
    MemberFactory(institution=unit.institution, unit=unit)
    connection.check_constraints()


# Strings, URLs and display helpers


@pytest.mark.django_db
def test_member_str_is_the_full_name():
    assert str(MemberFactory(full_name="Amira Okafor")) == "Amira Okafor"


@pytest.mark.django_db
def test_member_expertise_str_names_member_area_and_emphasis():
    link = MemberExpertiseFactory(
        member=MemberFactory(full_name="Amira Okafor"), area=ExpertiseAreaFactory(name="Diffusion MRI")
    )
    assert str(link) == "Amira Okafor – Diffusion MRI (Primary)"


@pytest.mark.django_db
def test_publication_str_is_the_title():
    assert str(PublicationFactory(title="Tractography at 7 T")) == "Tractography at 7 T"


@pytest.mark.django_db
def test_member_url_is_the_profile_page():
    assert MemberFactory(slug="amira-okafor").get_absolute_url() == "/members/amira-okafor/"


@pytest.mark.parametrize(
    ("title", "expected"), [("Dr", "Dr Amira Okafor"), ("Prof", "Prof Amira Okafor"), ("", "Amira Okafor")]
)
def test_display_name_puts_the_title_first(title, expected):
    assert Member(full_name="Amira Okafor", title=title).display_name == expected


@pytest.mark.parametrize(
    ("full_name", "initials"),
    [("Amira Okafor", "AO"), ("jonas van der Berg", "JB"), ("Cher", "C"), ("Émile Zola", "ÉZ"), ("", "?"), ("  ", "?")],
)
def test_initials_take_the_first_and_last_names(full_name, initials):
    assert Member(full_name=full_name).initials == initials


def test_open_to_display_lists_labels_in_stored_order():
    member = Member(open_to=["supervision", "clinical"])
    assert member.get_open_to_display() == ["Supervision", "Clinical collaboration"]


# Who sees a contact detail

VIEWERS = ["anonymous", "other member", "themselves"]
CAN_SEE = {
    Visibility.PUBLIC: [True, True, True],
    Visibility.MEMBERS: [False, True, True],
    Visibility.COLLABORATORS: [False, False, True],
    Visibility.NOBODY: [False, False, True],
}


@pytest.mark.parametrize("field", ["email", "phone"])
@pytest.mark.parametrize(
    ("visibility", "viewer", "expected"),
    [
        (visibility, viewer, expected)
        for visibility, row in CAN_SEE.items()
        for viewer, expected in zip(VIEWERS, row, strict=True)
    ],
)
def test_can_see_contact_details(alice, bob, field, visibility, viewer, expected):
    member = alice.member
    setattr(member, f"{field}_visibility", visibility)
    member.save()
    user = {"anonymous": AnonymousUser(), "other member": bob, "themselves": alice}[viewer]
    assert member.can_see(field, user) is expected


def test_signed_in_user_without_a_profile_sees_members_only_details(alice, admin_user):
    alice.member.email_visibility = Visibility.MEMBERS
    assert alice.member.can_see("email", admin_user) is True


# Which profiles are listed


@pytest.fixture
def profiles(db):
    return {
        "public": MemberFactory(profile_visibility=Member.ProfileVisibility.PUBLIC),
        "members only": MemberFactory(profile_visibility=Member.ProfileVisibility.MEMBERS),
        "hidden": MemberFactory(profile_visibility=Member.ProfileVisibility.HIDDEN),
        "pending": MemberFactory(status=Member.Status.PENDING),
        "suspended": MemberFactory(status=Member.Status.SUSPENDED),
        "left": MemberFactory(status=Member.Status.LEFT),
    }


def test_anonymous_visitors_see_active_public_profiles_only(profiles):
    assert list(Member.objects.visible_to(AnonymousUser())) == [profiles["public"]]


def test_signed_in_members_also_see_members_only_profiles(profiles, bob):
    visible = set(Member.objects.visible_to(bob))
    assert visible == {profiles["public"], profiles["members only"], bob.member}


def test_public_lists_active_public_profiles(profiles):
    assert list(Member.objects.public()) == [profiles["public"]]


def test_for_cards_fetches_institution_unit_and_expertise_in_two_queries(network, django_assert_num_queries):
    with django_assert_num_queries(2):
        cards = list(Member.objects.for_cards())
        summary = {
            member.full_name: (
                member.institution.name,
                member.unit,
                [link.area.name for link in member.expertise_links],
            )
            for member in cards
        }
    assert summary["Amira Okafor"] == (
        "University of Nottingham",
        network.units[0],
        ["Diffusion MRI", "Magnetic resonance imaging"],
    )
