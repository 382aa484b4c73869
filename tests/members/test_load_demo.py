from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.db.models import Count, F
from django.utils import timezone

from expertise.models import ExpertiseArea, Facet
from institutions.models import Facility, Institution, Unit
from members.demo import EMAIL_DOMAIN, generate_people
from members.models import Member, MemberExpertise, Publication, SimilarMember
from members.validators import validate_orcid

pytestmark = pytest.mark.django_db


def snapshot():
    """Everything the demo network consists of, as comparable values."""
    return {
        "areas": sorted(ExpertiseArea.objects.values_list("slug", "parent__slug", "aliases", "identifiers")),
        "institutions": sorted(Institution.objects.values_list("slug", "name", "kind", "latitude", "longitude")),
        "units": sorted(Unit.objects.values_list("institution__slug", "name", "kind")),
        "facilities": sorted(Facility.objects.values_list("slug", "institution__slug", "unit__name", "modality__slug")),
        "responsible": sorted(
            Facility.responsible_members.through.objects.values_list("facility__slug", "member__slug")
        ),
        "members": sorted(
            Member.objects.values_list(
                "slug",
                "full_name",
                "title",
                "job_title",
                "role",
                "unit__name",
                "email",
                "orcid",
                "biography",
                "research_interests",
                "open_to",
                "availability_confirmed_at",
                "profile_visibility",
                "status",
            )
        ),  # fmt: skip
        "expertise": sorted(MemberExpertise.objects.values_list("member__slug", "area__slug", "emphasis")),
        "publications": sorted(Publication.objects.values_list("member__slug", "title", "year", "venue", "doi")),
    }


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo network loaded twice, with snapshots after each load; rolled back after this module."""
    with django_db_blocker.unblock(), transaction.atomic():
        output = StringIO()
        call_command("load_demo", stdout=output)
        first = snapshot()
        call_command("load_demo", stdout=output)
        yield {"first": first, "second": snapshot(), "output": output.getvalue()}
        transaction.set_rollback(True)


def test_loading_twice_gives_the_same_rows(demo):
    assert demo["second"] == demo["first"]
    assert "230 members (230 new, 0 updated)" in demo["output"]
    assert "230 members (0 new, 0 updated)" in demo["output"]


def test_each_member_has_one_history_record_after_two_loads(demo):
    history = Member.history.values("id").annotate(n=Count("history_id"))

    assert {row["n"] for row in history} == {1}
    assert history.count() == Member.objects.count()
    assert set(Member.history.values_list("history_type", "history_change_reason")) == {("+", "Demo network loaded")}


def test_every_member_can_be_found_by_search(demo):
    assert not Member.objects.filter(search_vector=None).exists()


def test_loading_again_restores_an_edited_demo_profile(demo):
    Member.objects.filter(slug="anna-muller").update(biography="Edited.")
    MemberExpertise.objects.filter(member__slug="anna-muller").delete()
    output = StringIO()

    call_command("load_demo", stdout=output)

    assert snapshot() == demo["first"]
    assert "(0 new, 1 updated)" in output.getvalue()
    assert Member.history.filter(slug="anna-muller", history_type="~").count() == 1


def test_if_empty_leaves_a_directory_with_members_untouched(demo):
    Member.objects.filter(slug="anna-muller").update(biography="Edited by her.")
    output = StringIO()

    call_command("load_demo", "--if-empty", stdout=output)

    assert Member.objects.get(slug="anna-muller").biography == "Edited by her."
    assert "already has members" in output.getvalue()


def test_the_network_has_at_least_200_members(demo):
    assert Member.objects.count() >= 200
    assert Member.objects.public().count() >= 200


def test_every_taxonomy_term_and_institution_is_loaded(demo):
    assert ExpertiseArea.objects.filter(slug="opm-meg", parent__slug="magnetoencephalography").exists()
    kinds = dict(Institution.objects.values_list("kind").annotate(n=Count("pk")))
    assert kinds == {Institution.Kind.UNIVERSITY: 8, Institution.Kind.NHS_TRUST: 6, Institution.Kind.COMPANY: 2}
    assert not Institution.objects.filter(latitude=None).exists()
    assert Unit.objects.filter(name="Sir Peter Mansfield Imaging Centre", institution__slug="university-of-nottingham")


def test_every_member_has_two_to_six_areas_and_a_primary_one(demo):
    area_counts = set(Member.objects.annotate(n=Count("memberexpertise")).values_list("n", flat=True))

    assert area_counts <= {2, 3, 4, 5, 6}
    assert not Member.objects.exclude(memberexpertise__emphasis=MemberExpertise.Emphasis.PRIMARY).exists()


def test_every_unit_belongs_to_the_members_institution(demo):
    assert not Member.objects.exclude(unit=None).exclude(unit__institution=F("institution")).exists()
    assert not Facility.objects.exclude(unit=None).exclude(unit__institution=F("institution")).exists()
    connection.check_constraints()  # the deferred composite foreign keys agree


def test_the_role_mix_has_clinicians_students_and_industry(demo):
    roles = dict(Member.objects.values_list("role").annotate(n=Count("pk")))
    total = sum(roles.values())

    assert 0.15 <= roles[Member.Role.CLINICIAN] / total <= 0.3
    assert roles[Member.Role.STUDENT] >= 20
    assert roles[Member.Role.INDUSTRY] >= 5
    assert roles[Member.Role.PHYSICIST] >= 20
    assert not Member.objects.filter(role=Member.Role.INDUSTRY).exclude(institution__kind="company").exists()
    assert not Member.objects.filter(role=Member.Role.STUDENT).exclude(career_stage="doctoral").exists()
    assert not Member.objects.filter(career_stage="doctoral", title="Prof").exists()


def test_orcids_are_valid_unique_and_given_by_about_half(demo):
    orcids = list(Member.objects.exclude(orcid="").values_list("orcid", flat=True))

    for orcid in orcids:
        validate_orcid(orcid)
    assert len(set(orcids)) == len(orcids)
    assert 0.35 <= len(orcids) / Member.objects.count() <= 0.65


def test_contact_details_are_fictional_and_unique(demo):
    emails = list(Member.objects.values_list("email", flat=True))

    assert len(set(emails)) == len(emails)
    assert all(email.isascii() and email.endswith(f"@{EMAIL_DOMAIN}") for email in emails)
    phones = Member.objects.exclude(phone="").values_list("phone", flat=True)
    assert phones and all(phone.startswith(("0115 496 0", "0116 496 0", "0121 496 0", "01632 960")) for phone in phones)


def test_publications_have_test_prefix_dois_and_plausible_years(demo):
    dois = list(Publication.objects.values_list("doi", flat=True))

    assert len(set(dois)) == len(dois)
    assert all(doi.startswith("10.5555/mmin.demo.") for doi in dois)
    assert not Publication.objects.exclude(year__range=(2008, 2026)).exists()
    assert not Member.objects.annotate(n=Count("publications")).filter(n__gt=8).exists()


def test_about_80_percent_confirmed_their_availability_in_the_last_18_months(demo):
    confirmed = Member.objects.exclude(availability_confirmed_at=None)
    now = timezone.now()

    assert 0.7 <= confirmed.count() / Member.objects.count() <= 0.9
    assert not confirmed.filter(open_to=[]).exists()
    assert not confirmed.exclude(availability_confirmed_at__range=(now - timedelta(days=549), now)).exists()


def test_a_few_profiles_are_members_only_hidden_or_pending(demo):
    assert Member.objects.filter(profile_visibility=Member.ProfileVisibility.MEMBERS).count() == 5
    assert Member.objects.filter(profile_visibility=Member.ProfileVisibility.HIDDEN).count() == 3
    assert Member.objects.filter(status=Member.Status.PENDING).count() == 4


def test_accented_names_can_be_found_without_accents(demo):
    for query, name in [("Muller", "Anna Müller"), ("O Briain", "Siobhán Ó Briain"), ("Lukasz", "Łukasz Kowalski")]:
        assert name in Member.objects.filter(full_name__unaccent__icontains=query).values_list("full_name", flat=True)


def test_at_least_15_illustrative_facilities_with_imaging_specs(demo):
    facilities = Facility.objects.select_related("modality", "institution")

    assert facilities.count() >= 15
    assert not facilities.filter(is_illustrative=False).exists()
    assert not facilities.exclude(modality__facet=Facet.MODALITY).exists()
    assert facilities.filter(modality__slug="ultra-high-field-mri", field_strength_tesla=7).exists()
    assert facilities.filter(field_strength_tesla=3).exists()
    assert facilities.filter(sensor_type="squid", channel_count=306).exists()
    assert facilities.filter(sensor_type="opm", channel_count__gt=0).exists()
    assert facilities.filter(modality__slug="hybrid-pet-mr").exists()
    assert facilities.filter(subject=Facility.Subject.PRECLINICAL).exists()
    assert len({facility.access_model for facility in facilities}) == 3
    assert all(facility.booking_url in ("", facility.institution.website) for facility in facilities)


def test_facilities_are_run_by_one_to_three_staff_of_their_institution(demo):
    for facility in Facility.objects.prefetch_related("responsible_members"):
        people = list(facility.responsible_members.all())
        assert 1 <= len(people) <= 3, facility.slug
        assert {person.institution_id for person in people} == {facility.institution_id}
        assert all(person.career_stage != "doctoral" and person.status == "active" for person in people)


def test_generation_is_deterministic_and_avoids_slugs_taken_by_real_members():
    first = generate_people()
    again = generate_people(frozenset({"anna-muller"}))

    assert [person.slug for person in first.people[1:]] == [person.slug for person in again.people[1:]]
    assert first.people[0].slug == "anna-muller"
    assert again.people[0].slug == "anna-muller-2"
    assert [person.biography for person in first.people] == [person.biography for person in again.people]


def test_every_public_member_with_expertise_has_similar_members(demo):
    listed = SimilarMember.objects.filter(audience=SimilarMember.Audience.PUBLIC).values("member")

    assert not Member.objects.public().filter(memberexpertise__isnull=False).exclude(pk__in=listed).exists()


def test_if_empty_computes_the_similar_members_a_database_from_before_them_lacks(demo):
    SimilarMember.objects.all().delete()
    output = StringIO()

    call_command("load_demo", "--if-empty", stdout=output)

    assert "Computed the similar members of 2" in output.getvalue()
    assert SimilarMember.objects.exists()
