"""The searches that found nobody: the network's expertise gaps, for curators to read (imported by members.admin)."""

from django.contrib import admin

from members.models import SearchGap


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
