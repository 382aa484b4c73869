from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """An audit line for self-service actions people may later need proven: data exports and deletions.

    Holds plain ids rather than foreign keys, so the line outlives the account it describes,
    and nothing personal (no name, no address).
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Data exported")
        DELETE = "delete", _("Account deleted")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    user_id = models.PositiveBigIntegerField(_("user id"))
    member_id = models.PositiveBigIntegerField(_("member id"), null=True, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("account event")
        verbose_name_plural = _("account events")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} (user {self.user_id})"
