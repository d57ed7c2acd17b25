"""The service navigation. Each app registers its pages in its AppConfig.ready(), with the rules
permission that decides who sees the link, so the menu only offers what a user's roles can use."""

from dataclasses import dataclass

from django.urls import reverse


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


def items_for(user, current_view_name: str | None = None) -> list[dict]:
    if not (user and user.is_authenticated):
        return []
    visible = []
    for item in sorted(_items, key=lambda i: (i.order, i.label)):
        if user.has_perm(item.permission):
            visible.append(
                {
                    "text": item.label,
                    "href": reverse(item.url_name),
                    "current": current_view_name == item.url_name,
                }
            )
    return visible
