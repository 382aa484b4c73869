"""schema.org JSON-LD for profile, institution and facility pages (rendered by the `linked_data` template tags).

Only what an anonymous visitor may see goes in: a contact detail appears only when its
owner made it public, and members-only profiles get no JSON-LD at all.
"""

import json
from collections.abc import Callable
from decimal import Decimal

from django.utils.safestring import SafeString, mark_safe

from institutions.models import Facility, Institution
from members.models import Member, Visibility

SCHEMA = "https://schema.org"
NETWORK_NAME = "Midlands Medical Imaging Network"
ORGANIZATION_TYPES = {
    Institution.Kind.UNIVERSITY: "CollegeOrUniversity",
    Institution.Kind.NHS_TRUST: "Hospital",
    Institution.Kind.COMPANY: "Corporation",
    Institution.Kind.RESEARCH_INSTITUTE: "ResearchOrganization",
    Institution.Kind.CHARITY: "NGO",
}
# Characters that could end the <script> element or open a comment, as json_script escapes them (plus the
# line separators some older JavaScript parsers choke on).
ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026", 0x2028: "\\u2028", 0x2029: "\\u2029"}

Absolute = Callable[[str], str]


def to_script_json(data: dict) -> SafeString:
    """JSON that is safe inside a <script> element: no character of it can close the element."""
    return mark_safe(json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(ESCAPES))  # noqa: S308


def _compact(data: dict) -> dict:
    """Drop empty values: schema.org readers treat a missing property and an empty one alike."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def organization_reference(institution: Institution, absolute: Absolute) -> dict:
    url = absolute(institution.get_absolute_url())
    return _compact(
        {
            "@type": ORGANIZATION_TYPES.get(institution.kind, "Organization"),
            "@id": f"{url}#organization",
            "name": institution.name,
            "url": url,
        }
    )


def person(member: Member, absolute: Absolute) -> dict | None:
    """A Person for a public, active profile; None for any other (nothing is said about it)."""
    if member.status != Member.Status.ACTIVE or member.profile_visibility != Member.ProfileVisibility.PUBLIC:
        return None
    url = absolute(member.get_absolute_url())
    affiliation = [organization_reference(member.institution, absolute)]
    if member.unit_id:
        affiliation.insert(
            0,
            _compact(
                {
                    "@type": "Organization",
                    "name": member.unit.name,
                    "url": member.unit.website,
                    "parentOrganization": {"@id": affiliation[-1]["@id"]},
                }
            ),
        )
    links = getattr(member, "expertise_links", None)
    if links is None:
        links = member.memberexpertise_set.select_related("area").order_by("emphasis", "area__name")
    knows_about = [
        {"@type": "DefinedTerm", "name": link.area.name, "url": absolute(link.area.get_absolute_url())}
        for link in links
    ]
    same_as = []
    if member.orcid:
        same_as.append(f"https://orcid.org/{member.orcid}")
    if member.website:
        same_as.append(member.website)
    data = {
        "@context": SCHEMA,
        "@type": "Person",
        "@id": f"{url}#person",
        "url": url,
        "name": member.full_name,
        "honorificPrefix": member.title,
        "jobTitle": member.job_title,
        "affiliation": affiliation,
        "memberOf": {"@type": "Organization", "name": NETWORK_NAME},
        "knowsAbout": knows_about,
        "sameAs": same_as,
        "identifier": (
            {"@type": "PropertyValue", "propertyID": "ORCID", "value": member.orcid} if member.orcid else None
        ),
        "image": absolute(member.photo.url) if member.photo else None,
        "email": f"mailto:{member.email}" if member.email and member.email_visibility == Visibility.PUBLIC else None,
        "telephone": member.phone if member.phone and member.phone_visibility == Visibility.PUBLIC else None,
    }
    return _compact(data)


def organization(institution: Institution, absolute: Absolute) -> dict:
    """An institution as its schema.org type, with its units and the facilities it runs (when prefetched)."""
    data = {
        "@context": SCHEMA,
        **organization_reference(institution, absolute),
        "alternateName": institution.short_name,
        "sameAs": [institution.website] if institution.website else [],
        "description": institution.description,
        "address": _compact({"@type": "PostalAddress", "addressLocality": institution.city, "addressCountry": "GB"}),
        "geo": (
            {
                "@type": "GeoCoordinates",
                "latitude": float(Decimal(institution.latitude)),
                "longitude": float(Decimal(institution.longitude)),
            }
            if institution.latitude is not None and institution.longitude is not None
            else None
        ),
        "memberOf": {"@type": "Organization", "name": NETWORK_NAME},
        "subOrganization": [
            _compact({"@type": "Organization", "name": unit.name, "url": unit.website})
            for unit in getattr(institution, "unit_list", [])
        ],
        "owns": [
            {"@type": "Product", "@id": _facility_id(facility, absolute), "name": facility.name}
            for facility in getattr(institution, "facility_list", [])
        ],
    }
    return _compact(data)


def _facility_id(facility: Facility, absolute: Absolute) -> str:
    return f"{absolute(facility.get_absolute_url())}#facility"


def facility(item: Facility, absolute: Absolute) -> dict:
    """A facility as a Product (the instrument) owned by its institution, in one @graph."""
    properties = [
        ("Field strength", float(item.field_strength_tesla) if item.field_strength_tesla else None, "D33"),
        ("MEG sensor type", item.get_sensor_type_display() if item.sensor_type else None, None),
        ("Channels", item.channel_count, None),
        ("Subjects", item.get_subject_display(), None),
        ("Access model", item.get_access_model_display(), None),
    ]
    product = {
        "@type": "Product",
        "@id": _facility_id(item, absolute),
        "name": item.name,
        "url": absolute(item.get_absolute_url()),
        "description": item.description,
        "category": item.modality.name,
        "manufacturer": {"@type": "Organization", "name": item.manufacturer} if item.manufacturer else None,
        "model": item.model,
        "additionalProperty": [
            _compact({"@type": "PropertyValue", "name": name, "value": value, "unitCode": unit})
            for name, value, unit in properties
            if value not in (None, "")
        ],
    }
    owner = {**organization_reference(item.institution, absolute), "owns": {"@id": product["@id"]}}
    return {"@context": SCHEMA, "@graph": [_compact(product), owner]}
