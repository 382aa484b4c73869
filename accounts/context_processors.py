from django.urls import reverse
from django.utils.functional import SimpleLazyObject


def account(request):
    """The signed-in person's profile (or None) and where "My profile" leads, for the site header."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"my_member": None}
    return {"my_member": SimpleLazyObject(lambda: _member(user)), "my_profile_url": _LazyProfileURL(user)}


def _member(user):
    from members.models import Member

    try:
        return user.member
    except Member.DoesNotExist:
        return None


class _LazyProfileURL:
    """Resolved only if a template prints it: the public page when visitors can see it, else the owner's preview."""

    def __init__(self, user):
        self.user = user

    def __str__(self):
        member = _member(self.user)
        if member is None:
            return reverse("accounts:home")
        if member.status == member.Status.ACTIVE and member.profile_visibility != member.ProfileVisibility.HIDDEN:
            return member.get_absolute_url()
        return reverse("accounts:preview")
