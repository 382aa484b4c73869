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
