from django import forms
from django.utils.translation import gettext_lazy as _

from expertise.tree import build_forest
from institutions.models import Institution

# Leading no-break spaces survive in <option> text, so narrower modalities read as indented.
INDENT = "\u00a0" * 4


class InstitutionFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All kinds")), *Institution.Kind.choices])


class FacilityFilterForm(forms.Form):
    """Filter facilities by modality; the choices are the modalities that have facilities, as a tree."""

    modality = forms.ChoiceField(label=_("Modality"), required=False)

    def __init__(self, *args, modalities, **kwargs):
        """`modalities`: the modality areas annotated with `facility_count` (one query, made by the view)."""
        super().__init__(*args, **kwargs)
        choices = [("", _("All modalities"))]
        for root in build_forest(modalities):
            choices += self._choices(root, depth=0)
        self.fields["modality"].choices = choices

    def _choices(self, area, depth: int) -> list[tuple[str, str]]:
        nested = [choice for child in area.tree_children for choice in self._choices(child, depth + 1)]
        total = area.facility_count + sum(child.facility_total for child in area.tree_children)
        area.facility_total = total
        if not total:
            return []
        return [(area.slug, f"{INDENT * depth}{area.name} ({total})"), *nested]
