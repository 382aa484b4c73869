import re
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from members.models import Member
from members.search import SORTS, Filters, taxonomy

MAX_PAGE = 10_000
MAX_CHOSEN = 30
ID = re.compile(r"^[0-9]{1,18}$")
# Query-string parameter -> Filters attribute.
FILTER_ATTRIBUTES = {
    "institution": "institutions",
    "area": "areas",
    "role": "roles",
    "career_stage": "career_stages",
    "open_to": "open_to",
}


class IdListField(forms.Field):
    """Repeated numeric ids from the query string (`?area=3&area=7`), each once, in ascending order."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {
        "invalid": _("That filter is not valid, so it was ignored."),
        "too_many": _("Too many filters of one kind (at most %(limit)d), so they were ignored."),
    }

    def to_python(self, value) -> list[int]:
        if not value:
            return []
        values = value if isinstance(value, list | tuple) else [value]
        if len(values) > MAX_CHOSEN:
            raise ValidationError(self.error_messages["too_many"], code="too_many", params={"limit": MAX_CHOSEN})
        ids = set()
        for item in values:
            text = str(item).strip()
            if not ID.match(text) or int(text) == 0:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            ids.add(int(text))
        return sorted(ids)


class ChoiceListField(forms.MultipleChoiceField):
    """Repeated choices (`?role=clinician&role=student`), each once, in the order of the choices."""

    widget = forms.MultipleHiddenInput

    def clean(self, value) -> list[str]:
        chosen = set(super().clean(value))
        return [choice for choice, _label in self.choices if choice in chosen]


@dataclass(frozen=True)
class SearchCriteria:
    """A search as the page understands it (valid parameters only); builds the links that keep it."""

    q: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: str = "relevance"
    page: int = 1

    def params(self) -> list[tuple[str, str]]:
        params = [("q", self.q)] if self.q else []
        params += [("institution", str(pk)) for pk in self.filters.institutions]
        params += [("area", str(pk)) for pk in self.filters.areas]
        params += [("role", value) for value in self.filters.roles]
        params += [("career_stage", value) for value in self.filters.career_stages]
        params += [("open_to", value) for value in self.filters.open_to]
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page > 1:
            params.append(("page", str(self.page)))
        return params

    @property
    def url(self) -> str:
        query = urlencode(self.params())
        path = reverse("members:list")
        return f"{path}?{query}" if query else path

    def page_url(self, number: int) -> str:
        return replace(self, page=number).url

    def without(self, field_name: str, value: str | int) -> "SearchCriteria":
        """The same search on its first page, minus one filter value."""
        attribute = FILTER_ATTRIBUTES[field_name]
        kept = tuple(v for v in getattr(self.filters, attribute) if str(v) != str(value))
        return replace(self, filters=replace(self.filters, **{attribute: kept}), page=1)

    @property
    def without_filters(self) -> "SearchCriteria":
        return replace(self, filters=Filters(), page=1)

    @property
    def is_search(self) -> bool:
        return bool(self.q or self.filters)


class MemberSearchForm(forms.Form):
    """Every parameter of the members search. A form, so bad input gets a message and is ignored, never a 500."""

    q = forms.CharField(
        label=_("Search members"),
        required=False,
        max_length=200,
        error_messages={
            "max_length": _("Search text can be at most %(limit_value)d characters (this had %(show_value)d)."),
            "null_characters_not_allowed": _("Search text cannot contain a null character."),
        },
    )
    institution = IdListField(label=_("Institution"), required=False)
    area = IdListField(label=_("Expertise area"), required=False)
    role = ChoiceListField(
        label=_("Role"),
        choices=Member.Role.choices,
        required=False,
        error_messages={"invalid_choice": _("That role is not one we know, so the filter was ignored.")},
    )
    career_stage = ChoiceListField(
        label=_("Career stage"),
        choices=Member.CareerStage.choices,
        required=False,
        error_messages={"invalid_choice": _("That career stage is not one we know, so the filter was ignored.")},
    )
    open_to = ChoiceListField(
        label=_("Open to"),
        choices=Member.OpenTo.choices,
        required=False,
        error_messages={
            "invalid_choice": _("That kind of collaboration is not one we know, so the filter was ignored.")
        },
    )
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("relevance", _("Relevance")), ("name", _("Name")), ("updated", _("Recently updated"))],
        required=False,
        error_messages={"invalid_choice": _("That sort order is not one we offer, so results are by relevance.")},
    )
    page = forms.IntegerField(
        required=False,
        min_value=1,
        max_value=MAX_PAGE,
        widget=forms.HiddenInput,
        error_messages={
            "invalid": _("That page number is not valid, so the first page is shown."),
            "min_value": _("That page number is not valid, so the first page is shown."),
            "max_value": _("That page number is not valid, so the first page is shown."),
        },
    )

    def clean_q(self) -> str:
        return " ".join(self.cleaned_data["q"].split())

    def clean_area(self) -> list[int]:
        chosen = self.cleaned_data["area"]
        known = taxonomy().areas
        if any(pk not in known for pk in chosen):
            raise ValidationError(_("That expertise area is not in the directory, so the filter was ignored."))
        return chosen

    @property
    def criteria(self) -> SearchCriteria:
        """The search from the parameters that are valid; an invalid one is dropped (its error says so)."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        data = self.cleaned_data
        sort = data.get("sort") or "relevance"
        return SearchCriteria(
            q=data.get("q", ""),
            filters=Filters(
                institutions=tuple(data.get("institution", ())),
                areas=tuple(data.get("area", ())),
                roles=tuple(data.get("role", ())),
                career_stages=tuple(data.get("career_stage", ())),
                open_to=tuple(data.get("open_to", ())),
            ),
            sort=sort if sort in SORTS else "relevance",
            page=data.get("page") or 1,
        )

    @property
    def messages(self) -> list[str]:
        """Every error but the search text's (shown at the search box), for the notice above the results."""
        return [str(error) for name, errors in self.errors.items() if name != "q" for error in errors]
