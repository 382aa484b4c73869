import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ORCID_PATTERN = re.compile(r"^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$")
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/\S+$")


def orcid_check_digit(base_digits: str) -> str:
    """ISO 7064 MOD 11-2 check character for the first 15 digits of an ORCID iD."""
    total = 0
    for digit in base_digits:
        total = (total + int(digit)) * 2
    result = (12 - total % 11) % 11
    return "X" if result == 10 else str(result)


def validate_orcid(value: str) -> None:
    if not ORCID_PATTERN.match(value):
        raise ValidationError(
            _("Enter an ORCID iD as four groups of four characters, e.g. 0000-0002-1825-0097."), code="format"
        )
    digits = value.replace("-", "")
    if orcid_check_digit(digits[:15]) != digits[15]:
        raise ValidationError(
            _("This ORCID iD's check digit does not match; please copy it again from orcid.org."), code="checksum"
        )


def validate_doi(value: str) -> None:
    if not DOI_PATTERN.match(value):
        raise ValidationError(_("Enter a DOI such as 10.1016/j.neuroimage.2020.117012 (without https://doi.org/)."))
