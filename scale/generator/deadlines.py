"""Deadlines and breach QANs: one deadline row per rule and subject in the state its history
gives it, and the QAN a breach raises.

Uses `add` (writer), `due` and `at` (diary) and the Generator's `policy`, `content_types`,
`rng`, `now` and `staff`.
"""

from __future__ import annotations

import datetime

from timescales.models import (
    Deadline,
    DeadlineStatus,
    QanKind,
    QanStatus,
    QualityAssuranceNotification,
)


class Deadlines:
    """Write deadlines and the QANs their breaches raise."""

    def deadline(
        self,
        rule,
        subject,
        *,
        start,
        met_at=None,
        live=False,
        child=None,
        responsible=None,
        chair=None,
        not_applicable="",
        missed=False,
    ):
        """One deadline row in the state its history gives it: met (on time or late, with a
        breach and its closed QAN when it was late by more than a day), not applicable, or
        still live (open, or breached with an open QAN, or overdue and left for the sweep), or
        missed (a preparation deadline the meeting was held without, with its closed QAN)."""
        policy = self.policy[rule]
        due_on, due_at = self.due(rule, start)
        starts_at = start if isinstance(start, datetime.datetime) else self.at(start, 9)
        row = Deadline(
            rule=rule,
            subject_type_id=self.content_types[type(subject)],
            child=child,
            starts_at=starts_at,
            due_on=due_on,
            due_at=due_at,
            policy_value=policy.value,
            policy_unit=policy.unit,
            policy_direction=policy.direction,
            responsible=responsible,
            team_id=responsible.team_id if responsible is not None else None,
            chair=chair,
        )
        row._subject = subject
        qan_status = None
        if missed:
            row.status = DeadlineStatus.MISSED
            row.breached_at = due_at
            qan_status = QanStatus.CLOSED
        elif not_applicable:
            row.status = DeadlineStatus.NOT_APPLICABLE
            row.not_applicable_reason = not_applicable
            row.not_applicable_signed_off_by = getattr(responsible, "line_manager", None)
        elif met_at is not None and not live:
            row.met_at = met_at
            if met_at >= due_at:
                row.status = DeadlineStatus.MET_LATE
                row.delay_reason = "The family were not available earlier."
                if met_at - due_at > datetime.timedelta(days=1):
                    row.breached_at = due_at
                    qan_status = QanStatus.CLOSED
                if self.rng.random() < 0.6 and responsible is not None:
                    row.delay_reason_signed_off_by = responsible.line_manager
                    row.delay_reason_signed_off_at = met_at + datetime.timedelta(days=2)
            else:
                row.status = DeadlineStatus.MET_ON_TIME
        elif due_at <= self.now and self.rng.random() < 0.7:
            row.status = DeadlineStatus.BREACHED
            row.breached_at = due_at
            qan_status = self.rng.choice([QanStatus.OPEN, QanStatus.OPEN, QanStatus.ACKNOWLEDGED])
        else:
            row.status = DeadlineStatus.OPEN  # due later, or overdue and waiting for the sweep
        self.add(row)
        if qan_status is not None and policy.raises_qan:
            self._breach_qan(row, qan_status)
        return row

    def _breach_qan(self, row, status):
        responsible = row.responsible
        manager = getattr(responsible, "line_manager", None) or self.staff.qa_managers[0]
        qan = QualityAssuranceNotification(
            kind=QanKind.BREACH,
            rule=row.rule,
            deadline=row,
            child=row.child,
            responsible=responsible,
            addressed_to=manager,
            agency_id=responsible.agency_id if responsible is not None else None,
            team_id=row.team_id,
            status=status,
            raised_at=row.breached_at,
            emailed_at=row.breached_at + datetime.timedelta(minutes=5),
        )
        if status in (QanStatus.ACKNOWLEDGED, QanStatus.CLOSED):
            qan.acknowledged_at = row.breached_at + datetime.timedelta(days=1)
            qan.acknowledged_by = manager
        if status == QanStatus.CLOSED:
            qan.explanation = "The family asked for a later date."
            qan.explained_at = row.breached_at + datetime.timedelta(days=2)
            qan.explained_by = manager
            qan.closing_note = "Explanation accepted."
            qan.closed_at = row.breached_at + datetime.timedelta(days=3)
            qan.closed_by = self.staff.qa_managers[0]
        self.add(qan)
