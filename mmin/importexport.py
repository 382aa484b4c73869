"""What the directory's CSV resources and their admin pages share (django-import-export).

Every resource matches rows on a natural key (a slug, or an institution and a name), so a
re-import updates instead of duplicating. A bad value becomes an error on its row and column,
never a 500, and an import with any bad row saves nothing: the admin shows every row's
changes and every error in a dry run first, and the confirmed import rolls back as a whole
if a row has become invalid since.
"""

import json
from decimal import InvalidOperation

from django.contrib import messages
from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist
from django.db.models import QuerySet
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from import_export import resources, widgets
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV

LIST_SEPARATOR = ";"


class SlugWidget(widgets.ForeignKeyWidget):
    """A related row named by its slug (or another unique field); an unknown one is a clear error."""

    def __init__(self, model, field: str = "slug", *, hint: str = ""):
        super().__init__(model, field)
        self.hint = hint

    def clean(self, value, row=None, **kwargs):
        value = (value or "").strip() if isinstance(value, str) else value
        if value in (None, ""):
            return None
        try:
            return self.get_queryset(value, row, **kwargs).get(**{self.field: value})
        except self.model.DoesNotExist:
            message = _("No %(model)s has the %(field)s “%(value)s”.") % {
                "model": self.model._meta.verbose_name,
                "field": self.field,
                "value": value,
            }
            raise ValueError(f"{message} {self.hint}".strip()) from None


class ListWidget(widgets.Widget):
    """A list written as `a; b; c` (blanks dropped); empty cells give an empty list."""

    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return []
        return [item.strip() for item in str(value).split(LIST_SEPARATOR) if item.strip()]

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(str(item) for item in value or [])


class KeyValueWidget(widgets.Widget):
    """A small dictionary written as `BIDS=dwi; MeSH=D015225`."""

    def clean(self, value, row=None, **kwargs):
        result = {}
        for item in ListWidget().clean(value):
            key, separator, text = item.partition("=")
            if not separator or not key.strip() or not text.strip():
                raise ValueError(
                    _("Write identifiers as NAME=VALUE pairs separated by semicolons, e.g. BIDS=dwi; MeSH=D015225.")
                )
            result[key.strip()] = text.strip()
        return result

    def render(self, value, obj=None, **kwargs):
        return f"{LIST_SEPARATOR} ".join(f"{key}={text}" for key, text in sorted((value or {}).items()))


class CuratorResource(resources.ModelResource):
    """A model resource whose cells fail with a message for their column, and whose blank slugs come from names."""

    # The column a blank slug is derived from (None: the slug is not derived).
    slug_source: str | None = None
    # What an export reads besides the row itself, loaded up front (a fixed number of queries, whatever the rows).
    export_select: tuple[str, ...] = ()
    export_prefetch: tuple[str, ...] = ()

    def filter_export(self, queryset, **kwargs):
        queryset = super().filter_export(queryset, **kwargs)
        if isinstance(queryset, QuerySet):
            if self.export_select:
                queryset = queryset.select_related(*self.export_select)
            if self.export_prefetch:
                queryset = queryset.prefetch_related(*self.export_prefetch)
        return queryset

    def before_import_row(self, row, **kwargs):
        if self.slug_source and "slug" in row and not (row.get("slug") or "").strip():
            row["slug"] = slugify(row.get(self.slug_source) or "")

    def get_instance(self, instance_loader, row):
        """The existing row this one updates; a key that names nothing (an unknown institution) makes a new row,
        whose own validation then reports the bad cell."""
        try:
            return super().get_instance(instance_loader, row)
        except (ValueError, ObjectDoesNotExist, MultipleObjectsReturned):
            return None

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """Turn a widget's own exception into a ValueError, which import_instance files under the field's column."""
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except ValueError:
            raise
        except (InvalidOperation, ArithmeticError):
            raise ValueError(_("Enter a number.")) from None
        except (ObjectDoesNotExist, MultipleObjectsReturned, TypeError, json.JSONDecodeError) as error:
            raise ValueError(str(error)) from None

    @classmethod
    def columns(cls) -> list[str]:
        """The CSV header, in order: what the README and the sample files document."""
        return [field.column_name for field in cls().get_export_fields()]


class CuratorImportExportMixin(ImportExportMixin):
    """CSV only; the confirmed import rolls back whole on any invalid row, and says so instead of "imported"."""

    import_formats = [CSV]
    export_formats = [CSV]

    def get_import_data_kwargs(self, **kwargs):
        kwargs = super().get_import_data_kwargs(**kwargs)
        kwargs["rollback_on_validation_errors"] = True
        return kwargs

    def process_result(self, result, request):
        if result.has_errors() or result.has_validation_errors():
            bad_rows = len(result.invalid_rows) + len(result.row_errors())
            self.message_user(
                request,
                _(
                    "Nothing was imported: %(count)d rows are no longer valid (the data changed since the preview). "
                    "Please upload the file again to see the errors."
                )
                % {"count": bad_rows or 1},
                messages.ERROR,
            )
            info = self.model._meta.app_label, self.model._meta.model_name
            return HttpResponseRedirect(reverse("admin:{}_{}_import".format(*info)))
        return super().process_result(result, request)
