"""What every admin page of the directory shares. The apps' admin modules import it, which also titles the site."""

from django.contrib import admin
from django.contrib.admin import widgets
from django.db import models
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("MMIN Directory administration")
admin.site.site_title = _("MMIN Directory administration")
admin.site.index_title = _("Curation")


class CuratorAdmin(admin.ModelAdmin):
    # A link typed without a scheme is taken as https:// (Django 6's default; 5.2 warns and assumes http://).
    formfield_overrides = {models.URLField: {"widget": widgets.AdminURLFieldWidget, "assume_scheme": "https"}}


class CuratorTabularInline(admin.TabularInline):
    formfield_overrides = CuratorAdmin.formfield_overrides


class RefreshesSearchAdmin:
    """For admins whose changes alter the text members are found by: rewrite the affected search documents.

    The admin is one of the services that edit that text, so it refreshes like the others do
    (members.search.refresh_search_vectors). `searched_members(obj)` names the member ids a change touches.
    """

    def searched_members(self, obj):
        raise NotImplementedError

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        self._refresh(self.searched_members(form.instance))

    def delete_model(self, request, obj):
        touched = list(self.searched_members(obj))
        super().delete_model(request, obj)
        self._refresh(touched)

    def delete_queryset(self, request, queryset):
        touched = [pk for obj in queryset for pk in self.searched_members(obj)]
        super().delete_queryset(request, queryset)
        self._refresh(touched)

    @staticmethod
    def _refresh(member_ids):
        from members.search import forget_browse_facets, forget_vocabulary, refresh_search_vectors

        refresh_search_vectors(member_ids)
        forget_vocabulary()
        forget_browse_facets()
