"""The signed-in member's own pages. Every view finds the profile through request.user, never through an id
in the URL, so another member's profile cannot be reached at all; the one id that does appear (a
publication's) is looked up inside the member's own publications, so anyone else gets a 404."""

import functools
import json
import logging

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.db.models import CharField, F, Func, Q, Value
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.forms import (
    DeleteAccountForm,
    ExpertiseQueryForm,
    PhotoForm,
    PrivacyForm,
    ProfileCreateForm,
    ProfileForm,
    PublicationForm,
)
from expertise.models import ExpertiseArea
from members import photos, profiles
from members.models import Member, MemberExpertise, Publication
from members.query import normalise

logger = logging.getLogger(__name__)

PICKER_LIMIT = 10
# An upload's whole request may be a little larger than the file (form fields, multipart boundaries).
MAX_PHOTO_REQUEST_BYTES = photos.MAX_BYTES + 64 * 1024


def member_required(view):
    """Sign-in required, and a profile: the view receives the signed-in person's own Member."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        member = Member.objects.filter(user=request.user).select_related("institution", "unit").first()
        if member is None:
            messages.info(request, _("Please create or claim your profile first."))
            return redirect("accounts:home")
        return view(request, member, *args, **kwargs)

    return wrapper


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    member = Member.objects.filter(user=request.user).select_related("institution", "unit").first()
    if member is None:
        return render(
            request,
            "accounts/start.html",
            {
                "claimable": profiles.claimable_profile(request.user),
                "verified": bool(profiles.verified_emails(request.user)),
                "form": ProfileCreateForm(),
            },
        )
    return render(request, "accounts/home.html", {"member": member, **_checklist(member)})


def _checklist(member: Member) -> dict:
    expertise_count = MemberExpertise.objects.filter(member=member).count()
    publication_count = Publication.objects.filter(member=member).count()
    stale = member.availability_confirmed_at is None or (timezone.now() - member.availability_confirmed_at).days > 365
    return {
        "expertise_count": expertise_count,
        "publication_count": publication_count,
        "availability_stale": stale,
        "checklist": [
            (_("Add a photo"), bool(member.photo), reverse("accounts:photo")),
            (_("Write a short biography"), bool(member.biography), reverse("accounts:profile") + "#about"),
            (_("Choose your areas of expertise"), expertise_count > 0, reverse("accounts:profile") + "#expertise"),
            (_("List a publication or output"), publication_count > 0, reverse("accounts:publications")),
            (_("Say what you are open to"), bool(member.open_to), reverse("accounts:profile") + "#availability"),
        ],
    }


@login_required
def profile_create(request: HttpRequest) -> HttpResponse:
    if request.method != "POST" or Member.objects.filter(user=request.user).exists():
        return redirect("accounts:home")
    form = ProfileCreateForm(request.POST)
    if form.is_valid():
        try:
            profiles.create_profile(request.user, **form.cleaned_data)
        except profiles.ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your profile has been created. A network admin will approve it soon; until then only you see it."),
            )
            return redirect("accounts:profile")
    context = {
        "claimable": profiles.claimable_profile(request.user),
        "verified": bool(profiles.verified_emails(request.user)),
        "form": form,
    }
    return render(request, "accounts/start.html", context)


@login_required
@require_POST
def profile_claim(request: HttpRequest) -> HttpResponse:
    member = profiles.claimable_profile(request.user)
    if member is None:
        messages.error(request, _("There is no profile with your verified email address to claim."))
        return redirect("accounts:home")
    try:
        profiles.claim_profile(request.user, member=member)
    except profiles.ProfileError as error:
        messages.error(request, str(error))
        return redirect("accounts:home")
    messages.success(
        request,
        _("The profile is now yours. Please check it is up to date; a network admin will approve it soon."),
    )
    return redirect("accounts:profile")


@member_required
def profile_edit(request: HttpRequest, member: Member) -> HttpResponse:
    editable = Member.objects.get(pk=member.pk)  # the form writes into its instance; keep `member` as saved
    form = ProfileForm(request.POST or None, instance=editable)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.update_profile(member, changes=form.profile_changes(), expertise=form.expertise())
        except profiles.ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Your profile has been saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile_edit.html", {"member": member, "form": form})


@member_required
@require_POST
def availability_confirm(request: HttpRequest, member: Member) -> HttpResponse:
    profiles.confirm_availability(member)
    messages.success(request, _("Thank you: your availability is marked as still accurate today."))
    return redirect("accounts:profile" if request.POST.get("return_to") == "profile" else "accounts:home")


@member_required
def publications(request: HttpRequest, member: Member) -> HttpResponse:
    form = PublicationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.add_publication(member, **form.values())
        except profiles.ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Publication added."))
            return redirect("accounts:publications")
    listed = Publication.objects.filter(member=member)
    return render(request, "accounts/publications.html", {"member": member, "form": form, "publications": listed})


@member_required
def publication_edit(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=pk, member=member)
    form = PublicationForm(request.POST or None, instance=Publication.objects.get(pk=publication.pk))
    if request.method == "POST" and form.is_valid():
        try:
            profiles.update_publication(publication, **form.values())
        except profiles.ProfileError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Publication saved."))
            return redirect("accounts:publications")
    return render(
        request, "accounts/publication_edit.html", {"member": member, "form": form, "publication": publication}
    )


@member_required
@require_POST
def publication_delete(request: HttpRequest, member: Member, pk: int) -> HttpResponse:
    publication = get_object_or_404(Publication, pk=pk, member=member)
    profiles.remove_publication(publication)
    messages.success(request, _("“%(title)s” was removed from your profile.") % {"title": publication.title})
    return redirect("accounts:publications")


@member_required
def photo(request: HttpRequest, member: Member) -> HttpResponse:
    form = PhotoForm()
    status = 200
    if request.method == "POST":
        # Refuse an oversized upload from its declared length, before Django reads the body.
        too_large = int(request.META.get("CONTENT_LENGTH") or 0) > MAX_PHOTO_REQUEST_BYTES
        if too_large:
            form = PhotoForm(data={}, files={}, too_large=True)
            form.is_valid()
            status = 413
        else:
            form = PhotoForm(request.POST, request.FILES)
            if form.is_valid():
                try:
                    profiles.set_photo(member, upload=form.cleaned_data["photo"])
                except profiles.ProfileError as error:
                    form.add_error("photo", str(error))
                else:
                    messages.success(request, _("Your new photo is saved."))
                    return redirect("accounts:photo")
            status = 400
    return render(request, "accounts/photo.html", {"member": member, "form": form}, status=status)


@member_required
@require_POST
def photo_remove(request: HttpRequest, member: Member) -> HttpResponse:
    if member.photo:
        profiles.remove_photo(member)
        messages.success(request, _("Your photo has been removed; your initials are shown instead."))
    return redirect("accounts:photo")


@member_required
def privacy(request: HttpRequest, member: Member) -> HttpResponse:
    form = PrivacyForm(request.POST or None, instance=Member.objects.get(pk=member.pk))
    if request.method == "POST" and form.is_valid():
        profiles.update_profile(member, changes=form.cleaned_data)
        messages.success(request, _("Your privacy settings have been saved."))
        return redirect("accounts:privacy")
    return render(request, "accounts/privacy.html", {"member": member, "form": form})


@member_required
@require_GET
def preview(request: HttpRequest, member: Member) -> HttpResponse:
    """The owner's view of their profile as members will see it, whatever its status or visibility."""
    member = Member.objects.for_profile().get(pk=member.pk)
    links = member.expertise_links
    context = {
        "member": member,
        "primary_expertise": [link for link in links if link.emphasis == MemberExpertise.Emphasis.PRIMARY],
        "secondary_expertise": [link for link in links if link.emphasis == MemberExpertise.Emphasis.SECONDARY],
        "show_email": bool(member.email),
        "show_phone": bool(member.phone),
        "breadcrumbs": [(_("My account"), reverse("accounts:home")), (_("Preview of my profile"), None)],
        "is_preview": True,
    }
    return render(request, "members/detail.html", context)


@login_required
def data_export(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/data.html", {"member": Member.objects.filter(user=request.user).first()})
    data = profiles.export_member_data(request.user)
    response = HttpResponse(
        json.dumps(data, indent=2, ensure_ascii=False), content_type="application/json; charset=utf-8"
    )
    filename = f"mmin-directory-my-data-{timezone.localdate().isoformat()}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def account_delete(request: HttpRequest) -> HttpResponse:
    form = DeleteAccountForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            profiles.delete_account(request.user, password=form.cleaned_data["password"])
        except profiles.ProfileError as error:
            form.add_error("password", str(error))
        else:
            logout(request)
            messages.success(request, _("Your account has been deleted and your personal data erased. Goodbye."))
            return redirect("home")
    member = Member.objects.filter(user=request.user).first()
    return render(request, "accounts/delete.html", {"form": form, "member": member})


@login_required
@require_GET
def expertise_search(request: HttpRequest) -> JsonResponse:
    """Areas whose name or an alias contains the query, best matches first: the picker's suggestions."""
    form = ExpertiseQueryForm(request.GET)
    query = form.cleaned_data["q"].strip() if form.is_valid() else ""
    if not query:
        return JsonResponse({"results": []})
    aliases = Func(F("aliases"), Value(" | "), function="array_to_string", output_field=CharField())
    areas = (
        ExpertiseArea.objects.annotate(alias_text=aliases)
        .filter(Q(name__unaccent__icontains=query) | Q(alias_text__unaccent__icontains=query))
        .order_by("name")[:50]
    )
    wanted = normalise(query)
    ranked = sorted((_suggestion(area, wanted) for area in areas), key=lambda item: (item.pop("rank"), item["name"]))
    return JsonResponse({"results": ranked[:PICKER_LIMIT]})


def locked_out(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """django-axes' lockout page (AXES_LOCKOUT_CALLABLE): a friendly explanation, with status 429."""
    from axes.helpers import get_client_username, get_cool_off, get_failure_limit

    cool_off = get_cool_off(request)
    context = {
        "username": get_client_username(request, credentials),
        "failure_limit": get_failure_limit(request, credentials),
        "minutes": max(1, round(cool_off.total_seconds() / 60)) if cool_off else 15,
    }
    return render(request, "accounts/locked_out.html", context, status=429)


def _suggestion(area: ExpertiseArea, wanted: str) -> dict:
    name = normalise(area.name)
    matched = next((alias for alias in area.aliases if wanted in normalise(alias)), None)
    terms = [name, *(normalise(alias) for alias in area.aliases)]
    if wanted in terms:
        rank = 0
    elif any(term.startswith(wanted) for term in terms):
        rank = 1
    else:
        rank = 2
    return {
        "id": area.pk,
        "name": area.name,
        "facet": area.get_facet_display(),
        "alias": matched if matched and wanted not in name else None,
        "rank": rank,
    }
