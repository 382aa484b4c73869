from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from expertise.models import ExpertiseArea
from expertise.resources import ExpertiseAreaResource
from mmin.admin import CuratorAdmin, RefreshesSearchAdmin
from mmin.importexport import CuratorImportExportMixin


@admin.register(ExpertiseArea)
class ExpertiseAreaAdmin(RefreshesSearchAdmin, CuratorImportExportMixin, CuratorAdmin):
    def searched_members(self, obj):
        """Everyone who lists this area or a narrower one: its name, aliases and place in the tree are searched."""
        from members.models import Member

        return list(Member.objects.filter(expertise_tree_ids__contains=[obj.pk]).values_list("pk", flat=True))

    resource_classes = [ExpertiseAreaResource]
    list_display = ["name", "facet", "parent", "alias_list", "member_count"]
    list_filter = ["facet", ("parent", admin.RelatedOnlyFieldListFilter)]
    # "aliases" is an array: the admin searches its text form, so "MEG" finds Magnetoencephalography.
    search_fields = ["name", "slug", "aliases", "description"]
    list_select_related = ["parent"]
    # Stated here because Django drops Meta.ordering once member_count groups the rows.
    ordering = ["facet", "name"]
    autocomplete_fields = ["parent"]
    prepopulated_fields = {"slug": ["name"]}
    fieldsets = [
        (None, {"fields": ["name", "slug", "facet", "parent", "description"]}),
        (
            _("Search and vocabularies"),
            {
                "fields": ["aliases", "identifiers"],
                "description": _("Aliases are separated by commas; search treats each as another name for this area."),
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(member_count=Count("members"))

    @admin.display(description=_("aliases"))
    def alias_list(self, area):
        return ", ".join(area.aliases)

    @admin.display(description=_("members"), ordering="member_count")
    def member_count(self, area):
        return area.member_count
