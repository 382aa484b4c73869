"""Curation tools on the member admin: CSV import/export, merging duplicates, stale profiles.

members.admin imports this module and calls install().

The merge page lives at /admin/members/member/merge/ (mmin.urls); the others are actions and
filters on the member list.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from members import merge, stale
from members.models import CollaborationRequest, Member
from members.resources import MemberResource


class FreshnessFilter(admin.SimpleListFilter):
    """Stale profiles: neither confirmed nor edited for STALE_PROFILE_DAYS (a year by default)."""

    title = gettext_lazy("profile freshness")
    parameter_name = "freshness"

    def lookups(self, request, model_admin):
        return [
            ("stale", gettext_lazy("Stale (not confirmed or edited in a year)")),
            ("fresh", gettext_lazy("Confirmed or edited in the last year")),
        ]

    def queryset(self, request, queryset):
        if self.value() == "stale":
            return queryset.filter(stale.stale_condition())
        if self.value() == "fresh":
            return queryset.exclude(stale.stale_condition())
        return queryset


@admin.action(description=gettext_lazy("Ask selected members to confirm their profile (email)"), permissions=["change"])
def ask_to_confirm(modeladmin, request, queryset):
    result = stale.ask_to_confirm(queryset, by=request.user)
    if result.sent:
        modeladmin.message_user(
            request,
            ngettext(
                "Asked %(n)d member to confirm their profile.",
                "Asked %(n)d members to confirm their profiles.",
                result.sent,
            )
            % {"n": result.sent},
            messages.SUCCESS,
        )
    skipped = [
        (result.asked_recently, _("already asked in the last %(days)d days")),
        (result.no_address, _("no email address")),
        (result.not_listed, _("suspended or left")),
    ]
    for count, reason in skipped:
        if count:
            modeladmin.message_user(
                request,
                _("Not asked: %(n)d (%(reason)s).")
                % {"n": count, "reason": reason % {"days": settings.PROFILE_CONFIRM_RESEND_DAYS}},
                messages.WARNING,
            )


@admin.action(description=gettext_lazy("Merge the two selected members"), permissions=["change", "delete"])
def merge_selected(modeladmin, request, queryset):
    ids = sorted(queryset.values_list("pk", flat=True)[:3])
    if len(ids) != 2:
        modeladmin.message_user(request, _("Select exactly two members to merge."), messages.WARNING)
        return None
    return redirect(f"{reverse('admin-member-merge')}?ids={ids[0]},{ids[1]}")


# ---------------------------------------------------------------- the merge page


class MergeForm(forms.Form):
    """Which profile to keep and, when both have accounts, which account survives."""

    keep = forms.TypedChoiceField(
        label=gettext_lazy("Keep this profile"), coerce=int, widget=forms.RadioSelect, required=True
    )
    surviving_account = forms.TypedChoiceField(
        label=gettext_lazy("Keep this user account"),
        coerce=int,
        widget=forms.RadioSelect,
        required=False,
        help_text=gettext_lazy("Both profiles belong to user accounts. The other account will be deactivated."),
    )
    confirm = forms.BooleanField(
        label=gettext_lazy("I have checked these are the same person. The other profile will be deleted."),
        required=True,
    )

    def __init__(self, *args, members: list[Member], **kwargs):
        super().__init__(*args, **kwargs)
        self.members = members
        self.fields["keep"].choices = [(m.pk, f"{m.full_name} (#{m.pk}, {m.slug})") for m in members]
        accounts = [m.user for m in members if m.user_id]
        if len(accounts) == 2:
            self.fields["surviving_account"].required = True
            self.fields["surviving_account"].choices = [
                (user.pk, f"{user.get_username()} <{user.email}> (#{user.pk})") for user in accounts
            ]
        else:
            del self.fields["surviving_account"]


def _pair(request: HttpRequest) -> list[Member] | None:
    raw = request.GET.get("ids", "")
    parts = raw.split(",")
    if len(parts) != 2 or not all(part.isdigit() and len(part) < 19 for part in parts) or parts[0] == parts[1]:
        return None
    members = list(
        Member.objects.filter(pk__in=[int(part) for part in parts])
        .select_related("user", "institution", "unit")
        .annotate(
            expertise_count=Count("memberexpertise", distinct=True),
            publication_count=Count("publications", distinct=True),
            facility_count=Count("facilities", distinct=True),
        )
        .order_by("pk")
    )
    return members if len(members) == 2 else None


def _request_counts(members: list[Member]) -> dict[int, int]:
    ids = [member.pk for member in members]
    rows = CollaborationRequest.objects.filter(Q(sender_id__in=ids) | Q(recipient_id__in=ids)).values_list(
        "sender_id", "recipient_id"
    )
    counts = dict.fromkeys(ids, 0)
    for sender_id, recipient_id in rows:
        for pk in {sender_id, recipient_id} & set(ids):
            counts[pk] += 1
    return counts


def merge_view(request: HttpRequest) -> HttpResponse:
    """Compare two profiles side by side, choose the one to keep (and the account), and merge."""
    if not (request.user.has_perm("members.change_member") and request.user.has_perm("members.delete_member")):
        raise PermissionDenied
    changelist = reverse("admin:members_member_changelist")
    members = _pair(request)
    if members is None:
        messages.warning(request, _("Choose two existing members to merge: tick them and pick “Merge”."))
        return redirect(changelist)
    form = MergeForm(request.POST or None, members=members)
    if request.method == "POST" and form.is_valid():
        keep = next(m for m in members if m.pk == form.cleaned_data["keep"])
        duplicate = next(m for m in members if m.pk != keep.pk)
        account_id = form.cleaned_data.get("surviving_account")
        account = next((m.user for m in members if m.user_id and m.user_id == account_id), None)
        try:
            report = merge.merge_members(keep, duplicate=duplicate, by=request.user, surviving_account=account)
        except merge.MergeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, report.summary())
            return redirect(reverse("admin:members_member_change", args=[keep.pk]))
    requests = _request_counts(members)
    history = dict(
        Member.history.filter(id__in=[m.pk for m in members])
        .values("id")
        .annotate(n=Count("pk"))
        .values_list("id", "n")
    )
    rows = [
        (_("Name"), [m.display_name for m in members]),
        (_("Slug"), [m.slug for m in members]),
        (_("Status"), [m.get_status_display() for m in members]),
        (_("Institution"), [m.institution.name for m in members]),
        (_("Unit"), [m.unit.name if m.unit else "—" for m in members]),
        (_("Job title"), [m.job_title or "—" for m in members]),
        (_("Email"), [m.email or "—" for m in members]),
        (_("ORCID iD"), [m.orcid or "—" for m in members]),
        (_("User account"), [m.user.get_username() if m.user else "—" for m in members]),
        (_("Expertise areas"), [m.expertise_count for m in members]),
        (_("Publications"), [m.publication_count for m in members]),
        (_("Facilities"), [m.facility_count for m in members]),
        (_("Collaboration requests"), [requests[m.pk] for m in members]),
        (_("History records"), [history.get(m.pk, 0) for m in members]),
        (_("Created"), [m.created_at for m in members]),
    ]
    context = {
        **admin.site.each_context(request),
        "title": _("Merge two members"),
        "opts": Member._meta,
        "members": members,
        "rows": rows,
        "form": form,
        "both_have_accounts": all(m.user_id for m in members),
        "changelist_url": changelist,
    }
    return TemplateResponse(request, "admin/members/member/merge.html", context)


def install(member_admin: type[admin.ModelAdmin]) -> None:
    """Add the CSV resource, the curation actions and the freshness filter to the member admin."""
    member_admin.resource_classes = [MemberResource]
    member_admin.actions = [*member_admin.actions, merge_selected, ask_to_confirm]
    member_admin.list_filter = [member_admin.list_filter[0], FreshnessFilter, *member_admin.list_filter[1:]]
