"""Collaboration requests in the admin: every request with filters, the reported-request queue, and actions.

The actions call members.collaboration, like the site: an admin cannot answer for a member, but can
expire a pending request (the system's transition, recorded as theirs) and resolve reports.
The request figures are on their own page (/admin/requests-dashboard/), linked from the list.
"""

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from institutions.models import Institution
from members import collaboration
from members.models import CollaborationRequest, RequestEvent, RequestMessage, RequestReport
from mmin.admin import CuratorAdmin


class InstitutionFilter(admin.SimpleListFilter):
    """Requests sent from or to members of one institution."""

    title = _("institution")
    parameter_name = "institution"

    def lookups(self, request, model_admin):
        return list(Institution.objects.order_by("name").values_list("pk", "name"))

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            pk = int(self.value())
            return queryset.filter(Q(sender__institution_id=pk) | Q(recipient__institution_id=pk))
        return queryset


class CrossInstitutionFilter(admin.SimpleListFilter):
    title = _("between institutions")
    parameter_name = "cross"

    def lookups(self, request, model_admin):
        return [("yes", _("Across two institutions")), ("no", _("Within one institution"))]

    def queryset(self, request, queryset):
        from django.db.models import F

        if self.value() == "yes":
            return queryset.exclude(sender__institution_id=F("recipient__institution_id"))
        if self.value() == "no":
            return queryset.filter(sender__institution_id=F("recipient__institution_id"))
        return queryset


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    fields = ["created_at", "action", "actor", "by_admin", "from_state", "to_state", "reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class RequestMessageInline(admin.TabularInline):
    model = RequestMessage
    fields = ["created_at", "author", "body"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.action(description=_("Expire selected pending requests now (both members are told)"), permissions=["change"])
def expire_requests(modeladmin, request, queryset):
    expired = sum(collaboration.expire_request(found, by=request.user) for found in queryset)
    skipped = queryset.count() - expired
    if expired:
        modeladmin.message_user(
            request,
            ngettext("%(n)d request expired.", "%(n)d requests expired.", expired) % {"n": expired},
            messages.SUCCESS,
        )
    if skipped:
        modeladmin.message_user(
            request,
            ngettext(
                "%(n)d request was not pending, so it was left as it was.",
                "%(n)d requests were not pending, so they were left as they were.",
                skipped,
            )
            % {"n": skipped},
            messages.WARNING,
        )


@admin.register(CollaborationRequest)
class CollaborationRequestAdmin(CuratorAdmin):
    """Every request; read-only apart from the actions, which go through the same services as the site."""

    change_list_template = "admin/members/collaborationrequest/change_list.html"
    actions = [expire_requests]
    list_display = ["subject", "sender", "recipient", "kind", "state", "created_at", "answered_at", "report_count"]
    list_filter = ["state", "kind", InstitutionFilter, CrossInstitutionFilter, "created_at", "answered_at"]
    search_fields = ["subject", "sender__full_name", "recipient__full_name"]
    list_select_related = ["sender", "recipient"]
    date_hierarchy = "created_at"
    inlines = [RequestEventInline, RequestMessageInline]
    fields = [
        "sender",
        "recipient",
        "kind",
        "subject",
        "message",
        "expertise",
        "state",
        "decline_reason",
        "suggested_member",
        "response_note",
        "created_at",
        "answered_at",
        "closed_at",
        "reminded_at",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(reports_count=Count("reports"))

    @admin.display(description=_("reports"), ordering="reports_count")
    def report_count(self, obj):
        return obj.reports_count

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.action(description=_("Mark selected reports as resolved"), permissions=["change"])
def resolve_reports(modeladmin, request, queryset):
    resolved = sum(collaboration.resolve_report(report, by=request.user) for report in queryset)
    modeladmin.message_user(
        request,
        ngettext("%(n)d report resolved.", "%(n)d reports resolved.", resolved) % {"n": resolved},
        messages.SUCCESS,
    )


@admin.action(
    description=_("Expire the reported requests that are still pending, and resolve the reports"),
    permissions=["change"],
)
def expire_reported(modeladmin, request, queryset):
    expired = 0
    for report in queryset.select_related("request"):
        expired += collaboration.expire_request(report.request, by=request.user)
        collaboration.resolve_report(report, by=request.user)
    modeladmin.message_user(
        request,
        ngettext("%(n)d request expired.", "%(n)d requests expired.", expired) % {"n": expired},
        messages.SUCCESS,
    )


class OpenReportFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "open"

    def lookups(self, request, model_admin):
        return [("yes", _("Waiting for an admin")), ("no", _("Resolved"))]

    def queryset(self, request, queryset):
        if self.value() in ("yes", "no"):
            return queryset.filter(resolved_at__isnull=self.value() == "yes")
        return queryset


@admin.register(RequestReport)
class RequestReportAdmin(CuratorAdmin):
    """The moderation queue: requests their recipients reported as unwanted, open ones first."""

    actions = [resolve_reports, expire_reported]
    list_display = ["request_subject", "sender", "reporter", "reason", "created_at", "resolved_at"]
    list_filter = [OpenReportFilter, "created_at"]
    search_fields = ["request__subject", "request__sender__full_name", "reporter__full_name", "reason"]
    list_select_related = ["request__sender", "reporter"]
    fields = ["request", "reporter", "reason", "created_at", "resolved_at", "resolved_by"]
    readonly_fields = fields

    @admin.display(description=_("request"), ordering="request__subject")
    def request_subject(self, obj):
        return obj.request.subject

    @admin.display(description=_("sent by"), ordering="request__sender__full_name")
    def sender(self, obj):
        return obj.request.sender

    def has_add_permission(self, request):
        return False


class ReadOnlyAdmin(CuratorAdmin):
    """Rows written only by members.collaboration: admins read them, nobody edits them here."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(RequestEvent)
class RequestEventAdmin(ReadOnlyAdmin):
    """Every transition, reminder and report of every request: the audit trail."""

    list_display = ["created_at", "action", "request", "actor", "by_admin", "from_state", "to_state", "reason"]
    list_filter = ["action", "created_at"]
    search_fields = ["request__subject", "actor__full_name"]
    list_select_related = ["request__sender", "request__recipient", "actor", "by_admin"]
    date_hierarchy = "created_at"


@admin.register(RequestMessage)
class RequestMessageAdmin(ReadOnlyAdmin):
    """Messages in accepted requests' threads (for moderation)."""

    list_display = ["created_at", "request", "author"]
    list_filter = ["created_at"]
    search_fields = ["request__subject", "author__full_name", "body"]
    list_select_related = ["request__sender", "request__recipient", "author"]
    date_hierarchy = "created_at"
