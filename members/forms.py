from django import forms
from django.utils.translation import gettext_lazy as _


class MemberSearchForm(forms.Form):
    """The members list's query string. A form, so bad input (too long, NUL bytes) gets a message, not a 500."""

    q = forms.CharField(label=_("Search members"), required=False, max_length=200)
