"""Issue 18 item 6: a brother or sister joining a household. The family members already recorded
for the household (linked to any child living in it) are offered for linking to the new child,
each with their own relationship to that child (the mother of one may be the stepmother of
another). One transaction: the child and the chosen links are recorded together or not at all.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction

from .models import Child, FamilyLink, Person, Relationship
from .services import ChildRecordError, add_child_to_household


@dataclass
class HouseholdMember:
    """Someone linked to a child of the household, with how they are related to each child."""

    person: Person
    links: list = field(default_factory=list)

    @property
    def summary(self) -> str:
        """'Mother of Amelia Jones; father of Noah Jones', in the children's order."""
        parts = [
            f"{link.get_relationship_display().lower()} of {link.child.legal_name}"
            for link in self.links
        ]
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]


def household_members(child: Child) -> list[HouseholdMember]:
    """The people currently linked to any child of `child`'s household (or to `child` alone if it
    has no household), each once, by name (one query)."""
    links = FamilyLink.objects.filter(ended_at__isnull=True).select_related("person", "child")
    same_household = (
        {"child__household_id": child.household_id} if child.household_id else {"child": child}
    )
    links = links.filter(**same_household)
    members: dict[int, HouseholdMember] = {}
    for link in links.order_by("child__date_of_birth", "child_id", "pk"):
        members.setdefault(link.person_id, HouseholdMember(person=link.person)).links.append(link)
    return sorted(
        members.values(),
        key=lambda member: (member.person.surname, member.person.forename, member.person.pk),
    )


@dataclass(frozen=True)
class FamilyLinkChoice:
    """A household member chosen for the new child, and their relationship to them."""

    person: Person
    relationship: str
    has_parental_responsibility: bool = False


def add_sibling_with_family(
    *,
    by,
    sibling: Child,
    family: Sequence[FamilyLinkChoice] = (),
    allow_likely_duplicate: bool = False,
    **details,
) -> Child:
    """Record a brother or sister in `sibling`'s household and link the household's family
    members the user chose, each with their relationship to the new child. Only people already
    linked to a child of the household may be linked this way."""
    with transaction.atomic():
        allowed = {member.person.pk for member in household_members(sibling)}
        seen = set()
        for choice in family:
            field_name = f"relationship_{choice.person.pk}"
            if choice.person.pk not in allowed:
                raise ChildRecordError(
                    f"{choice.person.full_name} is not recorded as family of this household",
                    field=field_name,
                )
            if choice.person.pk in seen:
                raise ChildRecordError(
                    f"{choice.person.full_name} is chosen twice", field=field_name
                )
            seen.add(choice.person.pk)
            if choice.relationship not in Relationship.values:
                raise ChildRecordError(
                    f"Choose {choice.person.full_name}'s relationship to the child",
                    field=field_name,
                )
        child = add_child_to_household(
            by=by, sibling=sibling, allow_likely_duplicate=allow_likely_duplicate, **details
        )
        for choice in family:
            FamilyLink.objects.create(
                child=child,
                person=choice.person,
                relationship=choice.relationship,
                has_parental_responsibility=choice.has_parental_responsibility,
            )
    return child
