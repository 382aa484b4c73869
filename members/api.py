"""The public, read-only JSON API at /api/v1/ (django-ninja), with its OpenAPI document and interactive docs.

It shows exactly what the site shows the same visitor: profiles through
`Member.objects.visible_to(request.user)`, contact details through `Member.can_see`.
The member search is the site's own (members.forms validates the parameters,
members.search filters and ranks them). Lists are paginated with `limit` (at most
MAX_LIMIT) and `offset`; every client is rate limited, anonymous ones by address.
"""

import re
from datetime import datetime
from enum import Enum, StrEnum
from typing import Annotated, Any

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, QueryDict
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Query, Schema
from ninja.errors import ValidationError
from ninja.openapi.docs import Swagger
from ninja.throttling import SimpleRateThrottle

from expertise.models import ExpertiseArea, Facet
from expertise.tree import build_forest, subtree_ids
from institutions.models import Facility, Institution, Unit, count_of
from members.forms import MAX_CHOSEN, MemberSearchForm
from members.models import Member, MemberExpertise
from members.search import HIGHLIGHT_START, HIGHLIGHT_STOP, match_reason, matching, search_page, taxonomy

MAX_LIMIT = 100
DEFAULT_LIMIT = 20
MAX_OFFSET = 10_000
MAX_ID = 10**18 - 1  # members.forms.ID: at most 18 digits
MARKERS = re.compile(f"[{HIGHLIGHT_START}{HIGHLIGHT_STOP}]")
SLUG = re.compile(r"[-a-zA-Z0-9_]+")  # the site's <slug:...> URLs


# ---------------------------------------------------------------- throttling


class SettingsRateThrottle(SimpleRateThrottle):
    """A rate limit read from a setting on every request, so it follows the settings (and tests) that change it."""

    setting = ""

    def __init__(self):
        self.rate = None

    def allow_request(self, request: HttpRequest) -> bool:
        self.rate = getattr(settings, self.setting)
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)


class VisitorThrottle(SettingsRateThrottle):
    """Anonymous clients, counted per address."""

    scope = "anon"
    setting = "API_ANON_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class MemberThrottle(SettingsRateThrottle):
    """Signed-in members (the site's session), counted per account, more generously."""

    scope = "user"
    setting = "API_USER_RATE"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        if not request.user.is_authenticated:
            return None
        return self.cache_format % {"scope": self.scope, "ident": request.user.pk}


api = NinjaAPI(
    title="MMIN Directory API",
    version="1",
    description=(
        "Read-only data from the Midlands Medical Imaging Network directory: members, institutions, units, "
        "imaging facilities and the expertise taxonomy. Only what the same visitor may see on the site is "
        "returned. Lists take `limit` (1-100) and `offset`. Anonymous clients are rate limited per address; "
        "over the limit the answer is 429 with a Retry-After header."
    ),
    urls_namespace="api",
    docs=Swagger(settings={"defaultModelsExpandDepth": 0, "tryItOutEnabled": True}),
    throttle=[VisitorThrottle(), MemberThrottle()],
)


@api.exception_handler(ValidationError)
def validation_failed(request: HttpRequest, error: ValidationError):
    """422 with each problem located as ["query", parameter, ...]: ninja puts the argument name in list items' paths."""
    problems = []
    for problem in error.errors:
        location = list(problem.get("loc", ()))
        if len(location) > 2 and location[1] == "params":
            del location[1]
        problems.append({**problem, "loc": location})
    return api.create_response(request, {"detail": problems}, status=422)


# ---------------------------------------------------------------- schemas


class Detail(Schema):
    detail: str


class ValidationErrors(Schema):
    detail: list[dict[str, Any]]


ERRORS = {422: ValidationErrors, 429: Detail}
ERRORS_404 = {404: Detail, **ERRORS}


def choices(name: str, text_choices) -> type[Enum]:
    """An Enum for the OpenAPI document from a model's TextChoices (values only)."""
    return Enum(name, {value.upper(): value for value in text_choices.values}, type=str)


Role = choices("Role", Member.Role)
CareerStage = choices("CareerStage", Member.CareerStage)
OpenTo = choices("OpenTo", Member.OpenTo)
Capacity = choices("Capacity", Member.Capacity)
Emphasis = choices("Emphasis", MemberExpertise.Emphasis)
FacetName = choices("Facet", Facet)
InstitutionKind = choices("InstitutionKind", Institution.Kind)
UnitKind = choices("UnitKind", Unit.Kind)
SensorType = choices("SensorType", Facility.SensorType)
Subject = choices("Subject", Facility.Subject)
AccessModel = choices("AccessModel", Facility.AccessModel)


class Sort(StrEnum):
    RELEVANCE = "relevance"
    NAME = "name"
    UPDATED = "updated"


class InstitutionRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class UnitRef(Schema):
    id: int
    name: str


class MemberRef(Schema):
    slug: str
    name: str
    url: str


class ExpertiseRef(Schema):
    id: int
    slug: str
    name: str
    facet: FacetName
    emphasis: Emphasis
    url: str


class Match(Schema):
    """Why a member matched a search: the expertise areas that did, or else the fields."""

    areas: list[str] = Field(description="Slugs of the matching expertise areas.")
    fields: list[str]
    similar_name: bool


class MemberSummary(Schema):
    slug: str
    url: str
    name: str
    display_name: str
    title: str
    job_title: str
    role: Role
    career_stage: CareerStage | None
    institution: InstitutionRef
    unit: UnitRef | None
    expertise: list[ExpertiseRef]
    open_to: list[OpenTo]
    capacity: Capacity
    availability_confirmed_at: datetime | None
    orcid: str | None
    website: str | None
    photo: str | None
    email: str | None = Field(description="Only when the member shows it to this visitor.")
    phone: str | None = Field(description="Only when the member shows it to this visitor.")
    updated_at: datetime


class MemberResult(MemberSummary):
    snippet: str | None = Field(description="Plain text around the words that matched, when searching.")
    match: Match | None


class Publication(Schema):
    title: str
    year: int
    venue: str
    doi: str | None
    url: str | None


class FacilityRef(Schema):
    slug: str
    name: str
    url: str


class MemberDetail(MemberSummary):
    biography: str
    research_interests: str
    publications: list[Publication]
    facilities: list[FacilityRef]


class Page(Schema):
    count: int = Field(description="How many items match, over all pages.")
    limit: int
    offset: int
    next: str | None
    previous: str | None


class MemberPage(Page):
    fuzzy: bool = Field(description="True when nothing matched exactly and these are members with a similar name.")
    results: list[MemberResult]


class UnitOut(Schema):
    id: int
    name: str
    kind: UnitKind
    website: str | None
    description: str
    institution: InstitutionRef
    member_count: int


class InstitutionOut(Schema):
    id: int
    slug: str
    url: str
    name: str
    short_name: str
    kind: InstitutionKind
    city: str
    website: str | None
    description: str
    latitude: float | None
    longitude: float | None
    member_count: int
    facility_count: int


class InstitutionDetail(InstitutionOut):
    units: list[UnitOut]
    facilities: list[FacilityRef]


class InstitutionPage(Page):
    results: list[InstitutionOut]


class UnitPage(Page):
    results: list[UnitOut]


class AreaRef(Schema):
    id: int
    slug: str
    name: str
    url: str


class FacilityOut(Schema):
    slug: str
    url: str
    name: str
    institution: InstitutionRef
    unit: UnitRef | None
    modality: AreaRef
    manufacturer: str
    model: str
    field_strength_tesla: float | None
    sensor_type: SensorType | None
    channel_count: int | None
    subject: Subject
    access_model: AccessModel
    booking_url: str | None
    description: str
    is_illustrative: bool
    responsible_members: list[MemberRef]


class FacilityPage(Page):
    results: list[FacilityOut]


class AreaNode(Schema):
    id: int
    slug: str
    url: str
    name: str
    facet: FacetName
    description: str
    aliases: list[str]
    identifiers: dict[str, Any]
    member_count: int = Field(description="Members this visitor may see who list this area or a narrower one.")
    children: list["AreaNode"]


AreaNode.model_rebuild()


class AreaDetail(AreaNode):
    parent: AreaRef | None


class FacetTree(Schema):
    facet: FacetName
    label: str
    areas: list[AreaNode]


class Taxonomy(Schema):
    facets: list[FacetTree]


class PageParams(Schema):
    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page (1-{MAX_LIMIT}).")
    offset: int = Field(0, ge=0, le=MAX_OFFSET, description="How many items to skip.")


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class MemberSearchParams(PageParams):
    q: str = Field(
        "", max_length=200, pattern=r"^[^\x00]*$", description='Search text: words, "phrases", OR, -exclusions.'
    )
    institution: list[Id] = Field([], max_length=MAX_CHOSEN, description="Institution ids (any of).")
    area: list[Id] = Field([], max_length=MAX_CHOSEN, description="Expertise area ids (all of; narrower areas count).")
    role: list[Role] = Field([], max_length=MAX_CHOSEN, description="Roles (any of).")
    career_stage: list[CareerStage] = Field([], max_length=MAX_CHOSEN, description="Career stages (any of).")
    open_to: list[OpenTo] = Field([], max_length=MAX_CHOSEN, description="Kinds of collaboration (all of).")
    sort: Sort = Sort.RELEVANCE


class InstitutionParams(PageParams):
    kind: InstitutionKind | None = None


class UnitParams(PageParams):
    institution: str | None = Field(None, max_length=200, pattern=r"^[^\x00]*$", description="Slug of the institution.")


class FacilityParams(PageParams):
    modality: str | None = Field(None, max_length=120, description="Slug of a modality area (narrower ones count).")
    institution: str | None = Field(None, max_length=200, pattern=r"^[^\x00]*$", description="Slug of the institution.")


class TaxonomyParams(Schema):
    facet: FacetName | None = None


# ---------------------------------------------------------------- serialising


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


def _page_links(request: HttpRequest, params: PageParams, count: int) -> dict:
    def link(offset: int) -> str:
        query = request.GET.copy()
        query["offset"] = str(offset)
        query["limit"] = str(params.limit)
        return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")

    following = params.offset + params.limit
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "next": link(following) if following < count and following <= MAX_OFFSET else None,
        # Past the end, "previous" goes back to the last page there is.
        "previous": link(max(min(params.offset - params.limit, count - params.limit), 0))
        if params.offset > 0
        else None,
    }


def institution_ref(request, institution: Institution) -> dict:
    return {
        "id": institution.pk,
        "slug": institution.slug,
        "name": institution.name,
        "url": _absolute(request, institution.get_absolute_url()),
    }


def member_ref(request, member: Member) -> dict:
    return {"slug": member.slug, "name": member.display_name, "url": _absolute(request, member.get_absolute_url())}


def member_summary(request, member: Member) -> dict:
    """A profile as a card shows it, with contact details only where this visitor may see them."""
    return {
        "slug": member.slug,
        "url": _absolute(request, member.get_absolute_url()),
        "name": member.full_name,
        "display_name": member.display_name,
        "title": member.title,
        "job_title": member.job_title,
        "role": member.role,
        "career_stage": member.career_stage or None,
        "institution": institution_ref(request, member.institution),
        "unit": {"id": member.unit.pk, "name": member.unit.name} if member.unit_id else None,
        "expertise": [
            {
                "id": link.area.pk,
                "slug": link.area.slug,
                "name": link.area.name,
                "facet": link.area.facet,
                "emphasis": link.emphasis,
                "url": _absolute(request, link.area.get_absolute_url()),
            }
            for link in member.expertise_links
        ],
        "open_to": list(member.open_to),
        "capacity": member.capacity,
        "availability_confirmed_at": member.availability_confirmed_at,
        "orcid": member.orcid or None,
        "website": member.website or None,
        "photo": _absolute(request, member.photo.url) if member.photo else None,
        "email": member.email if member.email and member.can_see("email", request.user) else None,
        "phone": member.phone if member.phone and member.can_see("phone", request.user) else None,
        "updated_at": member.updated_at,
    }


def _match(member: Member, page) -> dict | None:
    reason = match_reason(member, page)
    if reason is None:
        return None
    return {
        "areas": [area.slug for area in reason.areas],
        "fields": list(reason.fields),
        "similar_name": reason.similar_name,
    }


def facility_out(request, facility: Facility) -> dict:
    return {
        "slug": facility.slug,
        "url": _absolute(request, facility.get_absolute_url()),
        "name": facility.name,
        "institution": institution_ref(request, facility.institution),
        "unit": {"id": facility.unit.pk, "name": facility.unit.name} if facility.unit_id else None,
        "modality": {
            "id": facility.modality.pk,
            "slug": facility.modality.slug,
            "name": facility.modality.name,
            "url": _absolute(request, facility.modality.get_absolute_url()),
        },
        "manufacturer": facility.manufacturer,
        "model": facility.model,
        "field_strength_tesla": float(facility.field_strength_tesla) if facility.field_strength_tesla else None,
        "sensor_type": facility.sensor_type or None,
        "channel_count": facility.channel_count,
        "subject": facility.subject,
        "access_model": facility.access_model,
        "booking_url": facility.booking_url or None,
        "description": facility.description,
        "is_illustrative": facility.is_illustrative,
        "responsible_members": [member_ref(request, member) for member in facility.responsible],
    }


def unit_out(request, unit: Unit) -> dict:
    return {
        "id": unit.pk,
        "name": unit.name,
        "kind": unit.kind,
        "website": unit.website or None,
        "description": unit.description,
        "institution": institution_ref(request, unit.institution),
        "member_count": unit.member_count,
    }


def institution_out(request, institution: Institution) -> dict:
    return {
        "id": institution.pk,
        "slug": institution.slug,
        "url": _absolute(request, institution.get_absolute_url()),
        "name": institution.name,
        "short_name": institution.short_name,
        "kind": institution.kind,
        "city": institution.city,
        "website": institution.website or None,
        "description": institution.description,
        "latitude": float(institution.latitude) if institution.latitude is not None else None,
        "longitude": float(institution.longitude) if institution.longitude is not None else None,
        "member_count": institution.member_count,
        "facility_count": institution.facility_count,
    }


def area_node(request, area: ExpertiseArea, counts: dict[int, int], seen: frozenset[int] = frozenset()) -> dict:
    """An area and, recursively, its narrower areas (an area already above it is not repeated: no endless cycle)."""
    seen = seen | {area.pk}
    return {
        "id": area.pk,
        "slug": area.slug,
        "url": _absolute(request, area.get_absolute_url()),
        "name": area.name,
        "facet": area.facet,
        "description": area.description,
        "aliases": list(area.aliases),
        "identifiers": area.identifiers if isinstance(area.identifiers, dict) else {},
        "member_count": counts.get(area.pk, 0),
        "children": [area_node(request, child, counts, seen) for child in area.tree_children if child.pk not in seen],
    }


def _responsible(request):
    return Prefetch(
        "responsible_members",
        queryset=Member.objects.visible_to(request.user).order_by("full_name"),
        to_attr="responsible",
    )


def _slug(slug: str) -> str:
    """The slug from the path, or a 404 for text no slug can be (PostgreSQL refuses a NUL in a query: a 500)."""
    if not SLUG.fullmatch(slug):
        raise Http404
    return slug


def _query_dict(params: MemberSearchParams) -> QueryDict:
    data = QueryDict(mutable=True)
    if params.q:
        data["q"] = params.q
    for name in ("institution", "area", "role", "career_stage", "open_to"):
        data.setlist(name, [getattr(value, "value", value) for value in getattr(params, name)])
    data["sort"] = params.sort.value
    return data


# ---------------------------------------------------------------- endpoints


@api.get("/members", response={200: MemberPage, **ERRORS}, tags=["members"], summary="Search members")
def list_members(request: HttpRequest, params: Query[MemberSearchParams]):
    """The directory's member search: the same text search, filters and ranking as /members/ on the site.

    Without `q` members are in name order (or recently updated first with `sort=updated`).
    An expertise area that is not in the directory matches nobody, as an unknown institution does.
    """
    if any(pk not in taxonomy().areas for pk in params.area):
        return {**_page_links(request, params, 0), "fuzzy": False, "results": []}
    form = MemberSearchForm(_query_dict(params))
    if not form.is_valid():
        raise ValidationError(
            [
                {"loc": ["query", name], "msg": str(message), "type": "value_error"}
                for name, messages in form.errors.items()
                for message in messages
            ]
        )
    criteria = form.criteria
    visible = criteria.filters.narrow(Member.objects.visible_to(request.user))
    chosen = criteria.filters.choose(visible)
    page = search_page(chosen.for_cards(), criteria.q, sort=criteria.sort, offset=params.offset, limit=params.limit)
    count = page.total
    if not page.members and params.offset:
        count = matching(chosen, page).count()  # past the end: the page cannot say how many there were
    results = []
    for member in page.members:
        snippet = getattr(member, "snippet", "") or ""
        results.append(
            {
                **member_summary(request, member),
                "snippet": MARKERS.sub("", snippet) or None,
                "match": _match(member, page),
            }
        )
    return {**_page_links(request, params, count), "fuzzy": page.fuzzy, "results": results}


@api.get("/members/{slug}", response={200: MemberDetail, **ERRORS_404}, tags=["members"], summary="One member")
def get_member(request: HttpRequest, slug: str):
    """A profile with its biography, publications and the facilities the member runs."""
    member = get_object_or_404(Member.objects.visible_to(request.user).for_profile(), slug=_slug(slug))
    return {
        **member_summary(request, member),
        "biography": member.biography,
        "research_interests": member.research_interests,
        "publications": [
            {
                "title": publication.title,
                "year": publication.year,
                "venue": publication.venue,
                "doi": publication.doi or None,
                "url": publication.link or None,
            }
            for publication in member.publications.all()
        ],
        "facilities": [
            {"slug": f.slug, "name": f.name, "url": _absolute(request, f.get_absolute_url())}
            for f in member.facilities_run
        ],
    }


@api.get("/institutions", response={200: InstitutionPage, **ERRORS}, tags=["institutions"], summary="Institutions")
def list_institutions(request: HttpRequest, params: Query[InstitutionParams]):
    """Universities, NHS trusts, companies, research institutes and charities, by name."""
    institutions = Institution.objects.all()
    if params.kind:
        institutions = institutions.filter(kind=params.kind.value)
    count = institutions.count()
    rows = institutions.with_counts(Member.objects.visible_to(request.user)).order_by("name", "pk")[
        params.offset : params.offset + params.limit
    ]
    return {**_page_links(request, params, count), "results": [institution_out(request, i) for i in rows]}


@api.get(
    "/institutions/{slug}",
    response={200: InstitutionDetail, **ERRORS_404},
    tags=["institutions"],
    summary="One institution",
)
def get_institution(request: HttpRequest, slug: str):
    """An institution with its units (and their member counts) and facilities."""
    members = Member.objects.visible_to(request.user)
    institution = get_object_or_404(
        Institution.objects.with_counts(members).prefetch_related(
            Prefetch(
                "units",
                queryset=Unit.objects.select_related("institution")
                .annotate(member_count=count_of(members, "unit"))
                .order_by("name"),
                to_attr="unit_list",
            ),
            Prefetch("facilities", queryset=Facility.objects.order_by("name"), to_attr="facility_list"),
        ),
        slug=_slug(slug),
    )
    return {
        **institution_out(request, institution),
        "units": [unit_out(request, unit) for unit in institution.unit_list],
        "facilities": [
            {"slug": f.slug, "name": f.name, "url": _absolute(request, f.get_absolute_url())}
            for f in institution.facility_list
        ],
    }


@api.get("/units", response={200: UnitPage, **ERRORS}, tags=["institutions"], summary="Units")
def list_units(request: HttpRequest, params: Query[UnitParams]):
    """Centres, departments and groups, by institution and name; `institution` narrows to one institution."""
    units = Unit.objects.all()
    if params.institution:
        units = units.filter(institution__slug=params.institution)
    count = units.count()
    rows = (
        units.select_related("institution")
        .annotate(member_count=count_of(Member.objects.visible_to(request.user), "unit"))
        .order_by("institution__name", "name", "pk")[params.offset : params.offset + params.limit]
    )
    return {**_page_links(request, params, count), "results": [unit_out(request, unit) for unit in rows]}


@api.get("/facilities", response={200: FacilityPage, **ERRORS}, tags=["facilities"], summary="Facilities")
def list_facilities(request: HttpRequest, params: Query[FacilityParams]):
    """Scanners and labs with their specifications; `modality` includes narrower modalities (7 T MRI under MRI)."""
    facilities = Facility.objects.all()
    if params.modality:
        modalities = list(ExpertiseArea.objects.modalities())
        chosen = next((area for area in modalities if area.slug == params.modality), None)
        facilities = facilities.filter(modality_id__in=subtree_ids(chosen, modalities) if chosen else [])
    if params.institution:
        facilities = facilities.filter(institution__slug=params.institution)
    count = facilities.count()
    rows = (
        facilities.for_cards()
        .prefetch_related(_responsible(request))
        .order_by("name", "pk")[params.offset : params.offset + params.limit]
    )
    return {**_page_links(request, params, count), "results": [facility_out(request, f) for f in rows]}


@api.get("/facilities/{slug}", response={200: FacilityOut, **ERRORS_404}, tags=["facilities"], summary="One facility")
def get_facility(request: HttpRequest, slug: str):
    facility = get_object_or_404(Facility.objects.for_cards().prefetch_related(_responsible(request)), slug=_slug(slug))
    return facility_out(request, facility)


def _forest(request: HttpRequest):
    """Every area, with tree_children attached, and how many visible members sit under each (two queries)."""
    areas = list(ExpertiseArea.objects.order_by("name"))
    roots = build_forest(areas)
    counts = ExpertiseArea.objects.all().subtree_member_counts(Member.objects.visible_to(request.user))
    return areas, roots, counts


@api.get("/expertise-areas", response={200: Taxonomy, **ERRORS}, tags=["expertise"], summary="The expertise tree")
def expertise_tree(request: HttpRequest, params: Query[TaxonomyParams]):
    """The taxonomy as a tree per facet (modality, technique, analysis, application), with member counts."""
    _areas, roots, counts = _forest(request)
    facets = []
    for value, label in Facet.choices:
        if params.facet and params.facet.value != value:
            continue
        facets.append(
            {
                "facet": value,
                "label": str(label),
                "areas": [area_node(request, root, counts) for root in roots if root.facet == value],
            }
        )
    return {"facets": facets}


@api.get("/expertise-areas/{slug}", response={200: AreaDetail, **ERRORS_404}, tags=["expertise"], summary="One area")
def get_area(request: HttpRequest, slug: str):
    """One area of the taxonomy with its narrower areas below it and its broader area."""
    areas, _roots, counts = _forest(request)
    area = next((area for area in areas if area.slug == slug), None)
    if area is None:
        raise Http404
    parent = next((other for other in areas if other.pk == area.parent_id), None)
    return {
        **area_node(request, area, counts),
        "parent": (
            {
                "id": parent.pk,
                "slug": parent.slug,
                "name": parent.name,
                "url": _absolute(request, parent.get_absolute_url()),
            }
            if parent
            else None
        ),
    }
