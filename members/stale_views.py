"""The page a "please confirm your profile" email links to: the profile at a glance and the "still accurate" button.

Opening the link changes nothing (mail scanners open links too); the buttons POST. "Still accurate"
confirms the profile and, when it belongs to an ordinary account, signs its owner in.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from members import stale

SIGN_IN_BACKEND = "django.contrib.auth.backends.ModelBackend"


@never_cache
@require_http_methods(["GET", "POST"])
def profile_check(request: HttpRequest, token: str) -> HttpResponse:
    try:
        member = stale.member_for_token(token)
    except stale.ConfirmLinkError as error:
        return render(request, "members/profile_check.html", {"error": str(error)}, status=400)
    signs_in = stale.may_sign_in(member)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "confirm":
            try:
                member = stale.confirm_by_link(token)
            except stale.ConfirmLinkError as error:
                return render(request, "members/profile_check.html", {"error": str(error)}, status=400)
            if signs_in:
                login(request, member.user, backend=SIGN_IN_BACKEND)
                messages.success(request, _("Thank you: your profile is marked as still accurate today."))
                return redirect("accounts:home")
            return render(request, "members/profile_check.html", {"member": member, "confirmed": True})
        if action == "edit" and signs_in:
            login(request, member.user, backend=SIGN_IN_BACKEND)
            return redirect("accounts:profile")
    return render(request, "members/profile_check.html", {"member": member, "signs_in": signs_in})
