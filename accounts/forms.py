"""Forms for the self-service pages. They validate and normalise input; members.profiles saves it."""

import re

from allauth.account import forms as allauth_forms
from django import forms
from django.forms.utils import ErrorDict
from django.utils.translation import gettext_lazy as _

from expertise.models import ExpertiseArea
from institutions.models import Institution, Unit
from members import photos
from members.models import Member, MemberExpertise, Publication, Visibility

ORCID_PREFIX = re.compile(r"^(https?://)?(www\.)?orcid\.org/", re.IGNORECASE)
DOI_PREFIX = re.compile(r"^(https?://)?(dx\.)?doi\.org/|^doi:\s*", re.IGNORECASE)


class Form(forms.Form):
    # Labels are followed by their input, not a colon.
    label_suffix = ""


class ModelForm(forms.ModelForm):
    label_suffix = ""


class OrcidField(forms.CharField):
    """Accepts the iD as printed or as its orcid.org link; validates the bare iD."""

    def to_python(self, value):
        value = super().to_python(value)
        return ORCID_PREFIX.sub("", value.strip()).strip("/").upper()


class DoiField(forms.CharField):
    """Accepts a DOI on its own, as doi:..., or as a doi.org link; validates the bare DOI."""

    def to_python(self, value):
        value = super().to_python(value)
        return DOI_PREFIX.sub("", value.strip()).strip()


def area_label(area: ExpertiseArea) -> str:
    """An option's text: the name, with up to two aliases so "MEG" is found when reading the list."""
    aliases = [alias for alias in area.aliases if alias.lower() != area.name.lower()][:2]
    return f"{area.name} ({', '.join(aliases)})" if aliases else area.name


def grouped_area_choices(areas) -> list:
    """Areas grouped by facet (modality, technique, analysis, application), as <optgroup>s."""
    groups: dict[str, list] = {}
    for area in areas:
        groups.setdefault(area.get_facet_display(), []).append((area.pk, area_label(area)))
    return list(groups.items())


class ProfileCreateForm(ModelForm):
    """The few facts a new profile needs; everything else is added on the edit page."""

    class Meta:
        model = Member
        fields = ["full_name", "title", "job_title", "role", "career_stage", "institution", "unit"]
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "title": forms.TextInput(attrs={"autocomplete": "honorific-prefix"}),
            "job_title": forms.TextInput(attrs={"autocomplete": "organization-title"}),
        }
        help_texts = {
            "unit": _("The centre, department or group you work in, if it is listed."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["institution"].queryset = Institution.objects.order_by("name")
        self.fields["unit"].queryset = Unit.objects.select_related("institution").order_by("institution__name", "name")
        self.fields["unit"].empty_label = _("None of these")
        self.fields["career_stage"].choices = [("", _("Prefer not to say")), *Member.CareerStage.choices]


class ProfileForm(ProfileCreateForm):
    """Everything a member edits about themselves, except photo, publications and privacy (their own pages)."""

    orcid = OrcidField(
        label=_("ORCID iD"),
        required=False,
        max_length=60,
        validators=Member._meta.get_field("orcid").validators,
        help_text=_("Four groups of four characters, e.g. 0000-0002-1825-0097. A link to orcid.org works too."),
    )
    website = forms.URLField(
        label=_("Website"),
        required=False,
        assume_scheme="https",
        help_text=_("Your group or personal page, e.g. https://www.example.ac.uk/people/you"),
    )
    open_to = forms.MultipleChoiceField(
        label=_("Open to"),
        choices=Member.OpenTo.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("What you would welcome a request about."),
    )
    primary_areas = forms.ModelMultipleChoiceField(
        label=_("Main areas of expertise"),
        queryset=ExpertiseArea.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "data-emphasis": "primary"}),
        help_text=_("What you are best known for. Hold Ctrl (or ⌘) to choose several."),
    )
    secondary_areas = forms.ModelMultipleChoiceField(
        label=_("Other areas you work in"),
        queryset=ExpertiseArea.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "data-emphasis": "secondary"}),
        help_text=_("Areas you also use or know well."),
    )

    class Meta(ProfileCreateForm.Meta):
        fields = [
            *ProfileCreateForm.Meta.fields,
            "biography",
            "research_interests",
            "orcid",
            "website",
            "open_to",
            "capacity",
        ]
        widgets = {
            **ProfileCreateForm.Meta.widgets,
            "biography": forms.Textarea(attrs={"rows": 8}),
            "research_interests": forms.Textarea(attrs={"rows": 4}),
            "capacity": forms.RadioSelect,
        }
        help_texts = {
            **ProfileCreateForm.Meta.help_texts,
            "biography": _("A few sentences about your work, in plain words. Shown on your public profile."),
            "research_interests": _("e.g. quantitative MRI of white matter; early detection of dementia."),
        }

    def __init__(self, *args, areas=None, **kwargs):
        super().__init__(*args, **kwargs)
        areas = list(areas if areas is not None else ExpertiseArea.objects.order_by("facet", "name"))
        for name in ("primary_areas", "secondary_areas"):
            self.fields[name].widget.choices = grouped_area_choices(areas)
        if self.instance.pk and not self.is_bound:
            links = MemberExpertise.objects.filter(member=self.instance).values_list("area_id", "emphasis")
            self.initial["primary_areas"] = [area for area, emphasis in links if emphasis == "primary"]
            self.initial["secondary_areas"] = [area for area, emphasis in links if emphasis == "secondary"]

    def clean_orcid(self):
        orcid = self.cleaned_data["orcid"]
        if orcid and Member.objects.filter(orcid=orcid).exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(
                _("This ORCID iD is already on another member's profile. If it is yours, please contact the admins.")
            )
        return orcid

    def clean(self):
        cleaned = super().clean()
        both = set(cleaned.get("primary_areas") or []) & set(cleaned.get("secondary_areas") or [])
        if both:
            names = ", ".join(sorted(area.name for area in both))
            self.add_error(
                "secondary_areas",
                _("Choose either main or other for each area; these are in both lists: %(names)s.") % {"names": names},
            )
        return cleaned

    def profile_changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def expertise(self) -> dict[int, str]:
        chosen = {area.pk: MemberExpertise.Emphasis.SECONDARY for area in self.cleaned_data["secondary_areas"]}
        chosen.update({area.pk: MemberExpertise.Emphasis.PRIMARY for area in self.cleaned_data["primary_areas"]})
        return chosen


class PrivacyForm(ModelForm):
    class Meta:
        model = Member
        fields = ["phone", "email_visibility", "phone_visibility", "profile_visibility"]
        widgets = {
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
            "email_visibility": forms.RadioSelect,
            "phone_visibility": forms.RadioSelect,
            "profile_visibility": forms.RadioSelect,
        }
        labels = {
            "phone": _("Phone number"),
            "email_visibility": _("Who can see your email address"),
            "phone_visibility": _("Who can see your phone number"),
            "profile_visibility": _("Who can find your profile"),
        }
        help_texts = {"phone": _("Optional, e.g. 0115 823 0000.")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["profile_visibility"].choices = [
            (Member.ProfileVisibility.PUBLIC, _("Everyone: listed in the directory and search engines")),
            (Member.ProfileVisibility.MEMBERS, _("Signed-in members only (search engines are asked not to index it)")),
            (Member.ProfileVisibility.HIDDEN, _("Nobody: hidden from the directory")),
        ]
        collaborators_note = _("People whose collaboration request I accepted (for now: only you and the admins)")
        for name in ("email_visibility", "phone_visibility"):
            self.fields[name].choices = [
                (value, collaborators_note if value == Visibility.COLLABORATORS else label)
                for value, label in Visibility.choices
            ]


class PublicationForm(ModelForm):
    doi = DoiField(
        label=_("DOI"),
        required=False,
        max_length=250,
        validators=Publication._meta.get_field("doi").validators,
        help_text=_("e.g. 10.1016/j.neuroimage.2020.117012. A doi.org link works too."),
    )
    url = forms.URLField(
        label=_("Link"),
        required=False,
        assume_scheme="https",
        help_text=_("Only needed when there is no DOI."),
    )

    class Meta:
        model = Publication
        fields = ["title", "year", "venue", "doi", "url"]
        widgets = {"year": forms.NumberInput(attrs={"inputmode": "numeric", "min": 1900, "max": 2100})}

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class PhotoForm(Form):
    photo = forms.FileField(
        label=_("Choose a photo"),
        help_text=_("JPEG, PNG or WebP, up to 5 MB. It is cropped to a square and shrunk to 400 pixels."),
        error_messages={"required": _("Please choose a photo to upload.")},
        widget=forms.FileInput(attrs={"accept": photos.ACCEPT}),
    )

    def __init__(self, *args, too_large: bool = False, **kwargs):
        """`too_large`: the request was refused from its length, so there is no file to look at."""
        super().__init__(*args, **kwargs)
        self.too_large = too_large

    def full_clean(self):
        if not self.too_large:
            return super().full_clean()
        self._errors, self.cleaned_data = ErrorDict(), {}
        self.add_error("photo", _("This file is larger than 5 MB. Please choose a smaller photo."))


class DeleteAccountForm(Form):
    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("To make sure it is you."),
    )


class ExpertiseQueryForm(Form):
    q = forms.CharField(required=False, max_length=100)


# django-allauth's forms, with the site's wording: sentence-case labels, no placeholders repeating them.

ALLAUTH_LABELS = {
    "login": _("Email address"),
    "email": _("Email address"),
    "password": _("Password"),
    "password1": _("Password"),
    "password2": _("Confirm password"),
    "oldpassword": _("Current password"),
    "remember": _("Keep me signed in on this device"),
}


class AllauthWording:
    labels: dict = ALLAUTH_LABELS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        for name, field in self.fields.items():
            field.widget.attrs.pop("placeholder", None)
            if name in self.labels:
                field.label = self.labels[name]
        if "password" in self.fields and "login" in self.fields:
            # The page links to the reset form under the button; the field needs no second link.
            self.fields["password"].help_text = ""


class LoginForm(AllauthWording, allauth_forms.LoginForm):
    pass


class SignupForm(AllauthWording, allauth_forms.SignupForm):
    pass


class ChangePasswordForm(AllauthWording, allauth_forms.ChangePasswordForm):
    labels = {**ALLAUTH_LABELS, "password1": _("New password"), "password2": _("Confirm new password")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["oldpassword"].help_text = ""


class SetPasswordForm(AllauthWording, allauth_forms.SetPasswordForm):
    labels = {**ALLAUTH_LABELS, "password1": _("New password"), "password2": _("Confirm new password")}


class ResetPasswordForm(AllauthWording, allauth_forms.ResetPasswordForm):
    pass


class ResetPasswordKeyForm(AllauthWording, allauth_forms.ResetPasswordKeyForm):
    labels = {**ALLAUTH_LABELS, "password1": _("New password"), "password2": _("Confirm new password")}


class AddEmailForm(AllauthWording, allauth_forms.AddEmailForm):
    labels = {**ALLAUTH_LABELS, "email": _("New email address")}


class ReauthenticateForm(AllauthWording, allauth_forms.ReauthenticateForm):
    pass
