"""Issue 18 items 2 and 6: the family members on a conference's invite list, and how each is
related to every child the conference is about ("Mother of Amelia Jones and Noah Jones;
step-parent of Ruby Jones"). Reads only: a fixed number of queries whatever the family's size.
"""

from dataclasses import dataclass

from children.models import FamilyLink, Relationship
from plans.models import CoreGroupMember, PlanStatus

from .letters import children_names
from .models import ConferenceRequestInvitee, InviteeKind


@dataclass
class FamilyInvitee:
    person_id: int
    name: str
    connection: str
    relationships: str = ""


def family_invitees(conference) -> list[FamilyInvitee]:
    """The family members invited (or to be invited) to the conference: the request's invite
    list, or for a review (no request) the family members of the children's core groups."""
    if conference.request_id is not None:
        rows = (
            ConferenceRequestInvitee.objects.filter(
                request_id=conference.request_id, kind=InviteeKind.FAMILY, person__isnull=False
            )
            .order_by("name", "pk")
            .values_list("person_id", "name", "connection")
        )
        return [FamilyInvitee(*row) for row in rows]

    seen, invitees = set(), []
    members = (
        CoreGroupMember.objects.filter(
            plan__child__conference_links__conference=conference,
            plan__status=PlanStatus.ACTIVE,
            is_active=True,
            person__isnull=False,
        )
        .order_by("name", "pk")
        .values_list("person_id", "name", "role")
    )
    for person_id, name, role in members:
        if person_id not in seen:
            seen.add(person_id)
            invitees.append(FamilyInvitee(person_id, name, role or "Family"))
    return invitees


# How a relationship reads before "of <children>", where its label alone would not.
_PHRASES = {
    Relationship.PARENTS_PARTNER: "partner of a parent",
    Relationship.OTHER: "other connection",
}


def _phrase(relationship: str) -> str:
    if relationship in _PHRASES:
        return _PHRASES[relationship]
    return Relationship(relationship).label.lower() if relationship in Relationship.values else ""


def relationship_text(links, children) -> str:
    """One person's current links to the conference's children, in the children's order:
    "Mother of Amelia Jones and Noah Jones; step-parent of Ruby Jones". A child they are not
    linked to is named too ("not recorded as related to Ruby Jones") so the list answers for
    every child."""
    by_child = {link.child_id: link.relationship for link in links}
    groups: dict[str, list] = {}
    unrelated = []
    for child in children:
        relationship = by_child.get(child.pk)
        if relationship is None:
            unrelated.append(child)
        else:
            groups.setdefault(relationship, []).append(child)
    parts = [
        f"{_phrase(relationship)} of {children_names(kids)}"
        for relationship, kids in groups.items()
    ]
    if unrelated:
        parts.append(f"not recorded as related to {children_names(unrelated)}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


def relationships_to_children(person_ids, children) -> dict[int, str]:
    """For each person, their relationship to every child (one query)."""
    person_ids = {pk for pk in person_ids if pk}
    if not person_ids or not children:
        return {}
    links: dict[int, list] = {pk: [] for pk in person_ids}
    for link in FamilyLink.objects.filter(
        person_id__in=person_ids,
        child_id__in=[child.pk for child in children],
        ended_at__isnull=True,
    ).only("person_id", "child_id", "relationship"):
        links[link.person_id].append(link)
    return {pk: relationship_text(person_links, children) for pk, person_links in links.items()}
