"""The curators' admin: every page opens, search and autocomplete work, lists cost a fixed number of queries."""

import re

import pytest
from django.apps import apps
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from expertise.models import ExpertiseArea, Facet
from institutions.models import Facility, Institution, Unit
from members.models import Member, MemberExpertise, Publication
from tests.factories import (
    ExpertiseAreaFactory,
    FacilityFactory,
    InstitutionFactory,
    MemberExpertiseFactory,
    MemberFactory,
    PublicationFactory,
    UnitFactory,
)

CURATED_MODELS = [Institution, Unit, Facility, ExpertiseArea, Member, MemberExpertise, Publication]


def model_id(model):
    return model._meta.label_lower


def changelist_url(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


def results(response):
    return list(response.context["cl"].result_list)


def autocomplete(client, app_label, model_name, field_name, term=""):
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": app_label, "model_name": model_name, "field_name": field_name, "term": term},
    )
    assert response.status_code == 200
    return [row["text"] for row in response.json()["results"]]


@pytest.mark.parametrize("app_label", ["institutions", "expertise", "members"])
def test_every_model_of_the_directory_is_in_the_admin(app_label):
    for model in apps.get_app_config(app_label).get_models():
        if model.__name__.startswith("Historical"):
            continue  # shown through its model's History page (django-simple-history)
        assert admin.site.is_registered(model), model


def test_admin_is_titled_for_the_directory(admin_client):
    response = admin_client.get(reverse("admin:index"))
    assert "MMIN Directory administration" in response.text


def test_admin_needs_a_staff_account(client, alice):
    client.force_login(alice)
    response = client.get(changelist_url(Member))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("model", CURATED_MODELS, ids=model_id)
def test_changelist_opens(admin_client, network, model):
    response = admin_client.get(changelist_url(model))
    assert response.status_code == 200
    assert len(results(response)) == model.objects.count()


@pytest.mark.parametrize("model", CURATED_MODELS, ids=model_id)
def test_add_page_opens(admin_client, network, model):
    response = admin_client.get(reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_add"))
    assert response.status_code == 200


@pytest.mark.parametrize("model", CURATED_MODELS, ids=model_id)
def test_change_page_opens(admin_client, network, model):
    obj = model.objects.first()
    response = admin_client.get(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
    )
    assert response.status_code == 200


def test_institution_changelist_counts_units_and_members(admin_client, network):
    response = admin_client.get(changelist_url(Institution))
    counts = {institution.name: (institution.unit_count, institution.member_count) for institution in results(response)}
    assert counts == {"University of Birmingham": (1, 3), "University of Nottingham": (1, 2)}


def test_expertise_changelist_counts_members(admin_client, network):
    response = admin_client.get(changelist_url(ExpertiseArea))
    assert {area.name: area.member_count for area in results(response)} == {
        "Magnetic resonance imaging": 2,
        "Magnetoencephalography": 2,
        "Diffusion MRI": 1,
        "Image segmentation": 1,
        "Epilepsy": 2,
    }


# Search


@pytest.mark.parametrize(
    ("model", "term", "expected"),
    [
        (Member, "Okafor", ["Amira Okafor"]),
        (Member, "Birmingham", ["Hidden Person", "Priya Raman", "Tom Hargreaves"]),
        (Member, "Mansfield", ["Amira Okafor"]),
        (Institution, "Notting", ["University of Nottingham"]),
        (Unit, "Human Brain", ["Centre for Human Brain Health (Birmingham)"]),
        (Facility, "OPM", ["OPM-MEG lab"]),
        (ExpertiseArea, "seizures", ["Epilepsy"]),
        (ExpertiseArea, "MEG", ["Magnetoencephalography"]),
        (Publication, "corpus callosum", ["Tractography of the human corpus callosum at 7 T"]),
    ],
)
def test_changelist_search(admin_client, network, model, term, expected):
    response = admin_client.get(changelist_url(model), {"q": term})
    assert [str(obj) for obj in results(response)] == expected


def test_member_changelist_filters_by_what_members_are_open_to(admin_client, network):
    network.members[2].open_to = [Member.OpenTo.CLINICAL, Member.OpenTo.SUPERVISION]
    network.members[2].save()
    response = admin_client.get(changelist_url(Member), {"open_to": "supervision"})
    assert results(response) == [network.members[2]]


# Autocomplete


def test_autocomplete_finds_institutions(admin_client, network):
    assert autocomplete(admin_client, "members", "member", "institution", "notting") == ["University of Nottingham"]


def test_autocomplete_finds_expertise_areas_by_alias(admin_client, network):
    found = autocomplete(admin_client, "members", "memberexpertise", "area", "MRI")
    assert found == ["Magnetic resonance imaging", "Diffusion MRI"]


def test_autocomplete_for_a_facility_modality_offers_modalities_only(admin_client, network):
    found = autocomplete(admin_client, "institutions", "facility", "modality")
    assert found == ["Magnetic resonance imaging", "Magnetoencephalography"]


def test_autocomplete_finds_members_and_units(admin_client, network):
    assert autocomplete(admin_client, "institutions", "facility", "responsible_members", "Priya") == ["Priya Raman"]
    assert autocomplete(admin_client, "members", "member", "unit", "Mansfield") == [
        "Sir Peter Mansfield Imaging Centre (Nottingham)"
    ]


def test_autocomplete_is_for_staff_only(client, alice, network):
    client.force_login(alice)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "member", "field_name": "institution", "term": "notting"},
    )
    assert response.status_code == 302


# Saving through the admin


def member_form(institution, unit=None, **overrides):
    data = {
        "full_name": "Nadia Rahman",
        "slug": "nadia-rahman",
        "role": Member.Role.RESEARCHER,
        "institution": institution.pk,
        "unit": unit.pk if unit else "",
        "capacity": Member.Capacity.OPEN,
        "email_visibility": "members",
        "phone_visibility": "nobody",
        "profile_visibility": "public",
        "status": Member.Status.PENDING,
        "memberexpertise_set-TOTAL_FORMS": "0",
        "memberexpertise_set-INITIAL_FORMS": "0",
        "publications-TOTAL_FORMS": "0",
        "publications-INITIAL_FORMS": "0",
    }
    return data | overrides


def test_curator_adds_a_member_with_expertise_and_availability(admin_client, network):
    nottingham, spmic = network.institutions[0], network.units[0]
    data = member_form(
        nottingham,
        spmic,
        open_to=["clinical", "methods"],
        orcid="0000-0002-1825-0097",
        **{
            "memberexpertise_set-TOTAL_FORMS": "1",
            "memberexpertise_set-0-area": network.areas[2].pk,
            "memberexpertise_set-0-emphasis": "primary",
        },
    )
    response = admin_client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 302
    member = Member.objects.get(slug="nadia-rahman")
    assert member.unit == spmic
    assert member.open_to == ["clinical", "methods"]
    assert list(member.expertise.all()) == [network.areas[2]]


def test_member_change_form_ticks_what_the_member_is_open_to(admin_client, network):
    member = network.members[0]
    member.open_to = [Member.OpenTo.SUPERVISION]
    member.save()
    response = admin_client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert response.context["adminform"].form["open_to"].value() == ["supervision"]
    assert re.search(r'<input type="checkbox" name="open_to" value="supervision"[^>]* checked>', response.text)


def test_admin_refuses_a_member_unit_of_another_institution(admin_client, network):
    nottingham, chbh = network.institutions[0], network.units[1]
    response = admin_client.post(reverse("admin:members_member_add"), member_form(nottingham, chbh))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == ["This unit belongs to another institution."]
    assert not Member.objects.filter(slug="nadia-rahman").exists()


def test_admin_refuses_an_orcid_with_a_wrong_check_digit(admin_client, network):
    data = member_form(network.institutions[0], orcid="0000-0002-1825-0098")
    response = admin_client.post(reverse("admin:members_member_add"), data)
    assert response.status_code == 200
    assert "orcid" in response.context["adminform"].form.errors


def test_admin_refuses_a_facility_unit_of_another_institution(admin_client, network):
    nottingham, chbh, mri = network.institutions[0], network.units[1], network.areas[0]
    data = {
        "name": "3 T Siemens Prisma",
        "slug": "3-t-siemens-prisma",
        "institution": nottingham.pk,
        "unit": chbh.pk,
        "modality": mri.pk,
        "subject": "human",
        "access_model": "collaboration",
    }
    response = admin_client.post(reverse("admin:institutions_facility_add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["unit"] == ["This unit belongs to another institution."]


def test_admin_refuses_a_parent_in_another_facet(admin_client, network):
    data = {"name": "Tractography", "slug": "tractography", "facet": Facet.TECHNIQUE, "parent": network.areas[0].pk}
    response = admin_client.post(reverse("admin:expertise_expertisearea_add"), data)
    assert response.status_code == 200
    assert "parent" in response.context["adminform"].form.errors


# Query counts


def add_rows(count):
    """`count` rows of every curated model, each with its relations filled in."""
    parent = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY)
    for _ in range(count):
        unit = UnitFactory(institution=InstitutionFactory())
        area = ExpertiseAreaFactory(facet=Facet.MODALITY, parent=parent)
        member = MemberFactory(institution=unit.institution, unit=unit, open_to=["clinical"])
        MemberExpertiseFactory(member=member, area=area)
        PublicationFactory(member=member)
        facility = FacilityFactory(institution=unit.institution, unit=unit, modality=area)
        facility.responsible_members.add(member)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", CURATED_MODELS, ids=model_id)
def test_changelist_with_thirty_rows_runs_few_queries(admin_client, model, django_assert_max_num_queries):
    add_rows(30)
    url = changelist_url(model)
    admin_client.get(url)  # the first request also loads the session and the content types
    with django_assert_max_num_queries(10):
        response = admin_client.get(url)
    assert len(results(response)) >= 30


@pytest.mark.parametrize("model", CURATED_MODELS, ids=model_id)
def test_changelist_queries_do_not_grow_with_rows(admin_client, model):
    url = changelist_url(model)
    add_rows(1)
    admin_client.get(url)
    with_one_row = count_queries(admin_client, url)
    add_rows(29)
    assert count_queries(admin_client, url) == with_one_row


def test_renaming_an_institution_in_the_admin_refreshes_its_members_search_documents(admin_client, network):
    from members.search import search_page

    nottingham = network.institutions[0]
    data = {
        "name": "University of Trentside",
        "short_name": "Trentside",
        "slug": nottingham.slug,
        "kind": nottingham.kind,
        "city": nottingham.city,
        "website": "",
        "description": "",
        "latitude": "52.9",
        "longitude": "-1.2",
        "units-TOTAL_FORMS": "0",
        "units-INITIAL_FORMS": "0",
        "units-MIN_NUM_FORMS": "0",
        "units-MAX_NUM_FORMS": "1000",
    }
    response = admin_client.post(reverse("admin:institutions_institution_change", args=[nottingham.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    found = search_page(Member.objects.all(), "Trentside").members
    assert {m.full_name for m in found} == {"Amira Okafor", "Jonas Müller"}


def test_a_new_alias_in_the_admin_finds_the_areas_members(admin_client, network):
    from members.search import refresh_search_vectors, search_page

    refresh_search_vectors()  # as load_demo and every profile service leave them
    dwi = network.areas[2]
    data = {
        "name": dwi.name,
        "slug": dwi.slug,
        "facet": dwi.facet,
        "parent": "",
        "description": "",
        "aliases": "DTI,tractography,fibre tracking",
        "identifiers": "{}",
    }
    response = admin_client.post(reverse("admin:expertise_expertisearea_change", args=[dwi.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert [m.full_name for m in search_page(Member.objects.all(), "fibre tracking").members] == ["Amira Okafor"]
