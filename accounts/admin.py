from django.contrib import admin

from accounts.models import AccountEvent


@admin.register(AccountEvent)
class AccountEventAdmin(admin.ModelAdmin):
    """Read-only: the audit lines are written by members.profiles, never by hand."""

    list_display = ["created_at", "kind", "user_id", "member_id"]
    list_filter = ["kind"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
