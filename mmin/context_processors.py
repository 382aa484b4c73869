from django.conf import settings


def site(request):
    """Expose the CSP nonce (for htmx and inline scripts) and the demo notice flag."""
    return {
        "csp_nonce": getattr(request, "csp_nonce", ""),
        "demo_notice": settings.DEMO_NOTICE,
    }
