"""Collaboration request pages: the request form, "My requests", a request with its timeline and thread.

Every state change is a POST that fetches the request through _request_for (404 for anyone
but the two members and the network admins), calls members.collaboration and redirects with
a message; a refused change shows the service's message. Pages carry personal data, so no
cache may keep them.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from members import collaboration
from members.collaboration import RequestError
from members.collaboration_forms import (
    AcceptForm,
    DeclineForm,
    FindForm,
    MessageForm,
    ReportForm,
    RequestForm,
    RequestListForm,
)
from members.models import CollaborationRequest, Member, RequestEvent, RequestMessage

PAGE_SIZE = 20
# "My requests" belongs to the account links, not to the Members section of the main navigation.
NOT_A_SECTION = {"nav_section": ""}


def _my_member(request: HttpRequest) -> Member | None:
    try:
        return request.user.member
    except Member.DoesNotExist:
        return None


def _is_admin(user) -> bool:
    return user.is_active and user.is_staff and user.has_perm("members.view_collaborationrequest")


def _request_for(request: HttpRequest, pk: int) -> CollaborationRequest:
    """The request, if this user is one of its two members or a network admin; 404 for everyone else."""
    found = get_object_or_404(
        CollaborationRequest.objects.select_related(
            "sender__user", "sender__institution", "recipient__user", "recipient__institution", "suggested_member"
        ),
        pk=pk,
    )
    user = request.user
    if user.pk not in (found.sender.user_id, found.recipient.user_id) and not _is_admin(user):
        raise Http404
    return found


# ---------------------------------------------------------------- asking


@never_cache
@login_required
def request_new(request: HttpRequest, slug: str) -> HttpResponse:
    """The guided request form, or why this member cannot be asked."""
    recipient = get_object_or_404(
        Member.objects.visible_to(request.user).select_related("institution", "unit", "user"), slug=slug
    )
    sender = _my_member(request)
    state = collaboration.button_state(recipient, sender=sender)
    if not state.can_ask:
        if request.method == "POST" and (already := _already_sent(request, sender, recipient)):
            return already
        context = {"recipient": recipient, "state": state, "breadcrumbs": _breadcrumbs(recipient)}
        return render(request, "members/requests/unavailable.html", context, status=403)
    need = _initial_need(request)
    form = RequestForm(request.POST or None, recipient=recipient, initial=need)
    if request.method == "POST" and form.is_valid():
        try:
            sent = collaboration.send_request(
                sender,
                recipient=recipient,
                kind=form.cleaned_data["kind"],
                subject=form.cleaned_data["subject"],
                message=form.message(),
                expertise=form.cleaned_data["expertise"],
            )
        except RequestError as error:
            if already := _already_sent(request, sender, recipient):
                return already
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                _("Your request has been sent to %(name)s. You will get an email when they answer.")
                % {"name": recipient.full_name},
            )
            return redirect(sent)
    status = 400 if form.errors else 200
    context = {
        "recipient": recipient,
        "form": form,
        "breadcrumbs": _breadcrumbs(recipient),
        "expiry_days": settings.COLLABORATION_EXPIRY_DAYS,
        "reminder_days": settings.COLLABORATION_REMINDER_DAYS,
    }
    return render(request, "members/requests/new.html", context, status=status)


def _already_sent(request: HttpRequest, sender: Member | None, recipient: Member) -> HttpResponse | None:
    """The form sent twice (a double click): the first submission made the request, so show it, not an error.

    The browser shows the answer to the last submission only; an error there would tell the
    sender that a request which was sent was not.
    """
    if sender is None:
        return None
    pending = CollaborationRequest.objects.filter(
        sender=sender, recipient=recipient, state=CollaborationRequest.State.PENDING
    ).first()
    if pending is None:
        return None
    messages.info(request, _("You have already sent %(name)s a request; here it is.") % {"name": recipient.full_name})
    return redirect(pending)


def _initial_need(request: HttpRequest) -> dict:
    """A need carried over from /find/ (`?need=`) fills the question and makes it a clinical question."""
    form = FindForm(request.GET)
    need = form.cleaned_data.get("need", "").strip() if form.is_valid() else ""
    if not need:
        return {}
    subject = need if len(need) <= 80 else need[:77].rsplit(" ", 1)[0] + "…"
    return {"kind": CollaborationRequest.Kind.CLINICAL, "subject": subject[:1].upper() + subject[1:], "question": need}


def _breadcrumbs(recipient: Member) -> list:
    return [
        (_("Members"), reverse("members:list")),
        (recipient.display_name, recipient.get_absolute_url()),
        (_("Request collaboration"), None),
    ]


# ---------------------------------------------------------------- my requests


@never_cache
@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    """Received or sent requests, filtered by state, newest first."""
    member = _my_member(request)
    if member is None:
        return render(request, "members/requests/list.html", {"member": None, **NOT_A_SECTION})
    form = RequestListForm(request.GET)
    box = form.value("box", "received")
    state = form.value("state", "")
    mine = CollaborationRequest.objects.filter(**{"recipient" if box == "received" else "sender": member})
    counts = dict(mine.order_by().values_list("state").annotate(n=Count("pk")))
    box_counts = CollaborationRequest.objects.involving(member).aggregate(
        received=Count("pk", filter=Q(recipient=member)), sent=Count("pk", filter=Q(sender=member))
    )
    listed = mine.filter(state=state) if state else mine
    paginator = Paginator(listed.for_list().order_by("-created_at", "-pk"), PAGE_SIZE)
    page = paginator.get_page(form.value("page", 1))
    states = [("", _("All"), sum(counts.values()))] + [
        (value, label, counts.get(value, 0)) for value, label in CollaborationRequest.State.choices
    ]
    context = {
        "member": member,
        "box": box,
        "state": state,
        "states": states,
        "box_counts": box_counts,
        "page": page,
        "requests": page.object_list,
        "state_label": dict(CollaborationRequest.State.choices).get(state, ""),
        **NOT_A_SECTION,
    }
    return render(request, "members/requests/list.html", context)


# ---------------------------------------------------------------- one request


@never_cache
@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The request, its timeline, the answer buttons or the thread, and the contact details once accepted."""
    found = _request_for(request, pk)
    collaboration.mark_read(found, by=request.user)
    return _render_detail(request, found)


def _render_detail(request: HttpRequest, found: CollaborationRequest, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    is_recipient = user.pk == found.recipient.user_id
    is_sender = user.pk == found.sender.user_id
    me = found.recipient if is_recipient else found.sender if is_sender else None
    events = RequestEvent.objects.filter(request=found).select_related("actor", "by_admin")
    thread = RequestMessage.objects.filter(request=found).select_related("author") if found.is_accepted else []
    other = found.other_side(me) if me else None
    contact, contact_hidden = None, ""
    if other is not None and found.is_accepted:
        # Accepted: each side sees the other's details, whatever their visibility settings.
        contact = {"email": other.email or (other.user.email if other.user_id else ""), "phone": other.phone}
    elif other is not None:
        contact_hidden = _("Contact details are shared once the request is accepted.")
    context = {
        "req": found,
        "me": me,
        "other": other,
        "other_heading": _("Who asked you") if is_recipient else _("Who you asked"),
        "contact": contact,
        "contact_hidden": contact_hidden,
        "expiry_days": settings.COLLABORATION_EXPIRY_DAYS,
        "reminder_days": settings.COLLABORATION_REMINDER_DAYS,
        "is_recipient": is_recipient,
        "is_sender": is_sender,
        "is_admin_view": me is None,
        "events": events,
        "thread": thread,
        "expertise": found.expertise.order_by("name"),
        "accept_form": forms.get("accept_form") or AcceptForm(),
        "decline_form": forms.get("decline_form") or DeclineForm(),
        "message_form": forms.get("message_form") or MessageForm(),
        "report_form": forms.get("report_form") or ReportForm(),
        "reported": found.reports.filter(reporter_id=found.recipient_id).exists() if is_recipient else False,
        "breadcrumbs": [(_("My requests"), reverse("members:requests")), (found.subject, None)],
        **NOT_A_SECTION,
    }
    return render(request, "members/requests/detail.html", context, status=status)


def _refused(request: HttpRequest, found: CollaborationRequest, error: RequestError) -> HttpResponse:
    messages.error(request, str(error))
    return redirect(found)


@login_required
@require_POST
def request_accept(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request_for(request, pk)
    form = AcceptForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, found, status=400, accept_form=form)
    try:
        collaboration.accept_request(found, by=request.user, note=form.cleaned_data["note"])
    except RequestError as error:
        return _refused(request, found, error)
    messages.success(
        request,
        _("You accepted the request. %(name)s has been told, and you can now see each other’s contact details.")
        % {"name": found.sender.public_name},
    )
    return redirect(found)


@login_required
@require_POST
def request_decline(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request_for(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, found, status=400, decline_form=form)
    try:
        collaboration.decline_request(
            found,
            by=request.user,
            reason=form.cleaned_data["reason"],
            suggested_member=form.cleaned_data["suggested_member"],
            note=form.cleaned_data["note"],
        )
    except RequestError as error:
        return _refused(request, found, error)
    messages.success(
        request, _("You declined the request. %(name)s has been told.") % {"name": found.sender.public_name}
    )
    return redirect(found)


@login_required
@require_POST
def request_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request_for(request, pk)
    try:
        collaboration.withdraw_request(found, by=request.user)
    except RequestError as error:
        return _refused(request, found, error)
    messages.success(request, _("You withdrew the request."))
    return redirect(found)


@login_required
@require_POST
def request_message(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request_for(request, pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, found, status=400, message_form=form)
    try:
        collaboration.post_message(found, by=request.user, body=form.cleaned_data["body"])
    except RequestError as error:
        return _refused(request, found, error)
    other = found.recipient if request.user.pk == found.sender.user_id else found.sender
    messages.success(request, _("Message sent. %(name)s will get it by email too.") % {"name": other.public_name})
    return redirect(reverse("members:request-detail", args=[found.pk]) + "#thread")


@login_required
@require_POST
def request_report(request: HttpRequest, pk: int) -> HttpResponse:
    found = _request_for(request, pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _render_detail(request, found, status=400, report_form=form)
    try:
        collaboration.report_request(found, by=request.user, reason=form.cleaned_data["reason"])
    except RequestError as error:
        return _refused(request, found, error)
    messages.success(request, _("Thank you. The network admins will look at this request."))
    return redirect(found)


# ---------------------------------------------------------------- figures


@staff_member_required
@require_GET
def requests_dashboard(request: HttpRequest) -> HttpResponse:
    """The network's request figures, for admins, in the admin's look."""
    from django.contrib import admin

    context = {
        **admin.site.each_context(request),
        "title": _("Collaboration request figures"),
        "figures": collaboration.request_figures(),
    }
    return render(request, "admin/members/requests_dashboard.html", context)
