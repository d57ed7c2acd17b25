"""No link shown to a user leads to a page they may not open (issue 24 item 3): a service
manager and a head of service, in the URL-by-role world, open every page the access table gives
them (a 200), follow every same-origin link each page shows, and none answers 403.

They are the roles the issue found shown links to conferences they may not open: they see the
child's record, plan and deadlines but are not invited to its conference, chair it or work with
the children. Links are fetched once each (fragment dropped); sign-out links are skipped.
"""

import logging

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import RoleCode
from conferences import services as conference_services
from conferences.models import Conference, ConferenceStatus
from tests.auth import login
from tests.core.test_no_dead_ends import links_on
from tests.core.test_url_access_by_role import ALL_URLS, EXPECTED, concrete_path
from tests.core.url_access_world import VISITORS, build_world
from tests.factories.conferences import booked_review

pytestmark = pytest.mark.django_db


def pages_answering(visitor: str, world) -> list[str]:
    """The concrete paths the access table says `visitor` opens (200)."""
    column = VISITORS.index(visitor)
    return [
        concrete_path(name, route, world)
        for name, route in ALL_URLS
        if name in EXPECTED and EXPECTED[name].split()[column] == "200"
    ]


def forbidden_links(client: Client, pages: list[str]) -> list[str]:
    """Every (page, link) pair whose link answers 403."""
    checked: dict[str, int] = {}
    found = []
    for page in pages:
        response = client.get(page)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        for link in links_on(page, response.content.decode()):
            if link not in checked:
                checked[link] = client.get(link).status_code
            if checked[link] == 403:
                found.append(f"{page} links to {link} (403)")
    return found


def postponed_review_agreed_by(manager, world) -> None:
    """A review conference the manager agreed to postpone: their work list shows it."""
    conference = booked_review(
        plan=world.objects["plan"],
        coordinator=world.user(RoleCode.CONFERENCE_COORDINATOR.value),
        chair=world.user(RoleCode.CHAIR.value),
    )
    Conference.objects.filter(pk=conference.pk).update(
        status=ConferenceStatus.POSTPONED,
        change_agreed_by=manager,
        change_reason="The chair is ill.",
        changed_at=timezone.now(),
    )


def test_managers_are_shown_no_link_they_may_not_open(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    # The child's transfer-in conference arranged: the transfer-in page names it.
    conference_services.arrange_transfer_in_conference(
        transfer_in=world.objects["transfer_in"],
        chair=world.user(RoleCode.CHAIR.value),
        by=world.user(RoleCode.CONFERENCE_COORDINATOR.value),
    )
    found = []
    logging.disable(logging.WARNING)
    try:
        for role in (RoleCode.SERVICE_MANAGER, RoleCode.HEAD_OF_SERVICE):
            manager = world.user(role.value)
            if role == RoleCode.SERVICE_MANAGER:
                postponed_review_agreed_by(manager, world)
            client = Client()
            login(client, manager)
            found += [
                f"{role.label}: {link}"
                for link in forbidden_links(client, pages_answering(role.value, world))
            ]
    finally:
        logging.disable(logging.NOTSET)
    assert not found, "Links to pages the user may not open:\n" + "\n".join(sorted(set(found)))
