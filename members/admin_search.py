"""What search and discovery computed, for curators to read (imported by members.admin).

The searches that found nobody (the network's expertise gaps), and each profile's stored similar members.
"""

from django.contrib import admin

from members.models import SearchGap, SimilarMember


@admin.register(SearchGap)
class SearchGapAdmin(admin.ModelAdmin):
    """Read-only: rows are written by the search page alone, and hold the normalised text and counts only."""

    list_display = ["query", "count", "first_seen", "last_seen"]
    ordering = ["-count", "query"]
    search_fields = ["query"]
    readonly_fields = ["query", "count", "first_seen", "last_seen"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(SimilarMember)
class SimilarMemberAdmin(admin.ModelAdmin):
    """Read-only: members.similar writes the lines (nightly, and when a member's expertise changes)."""

    list_display = ["member", "audience", "rank", "similar", "score"]
    list_filter = ["audience"]
    search_fields = ["member__full_name"]
    list_select_related = ["member", "similar"]
    fields = readonly_fields = ["member", "audience", "rank", "similar", "score", "shared_area_ids"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
