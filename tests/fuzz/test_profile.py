"""The signed-in member's own forms: profile, privacy, publications, and creating a profile.

A refused submission changes no row; an accepted one stores exactly what the form cleaned (the form is
rebuilt from the data the server parsed, on the profile as it was before the request).
"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from hypothesis import event, given, settings
from hypothesis import strategies as st

from accounts.forms import PrivacyForm, ProfileCreateForm, ProfileForm, PublicationForm
from members.models import Member, MemberExpertise, Publication, Visibility
from tests.accounts.conftest import verify
from tests.factories import PublicationFactory, UnitFactory
from tests.fuzz.checks import rows, send
from tests.fuzz.strategies import DROP, hostile_or, hostile_text, numbers, sendable, some_of

FUZZ = settings.get_profile("mmin-fuzz")

names = st.sampled_from(["Alice Moreno", "Alice Moreno-Vidal", "Ålice Ørsted", "O'Brien", "李 爱丽丝"])
orcids = st.one_of(
    st.sampled_from(["0000-0002-1825-0097", "https://orcid.org/0000-0001-5109-3700", "orcid.org/0000-0002-1694-233X"]),
    st.from_regex(r"\A(https://orcid\.org/)?\d{4}-\d{4}-\d{4}-\d{3}[\dX]\Z"),
)
urls = st.one_of(
    st.sampled_from(["https://www.example.ac.uk/alice", "www.example.org", "http://[::1]/", "ftp://example.org/x"]),
    st.from_regex(r"\Ahttps?://[a-z0-9.-]{1,30}(/[\w%./?=&-]{0,40})?\Z"),
)


def member_rows(member: Member) -> tuple:
    return rows(
        Member.objects.filter(pk=member.pk),
        Member.history.filter(id=member.pk),
        MemberExpertise.objects.filter(member=member),
        Publication.objects.filter(member=member),
    )


def stored(member: Member, names: list[str]) -> dict:
    fresh = Member.objects.get(pk=member.pk)
    return {name: getattr(fresh, name) for name in names}


# ---------------------------------------------------------------- the profile


@pytest.fixture
def editing(directory):
    """alice's profile, plus a unit of her institution and one of another, and bob's ORCID iD to collide with."""
    UnitFactory(institution=directory.alice.member.institution, name="Centre for Magnetic Things")
    Member.objects.filter(user=directory.bob).update(orcid="0000-0002-1825-0097")
    return directory


def profile_overrides(directory) -> st.SearchStrategy:
    institutions = [directory.alice.member.institution, *directory.institutions]
    units = [unit for institution in institutions for unit in institution.units.all()]
    institution_ids = st.sampled_from([i.pk for i in institutions])
    unit_ids = st.sampled_from(["", *[u.pk for u in units]])
    area_ids = st.lists(st.one_of(st.sampled_from([a.pk for a in directory.areas]), numbers, hostile_text), max_size=5)

    def field(*good):
        return st.one_of(hostile_or(*good), st.just(DROP))

    return some_of(
        {
            "full_name": field(names),
            "title": field(st.sampled_from(["", "Dr", "Prof", "Ms"])),
            "job_title": field(st.sampled_from(["", "Reader in MR Physics"])),
            "role": field(st.sampled_from(Member.Role.values)),
            "career_stage": field(st.sampled_from(["", *Member.CareerStage.values])),
            "institution": field(institution_ids),
            "unit": field(unit_ids),
            "biography": field(st.text(max_size=300)),
            "research_interests": field(st.text(max_size=300)),
            "orcid": field(orcids, st.just("")),
            "website": field(urls, st.just("")),
            "open_to": field(st.lists(st.sampled_from(Member.OpenTo.values), max_size=6)),
            "capacity": field(st.sampled_from(Member.Capacity.values)),
            "primary_areas": field(area_ids),
            "secondary_areas": field(area_ids),
        },
        most=4,
    )


def current_profile(member: Member) -> dict:
    """The edit form as the page fills it in."""
    links = MemberExpertise.objects.filter(member=member)
    return {
        "full_name": member.full_name,
        "title": member.title,
        "job_title": member.job_title,
        "role": member.role,
        "career_stage": member.career_stage,
        "institution": member.institution_id,
        "unit": member.unit_id or "",
        "biography": member.biography,
        "research_interests": member.research_interests,
        "orcid": member.orcid,
        "website": member.website,
        "open_to": list(member.open_to),
        "capacity": member.capacity,
        "primary_areas": [link.area_id for link in links if link.emphasis == "primary"],
        "secondary_areas": [link.area_id for link in links if link.emphasis == "secondary"],
    }


@FUZZ
@given(data=st.data())
def test_the_profile_form_stores_what_it_cleaned_or_nothing(clients, editing, data):
    member = Member.objects.get(user=editing.alice)
    changes = data.draw(profile_overrides(editing), label="changes")
    before = member_rows(member)

    response = send(clients["alice"], "post", reverse("accounts:profile"), sendable(current_profile(member) | changes))

    oracle = ProfileForm(response.wsgi_request.POST, instance=member)
    if response.status_code == 302:
        event("accepted")
        assert oracle.is_valid(), oracle.errors
        assert stored(member, ProfileForm.Meta.fields) == oracle.profile_changes()
        links = dict(MemberExpertise.objects.filter(member=member).values_list("area_id", "emphasis"))
        assert links == oracle.expertise()
    else:
        event("refused")
        assert response.status_code == 200
        assert response.context["form"].errors
        assert member_rows(member) == before


@FUZZ
@given(
    changes=some_of(
        {
            "phone": st.one_of(
                hostile_or(st.sampled_from(["", "0115 823 0000", "+44 (0)121 414 3344"])), st.just(DROP)
            ),
            **{
                name: st.one_of(hostile_or(st.sampled_from(choices)), st.just(DROP))
                for name, choices in {
                    "email_visibility": Visibility.values,
                    "phone_visibility": Visibility.values,
                    "profile_visibility": Member.ProfileVisibility.values,
                }.items()
            },
        }
    )
)
def test_the_privacy_form_stores_what_it_cleaned_or_nothing(clients, directory, changes):
    member = Member.objects.get(user=directory.alice)
    current = {name: getattr(member, name) for name in PrivacyForm.Meta.fields}
    before = member_rows(member)

    response = send(clients["alice"], "post", reverse("accounts:privacy"), sendable(current | changes))

    oracle = PrivacyForm(response.wsgi_request.POST, instance=member)
    if response.status_code == 302:
        event("accepted")
        assert oracle.is_valid(), oracle.errors
        assert stored(member, PrivacyForm.Meta.fields) == oracle.cleaned_data
    else:
        event("refused")
        assert response.status_code == 200
        assert member_rows(member) == before


# ---------------------------------------------------------------- publications

VALID_PUBLICATION = {
    "title": "Imaging the epileptic brain",
    "year": "2024",
    "venue": "NeuroImage",
    "doi": "",
    "url": "",
}
publication_changes = some_of(
    {
        "title": st.one_of(hostile_or(st.sampled_from(["MEG at 7 T", "  spaced  "])), st.just(DROP)),
        "year": st.one_of(
            hostile_or(st.integers(min_value=1890, max_value=2110).map(str), st.sampled_from([" 2024 ", "2024.0"])),
            st.just(DROP),
        ),
        "venue": st.one_of(hostile_or(st.sampled_from(["", "NeuroImage"])), st.just(DROP)),
        "doi": st.one_of(
            hostile_or(
                st.sampled_from(["10.1016/j.neuroimage.2020.117012", "https://doi.org/10.1000/182", "doi: 10.1/x"]),
                st.from_regex(r"\A10\.\d{4,9}/[!-~]{1,30}\Z"),
            ),
            st.just(DROP),
        ),
        "url": st.one_of(hostile_or(urls), st.just(DROP)),
    }
)
# A new title each time, so a valid form is not refused as a duplicate of the one before.
publication_data = st.tuples(st.integers(min_value=0, max_value=10**9), publication_changes).map(
    lambda pair: VALID_PUBLICATION | {"title": f"Imaging study {pair[0]}"} | pair[1]
)


@pytest.fixture
def papers(directory):
    """alice's publication, one of bob's, and an id nobody has."""
    mine = PublicationFactory(member=directory.alice.member, title="Magnetic fields of the resting brain", year=2022)
    theirs = PublicationFactory(member=directory.bob.member)
    return {"mine": mine.pk, "theirs": theirs.pk, "unknown": theirs.pk + 10_000}


def publication_rows(member: Member) -> tuple:
    return rows(Publication.objects.filter(member=member), Member.objects.filter(pk=member.pk))


def assert_stored_as_cleaned(publication: Publication, oracle: PublicationForm) -> None:
    assert oracle.is_valid(), oracle.errors
    assert {name: getattr(publication, name) for name in PublicationForm.Meta.fields} == oracle.values()


@FUZZ
@given(data=publication_data)
def test_adding_a_publication_stores_what_the_form_cleaned_or_nothing(clients, papers, directory, data):
    member = directory.alice.member
    if Publication.objects.filter(member=member).count() > 30:
        Publication.objects.filter(member=member).exclude(pk=papers["mine"]).delete()  # keeps the page small
    before = publication_rows(member)
    known = set(Publication.objects.filter(member=member).values_list("pk", flat=True))

    response = send(clients["alice"], "post", reverse("accounts:publications"), sendable(data))

    oracle = PublicationForm(response.wsgi_request.POST)
    if response.status_code == 302:
        event("accepted")
        [added] = Publication.objects.filter(member=member).exclude(pk__in=known)
        assert_stored_as_cleaned(added, oracle)
    else:
        event("refused")
        assert response.status_code == 200
        assert response.context["form"].errors
        assert publication_rows(member) == before


@FUZZ
@given(data=publication_data, which=st.sampled_from(["mine", "mine", "theirs", "unknown"]))
def test_editing_a_publication_stores_what_the_form_cleaned_or_nothing(clients, papers, directory, data, which):
    before = rows(Publication.objects.all())

    response = send(
        clients["alice"], "post", reverse("accounts:publication-edit", args=[papers[which]]), sendable(data)
    )

    if response.status_code == 302:
        event("accepted")
        assert which == "mine"
        publication = Publication.objects.get(pk=papers["mine"])
        assert_stored_as_cleaned(publication, PublicationForm(response.wsgi_request.POST))
    else:
        event(f"refused with {response.status_code}")
        assert response.status_code == (200 if which == "mine" else 404)
        assert rows(Publication.objects.all()) == before


@FUZZ
@given(pk=st.one_of(st.sampled_from(["mine", "theirs", "unknown"]), st.integers(min_value=0, max_value=2**70)))
def test_removing_a_publication_takes_only_ones_own(clients, papers, directory, pk):
    if not Publication.objects.filter(pk=papers["mine"]).exists():
        PublicationFactory(pk=papers["mine"], member=directory.alice.member)
    pk = papers.get(pk, pk)
    before = rows(Publication.objects.all())

    response = send(clients["alice"], "post", reverse("accounts:publication-delete", args=[pk]))

    if pk == papers["mine"]:
        assert response.status_code == 302
        assert rows(Publication.objects.exclude(pk=pk)) == tuple(
            tuple(row for row in table if row[0] != pk) for table in before
        )
    else:
        assert response.status_code == 404
        assert rows(Publication.objects.all()) == before


# ---------------------------------------------------------------- a new profile


@pytest.fixture
def newcomer(client, directory):
    """dana, signed in: a verified account without a profile."""
    dana = get_user_model().objects.create_user("dana", "dana@example.org", "correct horse battery")
    verify(dana)
    client.force_login(dana)
    return dana


@FUZZ
@given(data=st.data())
def test_creating_a_profile_stores_what_the_form_cleaned_or_nothing(client, newcomer, directory, data):
    institution = directory.institutions[0]
    valid = {"full_name": "Dana Scully", "role": "clinician", "institution": institution.pk, "unit": ""}
    changes = data.draw(
        some_of(
            {
                "full_name": st.one_of(hostile_or(names), st.just(DROP)),
                "title": hostile_or(st.sampled_from(["", "Dr"])),
                "job_title": hostile_or(st.just("")),
                "role": st.one_of(hostile_or(st.sampled_from(Member.Role.values)), st.just(DROP)),
                "career_stage": hostile_or(st.sampled_from(["", *Member.CareerStage.values])),
                "institution": st.one_of(
                    hostile_or(st.sampled_from([i.pk for i in directory.institutions])), st.just(DROP)
                ),
                "unit": hostile_or(st.sampled_from(["", *[unit.pk for unit in directory.units]])),
            }
        ),
        label="changes",
    )
    before = rows(Member.objects.all(), Member.history.all())

    response = send(client, "post", reverse("accounts:profile-create"), sendable(valid | changes))

    oracle = ProfileCreateForm(response.wsgi_request.POST)
    created = Member.objects.filter(user=newcomer).first()
    if response.status_code == 302:
        event("accepted")
        assert oracle.is_valid(), oracle.errors
        assert created.status == Member.Status.PENDING
        assert stored(created, ProfileCreateForm.Meta.fields) == oracle.cleaned_data
        Member.history.filter(id=created.pk).delete()
        created.delete()  # the next example starts without a profile again
    else:
        event("refused")
        assert response.status_code == 200
        assert created is None
        assert rows(Member.objects.all(), Member.history.all()) == before


@FUZZ
@given(return_to=st.one_of(hostile_or(st.sampled_from(["profile", "home"])), st.just(DROP)))
def test_confirming_availability_goes_only_to_the_members_own_pages(clients, directory, return_to):
    response = send(
        clients["alice"], "post", reverse("accounts:availability-confirm"), sendable({"return_to": return_to})
    )
    assert response.status_code == 302
    assert response.url in (reverse("accounts:profile"), reverse("accounts:home"))
