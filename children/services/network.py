"""The people around a child: recording family members and linking them to children, ending a
link, and the professionals involved with a child and when they stop being involved."""

import datetime
from collections.abc import Sequence

from django.db import transaction
from django.utils import timezone

from ..models import Child, FamilyLink, Person, ProfessionalInvolvement
from .errors import ChildRecordError

# --- Family and network ---------------------------------------------------------------------------------

PERSON_FIELDS = frozenset(
    {
        "forename",
        "surname",
        "date_of_birth",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "phone",
        "email",
        "first_language",
        "interpreter_needed",
        "may_receive_documents",
        "address_withheld_from_family",
    }
)


def add_family_member(
    *,
    by,
    children: Sequence[Child],
    relationship: str,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
    in_safety_network: bool = False,
    **person_details,
) -> Person:
    """Record a parent, carer, relative or family friend and link them to one or more children
    (the same relationship to each: the mother of two brothers, say)."""
    unknown = set(person_details) - PERSON_FIELDS
    if unknown:
        raise TypeError(f"Unknown person details: {', '.join(sorted(unknown))}")
    if not children:
        raise ChildRecordError("Choose at least one child", field="children")
    if not (person_details.get("forename") or "").strip():
        raise ChildRecordError("Enter their first name", field="forename")
    if not (person_details.get("surname") or "").strip():
        raise ChildRecordError("Enter their last name", field="surname")
    born = person_details.get("date_of_birth")
    if born and born > timezone.localdate():
        raise ChildRecordError("Date of birth must be today or in the past", field="date_of_birth")
    person_details["postcode"] = " ".join((person_details.get("postcode") or "").upper().split())
    with transaction.atomic():
        person = Person.objects.create(**person_details)
        for child in children:
            FamilyLink.objects.create(
                child=child,
                person=person,
                relationship=relationship,
                has_parental_responsibility=has_parental_responsibility,
                lives_with_child=lives_with_child,
                in_safety_network=in_safety_network,
            )
    return person


def link_person_to_child(
    *,
    by,
    person: Person,
    child: Child,
    relationship: str,
    has_parental_responsibility: bool = False,
    lives_with_child: bool = False,
    in_safety_network: bool = False,
) -> FamilyLink:
    with transaction.atomic():
        if FamilyLink.objects.filter(child=child, person=person, ended_at__isnull=True).exists():
            raise ChildRecordError(
                f"{person.full_name} is already linked to {child.legal_name}", field="person"
            )
        return FamilyLink.objects.create(
            child=child,
            person=person,
            relationship=relationship,
            has_parental_responsibility=has_parental_responsibility,
            lives_with_child=lives_with_child,
            in_safety_network=in_safety_network,
        )


def end_family_link(*, link: FamilyLink, by, reason: str) -> FamilyLink:
    if not reason.strip():
        raise ChildRecordError(
            "Say why they are no longer part of the child's network", field="reason"
        )
    with transaction.atomic():
        locked = FamilyLink.objects.select_for_update().get(pk=link.pk)
        if locked.ended_at:
            raise ChildRecordError("This link has already ended")
        locked.ended_at = timezone.now()
        locked.end_reason = reason.strip()
        locked.save(update_fields=["ended_at", "end_reason"])
    return locked


# --- Professionals involved -----------------------------------------------------------------------------


def add_professional(
    *,
    by,
    child: Child,
    role: str,
    user=None,
    agency=None,
    name: str = "",
    job_title: str = "",
    organisation: str = "",
    email: str = "",
    phone: str = "",
) -> ProfessionalInvolvement:
    """Record that a professional is involved with a child: a user who signs in, or an external
    professional who does not (then their name and a way to contact them are needed)."""
    name = " ".join(name.split())
    if user is None:
        if not name:
            raise ChildRecordError(
                "Choose a professional from the list or enter their name", field="name"
            )
        if not (email or phone):
            raise ChildRecordError(
                "Enter an email address or phone number for the professional", field="email"
            )
        if not (agency or organisation.strip()):
            raise ChildRecordError(
                "Choose their agency or enter their organisation", field="organisation"
            )
    elif name:
        raise ChildRecordError(
            "Either choose a professional from the list or enter a name, not both", field="name"
        )
    with transaction.atomic():
        if (
            user is not None
            and ProfessionalInvolvement.objects.filter(
                child=child, user=user, role=role, ended_on__isnull=True
            ).exists()
        ):
            raise ChildRecordError(
                f"{user.full_name} is already recorded as involved with {child.legal_name}",
                field="user",
            )
        return ProfessionalInvolvement.objects.create(
            child=child,
            role=role,
            user=user,
            agency=agency if agency is not None else (user.agency if user is not None else None),
            name=name,
            job_title=job_title.strip(),
            organisation=organisation.strip(),
            email=email.strip(),
            phone=phone.strip(),
        )


def end_professional_involvement(
    *, involvement: ProfessionalInvolvement, by, reason: str, ended_on: datetime.date | None = None
) -> ProfessionalInvolvement:
    if not reason.strip():
        raise ChildRecordError("Say why they are no longer involved", field="reason")
    ended_on = ended_on or timezone.localdate()
    if ended_on < involvement.started_on:
        raise ChildRecordError(
            "The date they stopped must be on or after the date they started", field="ended_on"
        )
    with transaction.atomic():
        locked = ProfessionalInvolvement.objects.select_for_update().get(pk=involvement.pk)
        locked.ended_on = ended_on
        locked.end_reason = reason.strip()
        locked.save(update_fields=["ended_on", "end_reason"])
    return locked
