"""Signing test users in. Every test signs in through these helpers, so when sign-in gains a
step (two-factor authentication) only this module changes."""


def login(client, user):
    """Sign `user` in on the Django test client, fully (every sign-in step passed)."""
    client.force_login(user)
    return client
