"""Test data. Every factory makes valid, saved rows; override what a test cares about."""

from types import SimpleNamespace

import factory
from django.utils.text import slugify

from expertise.models import ExpertiseArea, Facet
from institutions.models import Facility, Institution, Unit
from members.models import Member, MemberExpertise, Publication
from members.similar import refresh_similar


class InstitutionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Institution
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"University of Testshire {n}")
    short_name = factory.Sequence(lambda n: f"Testshire {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = Institution.Kind.UNIVERSITY
    city = "Birmingham"
    latitude = "52.45000"
    longitude = "-1.93000"


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    institution = factory.SubFactory(InstitutionFactory)
    name = factory.Sequence(lambda n: f"Imaging Centre {n}")


class ExpertiseAreaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ExpertiseArea
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Expertise area {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    facet = Facet.TECHNIQUE


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Faker("name")
    slug = factory.Sequence(lambda n: f"member-{n}")
    title = "Dr"
    job_title = "Research Fellow"
    institution = factory.SubFactory(InstitutionFactory)
    biography = "Works on imaging methods."
    status = Member.Status.ACTIVE
    profile_visibility = Member.ProfileVisibility.PUBLIC


class MemberExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MemberExpertise

    member = factory.SubFactory(MemberFactory)
    area = factory.SubFactory(ExpertiseAreaFactory)


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication

    member = factory.SubFactory(MemberFactory)
    title = factory.Sequence(lambda n: f"Imaging study number {n}")
    year = 2023
    venue = "NeuroImage"
    doi = factory.Sequence(lambda n: f"10.1016/j.test.{n}")


class FacilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Facility

    name = factory.Sequence(lambda n: f"Scanner {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    institution = factory.SubFactory(InstitutionFactory)
    modality = factory.SubFactory(
        ExpertiseAreaFactory, name="Magnetic resonance imaging", facet=Facet.MODALITY, aliases=["MRI"]
    )
    manufacturer = "Siemens"
    model = "MAGNETOM Prisma"
    field_strength_tesla = 3


def small_network() -> SimpleNamespace:
    """Two institutions, a four-facet taxonomy slice, five members and one facility."""
    nottingham = InstitutionFactory(name="University of Nottingham", short_name="Nottingham", city="Nottingham")
    birmingham = InstitutionFactory(name="University of Birmingham", short_name="Birmingham")
    spmic = UnitFactory(institution=nottingham, name="Sir Peter Mansfield Imaging Centre")
    chbh = UnitFactory(institution=birmingham, name="Centre for Human Brain Health")
    mri = ExpertiseAreaFactory(name="Magnetic resonance imaging", facet=Facet.MODALITY, aliases=["MRI"])
    meg = ExpertiseAreaFactory(name="Magnetoencephalography", facet=Facet.MODALITY, aliases=["MEG"])
    dwi = ExpertiseAreaFactory(name="Diffusion MRI", facet=Facet.TECHNIQUE, aliases=["DTI", "tractography"])
    seg = ExpertiseAreaFactory(name="Image segmentation", facet=Facet.ANALYSIS, aliases=["segmentation"])
    epilepsy = ExpertiseAreaFactory(name="Epilepsy", facet=Facet.APPLICATION, aliases=["seizures"])
    members = [
        MemberFactory(full_name="Amira Okafor", institution=nottingham, unit=spmic),
        MemberFactory(full_name="Jonas Müller", institution=nottingham, role=Member.Role.CLINICIAN),
        MemberFactory(full_name="Priya Raman", institution=birmingham, unit=chbh),
        MemberFactory(full_name="Tom Hargreaves", institution=birmingham),
        MemberFactory(full_name="Hidden Person", institution=birmingham, profile_visibility="hidden"),
    ]
    for member, areas in zip(members, [[mri, dwi], [mri, epilepsy], [meg, epilepsy], [seg], [meg]], strict=True):
        for area in areas:
            MemberExpertiseFactory(member=member, area=area)
    PublicationFactory(member=members[0], title="Tractography of the human corpus callosum at 7 T")
    scanner = FacilityFactory(name="7 T Philips Achieva", institution=nottingham, unit=spmic, modality=mri)
    scanner.responsible_members.add(members[0])
    opm = FacilityFactory(
        name="OPM-MEG lab",
        institution=birmingham,
        unit=chbh,
        modality=meg,
        field_strength_tesla=None,
        sensor_type="opm",
        channel_count=192,
    )
    refresh_similar()
    return SimpleNamespace(
        institutions=[nottingham, birmingham],
        units=[spmic, chbh],
        areas=[mri, meg, dwi, seg, epilepsy],
        members=members,
        facilities=[scanner, opm],
    )


def crowd(n: int, *, areas=(), publications: int = 0, **member_fields) -> list[Member]:
    """`n` more members (each with the given expertise areas and publications): proves a page's query count is flat."""
    members = MemberFactory.create_batch(n, **member_fields)
    for member in members:
        for area in areas:
            MemberExpertiseFactory(member=member, area=area)
        PublicationFactory.create_batch(publications, member=member)
    return members
