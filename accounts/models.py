from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class AccountEvent(models.Model):
    """An audit line for what people may later need proven: data exports, deletions, deactivation after non-use.

    Holds plain ids rather than foreign keys, so the line outlives the account it describes,
    and nothing personal (no name, no address).
    """

    class Kind(models.TextChoices):
        EXPORT = "export", _("Data exported")
        DELETE = "delete", _("Account deleted")
        DEACTIVATE = "deactivate", _("Account deactivated after long non-use")

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


class UnusedAccountWarning(models.Model):
    """When an account unused for RETENTION_UNUSED_ACCOUNT_DAYS was told by email that it will be deactivated.

    Void once its owner signs in after `sent_at` (accounts.retention reads last_login, so every way of
    signing in counts); the next retention run deletes void warnings and deactivation deletes the rest.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.CASCADE,
        related_name="unused_account_warning",
    )
    sent_at = models.DateTimeField(_("warning sent"))

    class Meta:
        verbose_name = _("unused-account warning")
        verbose_name_plural = _("unused-account warnings")
        ordering = ["sent_at"]

    def __str__(self):
        return f"{self.user} warned {self.sent_at:%Y-%m-%d}"
