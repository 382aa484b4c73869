"""django-allauth announces an account's verified change of address only by a signal; the profile follows it."""

from allauth.account.signals import email_changed
from django.dispatch import receiver


@receiver(email_changed, dispatch_uid="accounts.profile_follows_email_change")
def profile_follows_email_change(sender, request, user, **kwargs):
    from members.profiles import sync_contact_email

    sync_contact_email(user)
