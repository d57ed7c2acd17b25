"""Quoracy: a conference is quorate when the chair, the children's social worker and at least two
agencies other than children's social care attended (DOMAIN.md; West Sussex, seed 003). Otherwise
the chair adjourns, or proceeds with a recorded reason (for example a baby known only to the
health visitor)."""

from dataclasses import dataclass, field

from .models import Attendance, AttendanceKind, AttendanceRole

OTHER_AGENCIES_NEEDED = 2


@dataclass
class Quoracy:
    quorate: bool
    chair_attended: bool
    social_worker_attended: bool
    other_agencies: list[str] = field(default_factory=list)  # distinct, in the order they came
    unconfirmed: int = 0  # rows still "not confirmed yet"
    reason: str = ""  # the chair's recorded reason to proceed when not quorate
    explanation: str = ""

    @property
    def may_proceed(self) -> bool:
        return self.quorate or bool(self.reason)


def attendance_rows(conference) -> list[Attendance]:
    """The conference's attendance with agencies: one query."""
    return list(
        Attendance.objects.filter(conference=conference)
        .select_related("agency")
        .order_by("kind", "name", "pk")
    )


def _agency_key(row: Attendance):
    if row.agency_id:
        return ("agency", row.agency_id)
    return ("organisation", " ".join(row.organisation.lower().split()))


def _names(names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def quoracy(conference, rows: list[Attendance] | None = None) -> Quoracy:
    """The facts of quoracy and a plain-English explanation. Pass the attendance rows (with
    their agencies) if they are already read; the children's lead social workers are read from
    the conference's prefetched children when they are there."""
    if rows is None:
        rows = attendance_rows(conference)
    lead_workers = {
        link.child.lead_social_worker_id
        for link in conference.conference_children.all()
        if link.child.lead_social_worker_id
    }
    attended = [row for row in rows if row.attended]
    chair_attended = any(
        row.conference_role == AttendanceRole.CHAIR
        or (conference.chair_id and row.user_id == conference.chair_id)
        for row in attended
    )
    social_worker_attended = any(
        row.kind == AttendanceKind.PROFESSIONAL
        and (
            row.conference_role == AttendanceRole.SOCIAL_WORKER
            or (row.user_id is not None and row.user_id in lead_workers)
        )
        for row in attended
    )
    agencies: dict = {}
    for row in attended:
        if row.is_quorum_agency and not (row.user_id is not None and row.user_id in lead_workers):
            agencies.setdefault(_agency_key(row), row.agency_name)
    other_agencies = list(agencies.values())
    quorate = (
        chair_attended and social_worker_attended and len(other_agencies) >= OTHER_AGENCIES_NEEDED
    )
    unconfirmed = sum(1 for row in rows if row.status == "expected")

    if quorate:
        explanation = (
            f"Quorate: the chair, the children's social worker and {len(other_agencies)} other "
            f"agencies attended ({_names(other_agencies)})"
        )
    else:
        missing = []
        if not chair_attended:
            missing.append("the chair is not recorded as attending")
        if not social_worker_attended:
            missing.append("the children's social worker is not recorded as attending")
        if not other_agencies:
            missing.append("no agency other than children's social care attended")
        elif len(other_agencies) < OTHER_AGENCIES_NEEDED:
            missing.append(
                "only one agency other than children's social care attended "
                f"({_names(other_agencies)})"
            )
        explanation = "Not quorate: " + "; ".join(missing)
    if unconfirmed:
        explanation += (
            f". {unconfirmed} {'people are' if unconfirmed != 1 else 'person is'} not confirmed yet"
        )
    return Quoracy(
        quorate=quorate,
        chair_attended=chair_attended,
        social_worker_attended=social_worker_attended,
        other_agencies=other_agencies,
        unconfirmed=unconfirmed,
        reason=conference.quorate_reason,
        explanation=explanation,
    )


def may_reach_decision(conference, rows: list[Attendance] | None = None) -> tuple[bool, str]:
    """Whether the conference may go on to its decision: quorate, or the chair has recorded why
    it proceeds although it is not."""
    facts = quoracy(conference, rows)
    if facts.quorate:
        return True, facts.explanation
    if conference.quorate_reason.strip():
        return True, (
            f"{facts.explanation}. The chair recorded why the conference proceeds: "
            f"{conference.quorate_reason.strip()}"
        )
    return False, (
        f"{facts.explanation}. The chair must record why the conference proceeds, or adjourn it"
    )
