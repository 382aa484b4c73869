from django.conf import settings

# Where people write to join or correct a profile until accounts arrive.
CONTACT_EMAIL = "directory@mmin.example"


def site(request):
    """Expose the CSP nonce (for htmx and inline scripts), the demo notice flag and the current section.

    Never touches the database: the error pages rely on that.
    """
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "demo_notice": settings.DEMO_NOTICE,
        "contact_email": CONTACT_EMAIL,
        "nav_section": nav_section(request),
        # aria-current: "page" on a section's index, "true" on the pages inside it.
        "nav_current": "page" if _url_name(request) in {"list", "facility-list", "find"} else "true",
    }


def _url_name(request) -> str:
    match = getattr(request, "resolver_match", None)
    return match.url_name if match else ""


def nav_section(request) -> str:
    """The main-navigation section a page belongs to: find, members, institutions, facilities, expertise or ""."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        return ""
    if match.namespace == "institutions" and match.url_name.startswith("facility"):
        return "facilities"
    if match.namespace == "members" and match.url_name == "find":
        return "find"
    return match.namespace if match.namespace in {"members", "institutions", "expertise"} else ""
