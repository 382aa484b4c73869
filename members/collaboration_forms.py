"""Forms for collaboration requests and /find/: they validate input; members.collaboration makes the changes."""

import re
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from institutions.models import Institution
from members.collaboration import MAX_MESSAGE_LENGTH
from members.models import CollaborationRequest, Member

PROFILE_PATH = re.compile(r"^/members/(?P<slug>[-\w]+)/?$")


class RequestForm(forms.Form):
    """The guided request form: what kind of help, a subject, and prompts for what the recipient needs to know."""

    ETHICS_CHOICES = [
        ("", _("Choose one")),
        ("approved", _("Approved")),
        ("submitted", _("Applied for, waiting for a decision")),
        ("not_yet", _("Not applied for yet")),
        ("not_needed", _("Not needed (for example anonymised or public data)")),
        ("unsure", _("Not sure")),
    ]

    kind = forms.ChoiceField(
        label=_("What kind of collaboration are you asking for?"),
        choices=CollaborationRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose the kind of collaboration you are asking for.")},
    )
    subject = forms.CharField(
        label=_("Subject"),
        max_length=200,
        help_text=_("One line, for example: Quantifying white matter lesions in MS on 3T MRI."),
        error_messages={"required": _("Give your request a subject.")},
    )
    question = forms.CharField(
        label=_("Your question"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you would like to find out or do, and why you are asking this person."),
        error_messages={"required": _("Describe your question.")},
    )
    data = forms.CharField(
        label=_("Data or patients involved"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: 40 people with MS, 3T MRI with FLAIR, already collected and anonymised."),
    )
    timeline = forms.CharField(
        label=_("Timeline"),
        max_length=300,
        required=False,
        help_text=_("For example: a pilot this spring, a grant deadline in October."),
    )
    ethics = forms.ChoiceField(label=_("Ethics approval"), choices=ETHICS_CHOICES, required=False)
    expertise = forms.ModelMultipleChoiceField(
        label=_("Which of their areas of expertise is this about?"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, recipient: Member, **kwargs):
        super().__init__(*args, **kwargs)
        from expertise.models import ExpertiseArea

        self.fields["expertise"].queryset = ExpertiseArea.objects.filter(members=recipient).order_by("name")

    def message(self) -> str:
        """The request's message: the answers to the prompts, each under its heading."""
        data = self.cleaned_data
        parts = [data["question"].strip()]
        if data.get("data", "").strip():
            parts.append(f"{_('Data or patients involved')}:\n{data['data'].strip()}")
        if data.get("timeline", "").strip():
            parts.append(f"{_('Timeline')}: {data['timeline'].strip()}")
        if data.get("ethics"):
            parts.append(f"{_('Ethics approval')}: {dict(self.ETHICS_CHOICES)[data['ethics']]}")
        return "\n\n".join(parts)


class AcceptForm(forms.Form):
    note = forms.CharField(
        label=_("A note with your answer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: when you could meet, or what you would need to see first."),
    )


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you declining?"),
        choices=[("", _("I would rather not say")), *CollaborationRequest.DeclineReason.choices],
        required=False,
        widget=forms.RadioSelect,
    )
    colleague = forms.CharField(
        label=_("Colleague to suggest"),
        max_length=300,
        required=False,
        help_text=_("Their full name as in the directory, or the address of their profile page."),
    )
    note = forms.CharField(
        label=_("A note with your answer"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self):
        data = super().clean()
        colleague = (data.get("colleague") or "").strip()
        suggesting = data.get("reason") == CollaborationRequest.DeclineReason.SUGGEST_COLLEAGUE
        data["suggested_member"] = None
        if suggesting and not colleague:
            self.add_error("colleague", _("Say which colleague you suggest, or choose another reason."))
        elif colleague and not suggesting:
            if data.get("reason"):
                self.add_error(
                    "colleague",
                    _("To suggest a colleague, choose “A colleague would be better placed” as the reason."),
                )
            else:
                data["reason"] = CollaborationRequest.DeclineReason.SUGGEST_COLLEAGUE
                suggesting = True
        if suggesting and colleague and not self.has_error("colleague"):
            try:
                data["suggested_member"] = find_colleague(colleague)
            except ValidationError as error:
                self.add_error("colleague", error)
        return data


def find_colleague(text: str) -> Member:
    """The active member named by a profile address, a profile slug or an exact full name."""
    active = Member.objects.active().exclude(profile_visibility=Member.ProfileVisibility.HIDDEN)
    path = urlsplit(text).path if "/" in text else f"/members/{text}/"
    match = PROFILE_PATH.match(path)
    if match:
        member = active.filter(slug=match["slug"]).first()
        if member is not None:
            return member
    named = list(active.filter(full_name__iexact=text)[:2])
    if len(named) == 1:
        return named[0]
    if len(named) > 1:
        raise ValidationError(
            _("Several members are called %(name)s: paste the address of their profile page instead."),
            params={"name": text},
        )
    raise ValidationError(
        _("No active member matches “%(text)s”. Paste the address of their profile page."), params={"text": text}
    )


class MessageForm(forms.Form):
    body = forms.CharField(
        label=_("Your message"),
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write a message before sending it.")},
    )


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("What was wrong with it?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For example: advertising, or not a request to collaborate. Only the network admins see this."),
    )


class RequestListForm(forms.Form):
    """The filters of "My requests", from the query string."""

    box = forms.ChoiceField(choices=[("received", _("Received")), ("sent", _("Sent"))], required=False)
    state = forms.ChoiceField(choices=[("", _("All")), *CollaborationRequest.State.choices], required=False)
    page = forms.IntegerField(min_value=1, max_value=10_000, required=False)

    def value(self, name: str, default):
        """The field's value, or `default` when it is missing or not valid (a bad filter is ignored)."""
        self.is_valid()
        return self.cleaned_data.get(name) or default


class FindForm(forms.Form):
    need = forms.CharField(
        label=_("Describe what you need"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "In your own words, for example: we need someone to quantify white matter lesions in MS patients on 3T MRI."
        ),
    )
    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.order_by("name"),
        required=False,
        empty_label=_("Any institution"),
    )
    clinical = forms.BooleanField(label=_("Only people open to clinical collaboration"), required=False)
