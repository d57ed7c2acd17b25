"""Reads for the service-wide pages (core.views)."""

from accounts.models import User


def signed_in_person(user) -> User:
    """The signed-in user's name, email and last sign-in: one query by primary key (the floor
    page's one indexed query, ADR 70)."""
    return User.objects.only("full_name", "email", "last_login").get(pk=user.pk)
