"""Recording a child, born or unborn, and changing the child's details (the birth of an unborn
child is children.services.birth): the checks on the details, duplicates, the household and the
search words."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ..models import Child, ChildSearchToken, Disability, Household, NamedAccess, SearchTokenKind
from ..search import name_tokens, normalise_name, phonetic_key
from ..validators import (
    normalise_nhs_number,
    normalise_upn,
    validate_local_child_id,
    validate_nhs_number,
    validate_upn,
)
from .errors import ChildRecordError, DuplicateChildError

OLDEST_CHILD_YEARS = 18
LONGEST_PREGNANCY_WEEKS = 42
BIRTH_OVERDUE_WEEKS = 4
# DfE rule 8610: every referral that led to further action has a primary need code, and every
# referral this service records led to further action (ADR 63).
PRIMARY_NEED_NEEDED = (
    "Select the child's primary need: the Children in Need census needs it for every referral "
    "that led to further action"
)


CHILD_DETAIL_FIELDS = frozenset(
    {
        "is_unborn",
        "legal_forename",
        "legal_surname",
        "known_as",
        "date_of_birth",
        "expected_date_of_delivery",
        "sex",
        "ethnicity",
        "disabilities",
        "nhs_number",
        "upn",
        "local_child_id",
        "upn_unknown_reason",
        "cin_referral_date",
        "referral_source",
        "primary_need",
        "first_language",
        "interpreter_needed",
        "address_line_1",
        "address_line_2",
        "town",
        "postcode",
        "address_do_not_disclose",
        "school",
        "gp_practice",
        "lead_social_worker",
    }
)


# --- The child's record -----------------------------------------------------------------------------


def _clean_child_details(
    details: dict, *, today: datetime.date, changed: frozenset | None = None
) -> dict:
    """Check and normalise a child's details; raise ChildRecordError for the first problem.
    `changed` names the details being changed (all of them for a new child): the census checks
    apply to what is entered, so an older record's ID does not block changing its address."""
    entered = CHILD_DETAIL_FIELDS if changed is None else changed
    unknown = set(details) - CHILD_DETAIL_FIELDS
    if unknown:
        raise TypeError(f"Unknown child details: {', '.join(sorted(unknown))}")
    cleaned = dict(details)
    for key in ("legal_forename", "legal_surname", "known_as", "first_language", "town"):
        if key in cleaned and cleaned[key] is not None:
            cleaned[key] = " ".join(str(cleaned[key]).split())
    is_unborn = bool(cleaned.get("is_unborn"))
    if not cleaned.get("legal_surname"):
        raise ChildRecordError("Enter the child's last name", field="legal_surname")
    if not is_unborn and not cleaned.get("legal_forename"):
        raise ChildRecordError("Enter the child's first name", field="legal_forename")
    born = cleaned.get("date_of_birth")
    due = cleaned.get("expected_date_of_delivery")
    if is_unborn:
        if born:
            raise ChildRecordError(
                "Leave the date of birth empty for a child who is not born yet",
                field="date_of_birth",
            )
        if not due:
            raise ChildRecordError(
                "Enter the expected date of delivery", field="expected_date_of_delivery"
            )
        if due > today + datetime.timedelta(weeks=LONGEST_PREGNANCY_WEEKS):
            raise ChildRecordError(
                f"Expected date of delivery must be within the next {LONGEST_PREGNANCY_WEEKS} "
                "weeks",
                field="expected_date_of_delivery",
            )
        if due < today - datetime.timedelta(weeks=BIRTH_OVERDUE_WEEKS):
            raise ChildRecordError(
                "Expected date of delivery is more than 4 weeks ago: if the baby has been born, "
                "answer yes and enter the date of birth",
                field="expected_date_of_delivery",
            )
        cleaned["date_of_birth"] = None
    else:
        if not born:
            raise ChildRecordError("Enter the date of birth", field="date_of_birth")
        if born > today:
            raise ChildRecordError(
                "Date of birth must be today or in the past", field="date_of_birth"
            )
        eighteenth = _add_years(born, OLDEST_CHILD_YEARS)
        if eighteenth <= today:
            raise ChildRecordError(
                "Date of birth must be less than 18 years ago: child protection conferences "
                "are for children under 18",
                field="date_of_birth",
            )
        cleaned["expected_date_of_delivery"] = None
    if cleaned.get("nhs_number"):
        number = normalise_nhs_number(cleaned["nhs_number"])
        _validate_or_raise(validate_nhs_number, number, "nhs_number")
        cleaned["nhs_number"] = number
    else:
        cleaned["nhs_number"] = ""
    if cleaned.get("upn"):
        upn = normalise_upn(cleaned["upn"])
        _validate_or_raise(validate_upn, upn, "upn")
        cleaned["upn"] = upn
    else:
        cleaned["upn"] = ""
    cleaned["local_child_id"] = (cleaned.get("local_child_id") or "").strip().upper()
    if cleaned["local_child_id"] and "local_child_id" in entered:
        _validate_or_raise(validate_local_child_id, cleaned["local_child_id"], "local_child_id")
    if (
        cleaned.get("cin_referral_date")
        and not cleaned.get("primary_need")
        and entered & {"cin_referral_date", "primary_need"}
    ):
        raise ChildRecordError(PRIMARY_NEED_NEEDED, field="primary_need")
    cleaned["postcode"] = " ".join((cleaned.get("postcode") or "").upper().split())
    disabilities = list(dict.fromkeys(cleaned.get("disabilities") or []))
    if set(disabilities) - set(Disability.values):
        raise ChildRecordError("Choose disabilities from the list", field="disabilities")
    if Disability.NONE in disabilities and len(disabilities) > 1:
        raise ChildRecordError(
            "Select 'No disability' or the child's disabilities, not both", field="disabilities"
        )
    cleaned["disabilities"] = disabilities
    return cleaned


def _add_years(day: datetime.date, years: int) -> datetime.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _validate_or_raise(validator, value, field):
    try:
        validator(value)
    except ValidationError as error:
        raise ChildRecordError(error.messages[0], field=field) from error


def _check_not_duplicate(
    details: dict, *, excluding: Child | None, allow_likely_duplicate: bool
) -> None:
    others = Child.objects.all()
    if excluding is not None:
        others = others.exclude(pk=excluding.pk)
    if details.get("nhs_number"):
        existing = others.filter(nhs_number=details["nhs_number"]).first()
        if existing:
            raise DuplicateChildError(
                "A child with this NHS number is already recorded",
                field="nhs_number",
                existing=existing,
                certain=True,
            )
    if details.get("local_child_id"):
        existing = others.filter(local_child_id=details["local_child_id"]).first()
        if existing:
            raise DuplicateChildError(
                "A child with this child ID is already recorded",
                field="local_child_id",
                existing=existing,
                certain=True,
            )
    if allow_likely_duplicate or details.get("is_unborn"):
        return
    born = details.get("date_of_birth")
    if not born:
        return
    forename = normalise_name(details.get("legal_forename", ""))
    surname = normalise_name(details.get("legal_surname", ""))
    # Index-backed: the date of birth narrows the search to a handful of rows.
    for candidate in others.filter(date_of_birth=born):
        candidate_forenames = {
            normalise_name(candidate.legal_forename),
            normalise_name(candidate.known_as),
        }
        if normalise_name(candidate.legal_surname) == surname and forename in candidate_forenames:
            raise DuplicateChildError(
                "A child with the same name and date of birth is already recorded",
                field="date_of_birth",
                existing=candidate,
                certain=False,
            )


def refresh_search_tokens(children: Iterable[Child]) -> None:
    """Rewrite the search tokens of these children from their names (set-based: two queries)."""
    children = list(children)
    if not children:
        return
    ChildSearchToken.objects.filter(child__in=children).delete()
    rows = []
    for child in children:
        words = name_tokens(child.legal_forename, child.legal_surname, child.known_as)
        keys = {(SearchTokenKind.NAME, word) for word in words}
        keys |= {(SearchTokenKind.SOUND, phonetic_key(word)) for word in words}
        rows.extend(
            ChildSearchToken(child=child, kind=kind, token=token) for kind, token in keys if token
        )
    ChildSearchToken.objects.bulk_create(rows, batch_size=1000)


def _ensure_household(child: Child) -> Household:
    household = Household.objects.create(name=f"{child.legal_surname} household")
    return household


def create_child(
    *,
    by,
    household: Household | None = None,
    allow_likely_duplicate: bool = False,
    is_restricted: bool = False,
    **details,
) -> Child:
    """Record a child, born or unborn. A new household is made unless one is given (a brother
    or sister joining the household of a child already recorded)."""
    today = timezone.localdate()
    cleaned = _clean_child_details(details, today=today)
    _check_not_duplicate(cleaned, excluding=None, allow_likely_duplicate=allow_likely_duplicate)
    try:
        with transaction.atomic():
            child = Child(recorded_by=by, is_restricted=is_restricted, **cleaned)
            if household is None:
                household = _ensure_household(child)
            child.household = household
            child.save()
            refresh_search_tokens([child])
            if is_restricted:
                NamedAccess.objects.create(
                    child=child, user=by, granted_by=by, reason="Recorded the child"
                )
    except IntegrityError as error:
        _raise_duplicate_from_integrity_error(error, cleaned)
        raise
    return child


def _raise_duplicate_from_integrity_error(error: IntegrityError, cleaned: dict) -> None:
    """Two people saving the same child at once: the database's unique key decides, and the
    loser gets the same message as if the check had caught it."""
    text = str(error)
    if "nhs" in text and cleaned.get("nhs_number"):
        existing = Child.objects.filter(nhs_number=cleaned["nhs_number"]).first()
        if existing:
            raise DuplicateChildError(
                "A child with this NHS number is already recorded",
                field="nhs_number",
                existing=existing,
                certain=True,
            ) from error
    if "local" in text and cleaned.get("local_child_id"):
        existing = Child.objects.filter(local_child_id=cleaned["local_child_id"]).first()
        if existing:
            raise DuplicateChildError(
                "A child with this child ID is already recorded",
                field="local_child_id",
                existing=existing,
                certain=True,
            ) from error


def update_child(*, child: Child, by, allow_likely_duplicate: bool = False, **changes) -> Child:
    """Change a child's details. The birth of an unborn child is recorded by
    children.services.birth.record_birth (its checks, who may, and the deadline to reconvene)."""
    current = {name: getattr(child, name) for name in CHILD_DETAIL_FIELDS}
    current.update(changes)
    if child.is_unborn and not current.get("is_unborn"):
        raise ChildRecordError(
            "Record the baby's birth with \"Record the birth\" on the child's page",
            field="is_born",
        )
    cleaned = _clean_child_details(
        current,
        today=timezone.localdate(),
        changed=frozenset(
            name for name, value in changes.items() if getattr(child, name, None) != value
        ),
    )
    _check_not_duplicate(cleaned, excluding=child, allow_likely_duplicate=allow_likely_duplicate)
    try:
        with transaction.atomic():
            locked = Child.objects.select_for_update().get(pk=child.pk)
            for name, value in cleaned.items():
                setattr(locked, name, value)
            locked.save()
            refresh_search_tokens([locked])
    except IntegrityError as error:
        _raise_duplicate_from_integrity_error(error, cleaned)
        raise
    child.refresh_from_db()
    return child


def add_child_to_household(*, by, sibling: Child, **details) -> Child:
    """Record a brother or sister who lives in the same household as `sibling`."""
    household = sibling.household
    with transaction.atomic():
        if household is None:
            household = _ensure_household(sibling)
            locked = Child.objects.select_for_update().get(pk=sibling.pk)
            locked.household = household
            locked.save(update_fields=["household", "updated_at"])  # saved one by one: in history
            sibling.household = household
        return create_child(by=by, household=household, **details)
