"""CSV import and export of members (and, through the sample files, of the whole directory)."""

from pathlib import Path

import pytest
import tablib
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from expertise.models import ExpertiseArea
from expertise.resources import ExpertiseAreaResource
from institutions.models import Facility, Institution, Unit
from institutions.resources import FacilityResource, InstitutionResource, UnitResource
from members.models import Member, MemberExpertise
from members.resources import MemberResource
from members.search import forget_vocabulary, search_page
from tests.factories import MemberExpertiseFactory, MemberFactory

pytestmark = pytest.mark.django_db

SAMPLES = Path(__file__).resolve().parents[2] / "docs" / "csv"
# In dependency order: each file names only rows the earlier ones created.
SAMPLE_FILES = [
    ("expertise-areas.csv", ExpertiseAreaResource),
    ("institutions.csv", InstitutionResource),
    ("units.csv", UnitResource),
    ("members.csv", MemberResource),
    ("facilities.csv", FacilityResource),
]
HEADER = ",".join(MemberResource.columns())


def load(text: str) -> tablib.Dataset:
    return tablib.Dataset().load(text, format="csv")


def run(resource_class, text: str, *, dry_run: bool = False):
    return resource_class().import_data(load(text), dry_run=dry_run, rollback_on_validation_errors=True)


def errors_by_row(result) -> dict[int, set[str]]:
    """{row number: the columns with an error}, from the result of an import."""
    found = {row.number: set(row.field_specific_errors) for row in result.invalid_rows}
    for number, _errors in result.row_errors():
        found.setdefault(number, set()).add("(row)")
    return found


def import_samples():
    for name, resource_class in SAMPLE_FILES:
        result = run(resource_class, (SAMPLES / name).read_text(encoding="utf-8"))
        assert not result.has_errors() and not result.has_validation_errors(), (name, errors_by_row(result))


def member_row(**values) -> str:
    row = dict.fromkeys(MemberResource.columns(), "")
    row.update(
        {
            "full_name": "Nadia Rahman",
            "role": "researcher",
            "institution": "university-of-nottingham",
            "email_visibility": "members",
            "phone_visibility": "nobody",
            "profile_visibility": "public",
            "status": "active",
            "capacity": "open",
        }
    )
    row.update(values)
    return ",".join(f'"{row[column]}"' for column in MemberResource.columns())


def test_the_sample_files_import_into_an_empty_directory():
    import_samples()

    assert ExpertiseArea.objects.get(slug="opm-meg").parent.slug == "magnetoencephalography"
    assert ExpertiseArea.objects.get(slug="magnetoencephalography").identifiers == {"BIDS": "meg", "MeSH": "D015225"}
    assert Unit.objects.filter(institution__slug="university-of-birmingham").count() == 1
    amira = Member.objects.get(slug="example-amira-okafor")
    assert amira.unit.name == "Sir Peter Mansfield Imaging Centre"
    assert amira.open_to == ["methods", "data_analysis"]
    assert dict(MemberExpertise.objects.filter(member=amira).values_list("area__slug", "emphasis")) == {
        "ultra-high-field-mri": "primary",
        "diffusion-mri": "primary",
        "epilepsy": "secondary",
    }
    scanner = Facility.objects.get(slug="example-7t-scanner")
    assert list(scanner.responsible_members.values_list("slug", flat=True)) == ["example-amira-okafor"]
    # The search document was written: the new profile is found by an alias of its expertise.
    forget_vocabulary()  # the import forgets it on commit, which a test's transaction never reaches
    page = search_page(Member.objects.active().for_cards(), "tractography")
    assert [member.slug for member in page.members] == ["example-amira-okafor"]


def test_a_dry_run_previews_and_saves_nothing():
    import_samples_before_members = SAMPLE_FILES[:3]
    for name, resource_class in import_samples_before_members:
        run(resource_class, (SAMPLES / name).read_text(encoding="utf-8"))

    result = run(MemberResource, (SAMPLES / "members.csv").read_text(encoding="utf-8"), dry_run=True)

    assert not result.has_validation_errors()
    assert [row.import_type for row in result.rows] == ["new", "new", "new"]
    assert Member.objects.count() == 0


def test_errors_in_several_rows_are_each_reported_by_row_and_column_and_nothing_is_saved(network):
    before = set(Member.objects.values_list("slug", "job_title"))
    text = "\n".join(
        [
            HEADER,
            member_row(slug="good-person", full_name="Good Person"),
            member_row(slug="bad-orcid", orcid="0000-0002-1825-0098"),
            member_row(slug="bad-institution", institution="university-of-atlantis"),
            member_row(slug="bad-expertise", expertise="magnetic-resonance-imaging; basket-weaving"),
            member_row(slug="bad-choices", role="wizard", capacity="infinite", email="not-an-email"),
            member_row(slug="bad-unit", unit="Centre for Human Brain Health"),  # a Birmingham unit, not Nottingham's
            member_row(slug="bad-emphasis", expertise="magnetic-resonance-imaging:tertiary"),
        ]
    )

    result = run(MemberResource, text)

    assert errors_by_row(result) == {
        2: {"orcid"},
        3: {"institution"},
        4: {"expertise"},
        5: {"role", "capacity", "email"},
        6: {"unit"},
        7: {"expertise"},
    }
    messages = {row.number: row.field_specific_errors for row in result.invalid_rows}
    assert "check digit" in str(messages[2]["orcid"])
    assert "university-of-atlantis" in str(messages[3]["institution"])
    assert "basket-weaving" in str(messages[4]["expertise"])
    # The good row was not saved either: a file with any error changes nothing.
    assert set(Member.objects.values_list("slug", "job_title")) == before
    assert not Member.objects.filter(slug="good-person").exists()


def test_duplicate_orcid_and_email_are_errors_on_their_column(network):
    MemberFactory(slug="holder", orcid="0000-0002-1825-0097", email="taken@example.org")
    text = "\n".join(
        [
            HEADER,
            member_row(slug="copy-a", orcid="0000-0002-1825-0097"),
            member_row(slug="copy-b", email="TAKEN@example.org"),
        ]
    )

    result = run(MemberResource, text)

    assert errors_by_row(result) == {1: {"orcid"}, 2: {"email"}}


def test_a_file_without_the_slug_column_is_refused_and_nothing_is_saved(network):
    before = Member.objects.count()
    result = run(MemberResource, "full_name,institution\nNo Slug Column,university-of-nottingham\n")
    assert result.has_errors()
    assert "slug" in str(result.base_errors[0].error)
    assert Member.objects.count() == before


def test_a_re_import_updates_instead_of_duplicating():
    import_samples()
    text = (SAMPLES / "members.csv").read_text(encoding="utf-8")
    changed = text.replace("Associate Professor of MR Physics", "Professor of MR Physics").replace(
        "epilepsy:secondary", "epilepsy"
    )

    result = run(MemberResource, changed)

    assert not result.has_validation_errors()
    assert Member.objects.filter(slug__startswith="example-").count() == 3
    assert [row.import_type for row in result.rows] == ["update", "skip", "skip"]
    amira = Member.objects.get(slug="example-amira-okafor")
    assert amira.job_title == "Professor of MR Physics"
    assert MemberExpertise.objects.get(member=amira, area__slug="epilepsy").emphasis == "primary"
    # The change is in the profile's history, like any other edit.
    assert amira.history.count() == 2


def test_a_blank_slug_is_derived_from_the_name_so_a_re_import_still_updates(network):
    text = "\n".join([HEADER, member_row(slug="", full_name="Zoë Adeyemi", job_title="Radiographer")])
    run(MemberResource, text)
    run(MemberResource, text.replace("Radiographer", "Senior radiographer"))

    [zoe] = Member.objects.filter(full_name="Zoë Adeyemi")
    assert zoe.slug == "zoe-adeyemi"
    assert zoe.job_title == "Senior radiographer"


def snapshot():
    return {
        member.slug: (
            member.full_name,
            member.job_title,
            member.institution.slug,
            member.unit.name if member.unit else None,
            member.orcid,
            member.email,
            tuple(member.open_to),
            tuple(sorted((link.area.slug, link.emphasis) for link in member.memberexpertise_set.all())),
        )
        for member in Member.objects.select_related("institution", "unit").prefetch_related("memberexpertise_set__area")
    }


def test_export_then_import_round_trips(network):
    member = network.members[0]
    member.orcid = "0000-0002-1825-0097"
    member.open_to = ["clinical", "methods"]
    member.save()
    MemberExpertiseFactory(member=network.members[1], area=network.areas[2], emphasis="secondary")
    before = snapshot()
    exported = MemberResource().export().csv

    # Unchanged: every row is reported as skipped, nothing is written.
    again = run(MemberResource, exported)
    assert not again.has_validation_errors()
    assert {row.import_type for row in again.rows} == {"skip"}
    assert snapshot() == before

    # Gone and back: the file restores every profile, with its expertise.
    Member.objects.all().delete()
    restored = run(MemberResource, exported)
    assert {row.import_type for row in restored.rows} == {"new"}
    assert snapshot() == before


def test_the_taxonomy_round_trips_with_broader_areas_first(network):
    child = ExpertiseArea.objects.create(
        name="A narrow area", slug="a-narrow-area", facet="modality", parent=network.areas[0]
    )
    # Named so it sorts before its parent: the export still lists the parent first.
    ExpertiseArea.objects.create(name="Aaa narrower still", slug="aaa", facet="modality", parent=child)
    exported = ExpertiseAreaResource().export().csv
    rows = [line.split(",")[0] for line in exported.splitlines()[1:]]
    assert rows.index("magnetic-resonance-imaging") < rows.index("a-narrow-area") < rows.index("aaa")

    MemberExpertise.objects.all().delete()
    Facility.objects.all().delete()
    ExpertiseArea.objects.update(parent=None)
    ExpertiseArea.objects.all().delete()
    result = run(ExpertiseAreaResource, exported)

    assert not result.has_validation_errors(), errors_by_row(result)
    assert ExpertiseArea.objects.get(slug="aaa").parent.slug == "a-narrow-area"


@pytest.fixture
def curator_client(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(client, model: str, text: str):
    return client.post(
        reverse(f"admin:{model}_import"),
        {"format": "0", "resource": "0", "import_file": SimpleUploadedFile("members.csv", text.encode(), "text/csv")},
    )


def test_the_admin_preview_lists_every_error_and_offers_no_confirmation(curator_client, network):
    text = "\n".join(
        [
            HEADER,
            member_row(slug="bad-orcid", orcid="0000-0002-1825-0098"),
            member_row(slug="bad-institution", institution="university-of-atlantis"),
        ]
    )

    response = upload(curator_client, "members_member", text)

    assert response.status_code == 200
    page = response.text
    assert "check digit" in page and "university-of-atlantis" in page
    assert "process_import" not in page and 'name="import_file_name"' not in page
    assert not Member.objects.filter(slug__startswith="bad-").exists()


def test_the_admin_preview_then_confirm_imports_the_file(curator_client, network):
    text = "\n".join([HEADER, member_row(slug="nadia-rahman", job_title="MEG physicist")])

    preview = upload(curator_client, "members_member", text)
    assert preview.status_code == 200
    assert "MEG physicist" in preview.text
    assert not Member.objects.filter(slug="nadia-rahman").exists()

    form = preview.context["confirm_form"]
    confirmed = curator_client.post(reverse("admin:members_member_process_import"), form.initial)

    assert confirmed.status_code == 302
    assert Member.objects.get(slug="nadia-rahman").job_title == "MEG physicist"


def test_the_admin_exports_csv_with_the_documented_columns(curator_client, network):
    response = curator_client.post(
        reverse("admin:members_member_export"),
        {"format": "0", "resource": "0", **{f"memberresource_{column}": "on" for column in MemberResource.columns()}},
    )

    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    header = response.content.decode("utf-8-sig").splitlines()[0]
    assert header.split(",") == MemberResource.columns()


@pytest.mark.parametrize(
    ("model", "resource_class"),
    [
        ("institutions_institution", InstitutionResource),
        ("institutions_unit", UnitResource),
        ("institutions_facility", FacilityResource),
        ("expertise_expertisearea", ExpertiseAreaResource),
        ("members_member", MemberResource),
    ],
)
def test_every_curated_list_has_import_and_export_pages(curator_client, network, model, resource_class):
    page = curator_client.get(reverse(f"admin:{model}_import"))
    assert page.status_code == 200
    for column in resource_class.columns():
        assert column in page.text
    assert curator_client.get(reverse(f"admin:{model}_export")).status_code == 200


def test_institution_import_refreshes_the_search_document_of_its_members(network):
    text = "slug,name,short_name,kind\nuniversity-of-nottingham,Trent Polytechnic,Trent,university\n"
    run(InstitutionResource, text)

    assert Institution.objects.get(slug="university-of-nottingham").name == "Trent Polytechnic"
    forget_vocabulary()
    page = search_page(Member.objects.active().for_cards(), "Trent Polytechnic")
    assert {member.full_name for member in page.members} == {"Amira Okafor", "Jonas Müller"}
