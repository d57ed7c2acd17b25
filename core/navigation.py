"""The service navigation. Each app registers its pages in its AppConfig.ready(), with the rules
permission that decides who sees the link, so the menu only offers what a user's roles can use."""

import functools
from dataclasses import dataclass

from django.urls import get_script_prefix, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    permission: str
    order: int = 100


_items: list[NavItem] = []


def register(item: NavItem) -> None:
    if item not in _items:
        _items.append(item)


@functools.lru_cache(maxsize=256)
def _href(url_name: str, script_prefix: str) -> str:
    """A menu link's address: the same for everyone under one script prefix (issue 25)."""
    return reverse(url_name)


def items_for(user, current_view_name: str | None = None) -> list[dict]:
    if not (user and user.is_authenticated):
        return []
    prefix = get_script_prefix()
    return [
        {
            "text": item.label,
            "href": _href(item.url_name, prefix),
            "current": current_view_name == item.url_name,
        }
        for item in sorted(_items, key=lambda i: (i.order, i.label))
        # No query for a rules permission: accounts.backends answers "no model has it" at once.
        if user.has_perm(item.permission)
    ]


def permissions() -> set[str]:
    """Every permission the menu asks about."""
    return {item.permission for item in _items}
