"""Recording the birth of a child recorded unborn (001 §15, issue 22).

The unborn record becomes the born child's record: the same row, so its conferences, plan,
family and history follow the baby. The expected date of delivery stays on the record beside the
date of birth, and the history keeps the unborn record as it was. When the baby was unborn at a
pre-birth conference, or on a plan before birth, the conference must be reconvened after the
birth: BIRTH_RECONVENE opens (the policy's working days, 10 by default, from the date of birth),
met when a conference for the child is held on or after the birth (conferences.services.
finalising). Only the lead social worker or their manager records the birth. ADR 54.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from core.history import save_as
from core.templatetags.govuk import govuk_date
from timescales import services as timescale_services
from timescales.models import RuleCode

from ..models import Child, Sex
from .child_record import refresh_search_tokens
from .errors import ChildRecordError

# A birth more than this far before or after the expected date of delivery (before 37 weeks of
# pregnancy, or after 42) needs a word on why, so a mistyped date is caught.
EARLY_WEEKS = 3
LATE_WEEKS = 2
NOTE_LENGTH = 500
# Conference kinds of a pre-birth conference (conferences.models.PRE_BIRTH_KINDS; named here
# as values, because conferences imports children).
PRE_BIRTH_CONFERENCE_KINDS = ("pre_birth", "pre_birth_review")


def _weeks_and_days(days: int) -> str:
    weeks, rest = divmod(days, 7)
    parts = []
    if weeks:
        parts.append(f"{weeks} week{'s' if weeks != 1 else ''}")
    if rest or not weeks:
        parts.append(f"{rest} day{'s' if rest != 1 else ''}")
    return " and ".join(parts)


def _check(child: Child, *, forename, surname, sex, born, note, today) -> None:
    if not forename:
        raise ChildRecordError("Enter the baby's first name", field="legal_forename")
    if not surname:
        raise ChildRecordError("Enter the baby's last name", field="legal_surname")
    if sex not in Sex.values:
        raise ChildRecordError("Select the baby's sex", field="sex")
    if born is None:
        raise ChildRecordError("Enter the date of birth", field="date_of_birth")
    if born > today:
        raise ChildRecordError(
            "The date of birth must be today or in the past", field="date_of_birth"
        )
    recorded_on = timezone.localdate(child.created_at) if child.created_at else None
    if recorded_on and born < recorded_on:
        raise ChildRecordError(
            f"The baby was recorded as unborn on {govuk_date(recorded_on)}, so the date of birth "
            "cannot be before then",
            field="date_of_birth",
        )
    if len(note) > NOTE_LENGTH:
        raise ChildRecordError(
            f"Why the date is far from the expected date must be {NOTE_LENGTH} characters or fewer",
            field="birth_date_note",
        )
    due = child.expected_date_of_delivery
    if due and not note:
        if born < due - datetime.timedelta(weeks=EARLY_WEEKS):
            raise ChildRecordError(
                f"The date of birth is {_weeks_and_days((due - born).days)} before the expected "
                f"date of delivery ({govuk_date(due)}). Check the date, or say why (for example, "
                "the baby was born early)",
                field="birth_date_note",
            )
        if born > due + datetime.timedelta(weeks=LATE_WEEKS):
            raise ChildRecordError(
                f"The date of birth is {_weeks_and_days((born - due).days)} after the expected "
                f"date of delivery ({govuk_date(due)}). Check the date, or say why (for example, "
                "the expected date was wrong)",
                field="birth_date_note",
            )


def needs_reconvening(child: Child) -> bool:
    """The baby was unborn at a pre-birth conference (not cancelled) or on a plan before birth."""
    pre_birth = child.conference_links.filter(
        conference__kind__in=PRE_BIRTH_CONFERENCE_KINDS
    ).exclude(conference__status="cancelled")
    return pre_birth.exists() or child.protection_plans.exists()


def record_birth(
    *,
    child: Child,
    by,
    legal_forename: str,
    legal_surname: str,
    sex: str,
    date_of_birth: datetime.date | None,
    birth_date_note: str = "",
) -> Child:
    """The baby is born: name, sex and date of birth recorded on the unborn record, which becomes
    a born child's (history kept). Opens BIRTH_RECONVENE when the baby was at a pre-birth
    conference or on a plan. Raises ChildRecordError (with the field) for a problem."""
    if not child.is_unborn:
        raise ChildRecordError(f"The birth of {child.legal_name} is already recorded")
    if not by.has_perm("children.record_birth", child):
        raise ChildRecordError("Only the lead social worker or their manager may record the birth")
    forename = " ".join((legal_forename or "").split())
    surname = " ".join((legal_surname or "").split())
    note = (birth_date_note or "").strip()
    today = timezone.localdate()
    with transaction.atomic():
        locked = Child.objects.select_for_update().get(pk=child.pk)
        if not locked.is_unborn:
            raise ChildRecordError(f"The birth of {locked.legal_name} is already recorded")
        _check(
            locked,
            forename=forename,
            surname=surname,
            sex=sex,
            born=date_of_birth,
            note=note,
            today=today,
        )
        locked.is_unborn = False
        locked.legal_forename, locked.legal_surname = forename, surname
        locked.sex = sex
        locked.date_of_birth = date_of_birth
        locked.birth_date_note = note
        locked.birth_recorded_at, locked.birth_recorded_by = timezone.now(), by
        save_as(locked, by=by, reason="Birth recorded")
        refresh_search_tokens([locked])
        if needs_reconvening(locked):
            timescale_services.open_deadline(
                rule=RuleCode.BIRTH_RECONVENE,
                subject=locked,
                start=date_of_birth,
                responsible=locked.lead_social_worker or by,
                child=locked,
            )
    child.refresh_from_db()
    return child
