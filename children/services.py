"""Business actions on children, families, strategy discussions and Section 47 enquiries.

Every write goes through one of these functions: keyword-only arguments, one transaction each, and
a ChildRecordError with a plain-English message when a rule forbids the action. Views never write
models directly.
"""

import datetime
from collections.abc import Iterable, Sequence

from django.db import IntegrityError, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from accounts.models import RoleCode

from .models import (
    Child,
    ChildRecordView,
    ChildSearchToken,
    Disability,
    FamilyLink,
    Household,
    NamedAccess,
    Person,
    ProfessionalInvolvement,
    S47Enquiry,
    S47Outcome,
    SearchTokenKind,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from .search import name_tokens, normalise_name, phonetic_key
from .validators import (
    normalise_nhs_number,
    normalise_upn,
    validate_nhs_number,
    validate_upn,
)

OLDEST_CHILD_YEARS = 18
LONGEST_PREGNANCY_WEEKS = 42
BIRTH_OVERDUE_WEEKS = 4


class ChildRecordError(Exception):
    """A rule about children, families or enquiries forbids the action. `field` names the form
    field the message belongs next to, when there is one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field


class DuplicateChildError(ChildRecordError):
    """The child is already recorded. `existing` is that record; `certain` is True for the same
    NHS number or child ID, False for a likely duplicate (same name and date of birth) that the
    user may confirm is a different child."""

    def __init__(self, message: str, *, field: str, existing: Child, certain: bool):
        super().__init__(message, field=field)
        self.existing = existing
        self.certain = certain


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


def _clean_child_details(details: dict, *, today: datetime.date) -> dict:
    """Check and normalise a child's details; raise ChildRecordError for the first problem."""
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
    from django.core.exceptions import ValidationError

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
    """Change a child's details (including recording the birth of an unborn child)."""
    current = {name: getattr(child, name) for name in CHILD_DETAIL_FIELDS}
    current.update(changes)
    cleaned = _clean_child_details(current, today=timezone.localdate())
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


def restrict_child_record(*, child: Child, by, named_users: Sequence, reason: str) -> Child:
    """Make a record restricted: from now on only the named people (and whoever restricts it)
    may see it."""
    if not reason.strip():
        raise ChildRecordError("Say why the record is restricted", field="reason")
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        locked.is_restricted = True
        locked.save(update_fields=["is_restricted", "updated_at"])
        already = set(
            NamedAccess.objects.filter(child=locked, revoked_at__isnull=True).values_list(
                "user_id", flat=True
            )
        )
        for user in {by, *named_users}:
            if user.pk not in already:
                NamedAccess.objects.create(child=locked, user=user, granted_by=by, reason=reason)
    child.refresh_from_db()
    return child


def grant_named_access(*, child: Child, user, by, reason: str = "") -> NamedAccess:
    with transaction.atomic():
        existing = NamedAccess.objects.filter(
            child=child, user=user, revoked_at__isnull=True
        ).first()
        if existing:
            return existing
        return NamedAccess.objects.create(child=child, user=user, granted_by=by, reason=reason)


def revoke_named_access(*, child: Child, user, by) -> None:
    with transaction.atomic():
        for access in NamedAccess.objects.select_for_update().filter(
            child=child, user=user, revoked_at__isnull=True
        ):
            access.revoked_at = timezone.now()
            access.revoked_by = by
            access.save(update_fields=["revoked_at", "revoked_by"])


def record_child_view(*, user, child: Child | Iterable[Child], what: str, path: str = "") -> None:
    """Write to the access log that `user` viewed `what` of the child's (or children's) record."""
    children = [child] if isinstance(child, Child) else list(child)
    now = timezone.now()
    with transaction.atomic():
        ChildRecordView.objects.bulk_create(
            [
                ChildRecordView(
                    user=user, child=each, what=what[:100], path=path[:500], viewed_at=now
                )
                for each in children
            ]
        )


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


# --- Strategy discussions and Section 47 enquiries --------------------------------------------------------


def _manager_of(user):
    """Whoever signs off this user's work: their line manager, else their team's manager."""
    if user is None:
        return None
    if user.line_manager_id:
        return user.line_manager
    if user.team_id and user.team.manager_id:
        return user.team.manager
    return None


def record_strategy_discussion(
    *,
    by,
    children: Sequence[Child],
    held_at: datetime.datetime,
    participants: Sequence[dict],
    concerns: str,
    decision: str,
    reason_for_decision: str = "",
) -> StrategyDiscussion:
    """Record a strategy discussion about one or more children.

    Opens the deadlines for its record (available within 72 hours: met now, since this is the
    record) and for the team manager's sign-off. A decision for S47 opens one Section 47 enquiry
    per child, each with its ICPC_DUE and ICPC_REQUEST deadlines.
    """
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    now = timezone.now()
    if timezone.is_naive(held_at):
        held_at = timezone.make_aware(held_at)
    if held_at > now:
        raise ChildRecordError(
            "The date and time of the strategy discussion must be in the past", field="held_on"
        )
    children = list(dict.fromkeys(children))
    if not children:
        raise ChildRecordError("Choose the children the discussion was about", field="children")
    if decision not in StrategyDecision.values:
        raise ChildRecordError("Choose the decision", field="decision")
    if not concerns.strip():
        raise ChildRecordError("Enter the concerns discussed", field="concerns")
    if decision == StrategyDecision.NO_S47 and not reason_for_decision.strip():
        raise ChildRecordError(
            "Enter why a Section 47 enquiry is not needed", field="reason_for_decision"
        )
    participants = [p for p in participants if (p.get("name") or "").strip()]
    if not participants:
        raise ChildRecordError("Enter who took part and from which agency", field="participants")
    for participant in participants:
        if participant.get("agency") is None:
            raise ChildRecordError(
                f"Choose the agency {participant['name']} was from", field="participants"
            )
    held_on = timezone.localdate(held_at)

    with transaction.atomic():
        if decision == StrategyDecision.S47:
            already_open = (
                S47Enquiry.objects.select_for_update()
                .filter(child__in=children, outcome="")
                .select_related("child", "strategy_discussion")
                .first()
            )
            if already_open:
                raise ChildRecordError(
                    f"{already_open.child.legal_name} already has a Section 47 enquiry, started "
                    f"on {_date_text(already_open.started_on)}. Record its outcome before "
                    "starting another.",
                    field="children",
                )
        discussion = StrategyDiscussion.objects.create(
            held_at=held_at,
            concerns=concerns.strip(),
            decision=decision,
            reason_for_decision=reason_for_decision.strip(),
            recorded_by=by,
            recorded_at=now,
        )
        # bulk_create_with_history: a plain bulk_create would leave these rows out of history.
        bulk_create_with_history(
            [StrategyDiscussionChild(discussion=discussion, child=child) for child in children],
            StrategyDiscussionChild,
            default_user=by,
        )
        bulk_create_with_history(
            [
                StrategyDiscussionParticipant(
                    discussion=discussion,
                    name=" ".join(p["name"].split()),
                    role=(p.get("role") or "").strip(),
                    agency=p["agency"],
                )
                for p in participants
            ],
            StrategyDiscussionParticipant,
            default_user=by,
        )
        team = getattr(by, "team", None)
        timescale_services.open_deadline(
            rule=RuleCode.STRAT_RECORD, subject=discussion, start=held_at, responsible=by, team=team
        )
        timescale_services.meet_deadline(rule=RuleCode.STRAT_RECORD, subject=discussion, met_on=now)
        timescale_services.open_deadline(
            rule=RuleCode.STRAT_SIGNOFF,
            subject=discussion,
            start=held_at,
            responsible=_manager_of(by),
            team=team,
        )
        if decision == StrategyDecision.S47:
            for child in children:
                enquiry = S47Enquiry.objects.create(
                    child=child, strategy_discussion=discussion, started_on=held_on
                )
                responsible = child.lead_social_worker or by
                for rule in (RuleCode.ICPC_DUE, RuleCode.ICPC_REQUEST):
                    timescale_services.open_deadline(
                        rule=rule,
                        subject=enquiry,
                        start=held_on,
                        responsible=responsible,
                        team=getattr(responsible, "team", None),
                        child=child,
                    )
    return discussion


def _date_text(day) -> str:
    from core.templatetags.govuk import govuk_date

    return govuk_date(day)


def sign_off_strategy_discussion(*, discussion: StrategyDiscussion, by) -> StrategyDiscussion:
    """The team manager signs off the strategy discussion record (the STRAT_SIGNOFF deadline)."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    if not by.has_role(RoleCode.TEAM_MANAGER):
        raise ChildRecordError("Only a team manager can sign off a strategy discussion record")
    if by.pk == discussion.recorded_by_id:
        raise ChildRecordError(
            "A team manager other than the person who recorded it must sign it off"
        )
    now = timezone.now()
    with transaction.atomic():
        locked = StrategyDiscussion.objects.select_for_update().get(pk=discussion.pk)
        if locked.signed_off_at:
            raise ChildRecordError("This strategy discussion record has already been signed off")
        locked.signed_off_by = by
        locked.signed_off_at = now
        locked.save(update_fields=["signed_off_by", "signed_off_at"])
        timescale_services.meet_deadline(rule=RuleCode.STRAT_SIGNOFF, subject=locked, met_on=now)
    return locked


def record_s47_outcome(
    *,
    enquiry: S47Enquiry,
    by,
    outcome: str,
    concluded_on: datetime.date,
    reason: str = "",
) -> S47Enquiry:
    """Record what the Section 47 enquiry concluded. With no conference needed, the conference
    deadlines no longer apply and are waived with the reason."""
    from timescales import services as timescale_services
    from timescales.models import RuleCode

    if outcome not in S47Outcome.values:
        raise ChildRecordError("Choose the outcome of the enquiry", field="outcome")
    if concluded_on is None:
        raise ChildRecordError("Enter the date the enquiry concluded", field="concluded_on")
    if concluded_on > timezone.localdate():
        raise ChildRecordError(
            "Date the enquiry concluded must be today or in the past", field="concluded_on"
        )
    if concluded_on < enquiry.started_on:
        raise ChildRecordError(
            "Date the enquiry concluded must be on or after the strategy discussion on "
            f"{_date_text(enquiry.started_on)}",
            field="concluded_on",
        )
    if outcome == S47Outcome.NO_CONFERENCE and not reason.strip():
        raise ChildRecordError("Enter why no conference is needed", field="reason")
    with transaction.atomic():
        locked = S47Enquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.outcome:
            raise ChildRecordError("The outcome of this enquiry has already been recorded")
        locked.outcome = outcome
        locked.outcome_reason = reason.strip()
        locked.concluded_on = concluded_on
        locked.outcome_recorded_by = by
        locked.outcome_recorded_at = timezone.now()
        locked.save()
        if outcome == S47Outcome.NO_CONFERENCE:
            for rule in (RuleCode.ICPC_REQUEST, RuleCode.ICPC_DUE):
                timescale_services.withdraw_deadline(
                    rule=rule,
                    subject=locked,
                    reason=f"The Section 47 enquiry found no conference is needed: {locked.outcome_reason}",
                    by=by,
                )
    return locked
