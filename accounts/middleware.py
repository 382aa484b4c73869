from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers, patch_cache_control


class NoStoreAccountPagesMiddleware:
    """Account pages (allauth's and ours) carry personal data and one-time links: never stored by any cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if is_account_page(request):
            add_never_cache_headers(response)
            patch_cache_control(response, no_store=True, private=True)
        return response


def is_account_page(request: HttpRequest) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None:
        return request.path_info.startswith("/accounts/")
    return match.namespace == "accounts" or (match.url_name or "").startswith("account_")
