"""The report deadlines of a conference: opened (or moved) when it is booked and its invitations
sent, closed when it is cancelled. SW_REPORT_PARENTS and SW_REPORT_CHAIR for an initial
conference, the RCPC_REPORT_QA/PARENTS/CHAIR three for a review, and AGENCY_REPORT for each
invited professional."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Q

from conferences.models import Conference, ConferenceStatus, Invitation, InviteeKind
from core.history import save_as
from timescales import services as timescale_services
from timescales.models import LIVE_STATUSES, Deadline, DeadlineStatus, RuleCode
from timescales.preparation import move_preparation_deadlines

from ..models import AgencyReport, SocialWorkReport
from ._common import _children, _rules_for


def _lead_social_worker(conference, children):
    lead = next((c.lead_social_worker for c in children if c.lead_social_worker_id), None)
    if lead is None and conference.request_id:
        lead = conference.request.requested_by
    return lead


def open_report_deadlines(*, conference: Conference, by) -> list:
    """Open (or, when the conference's time changed, move) the report deadlines of a booked
    conference. Idempotent: called from booking and from sending invitations, any number of
    times. A deadline already met or closed is left alone, never opened again. An invitation
    no longer active has its AGENCY_REPORT withdrawn. Returns the live deadlines."""
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.status != ConferenceStatus.BOOKED or locked.starts_at is None:
            return []
        children = _children(locked)
        lead = _lead_social_worker(locked, children)
        first_child = children[0] if children else None
        invitations = list(
            Invitation.objects.filter(conference=locked, kind=InviteeKind.PROFESSIONAL)
            .select_related("user", "agency", "involvement", "involvement__agency")
            .order_by("pk")
        )
        conference_type = ContentType.objects.get_for_model(Conference)
        invitation_type = ContentType.objects.get_for_model(Invitation)
        existing: dict[tuple, Deadline] = {}
        # The newest deadline of each rule and subject: live, or closed (met, withdrawn).
        for deadline in Deadline.objects.filter(
            subject_type=conference_type, subject_id=locked.pk
        ).order_by("pk"):
            existing[(deadline.rule, "conference", deadline.subject_id)] = deadline
        for deadline in Deadline.objects.filter(
            rule=RuleCode.AGENCY_REPORT,
            subject_type=invitation_type,
            subject_id__in=[i.pk for i in invitations],
        ).order_by("pk"):
            existing[(deadline.rule, "invitation", deadline.subject_id)] = deadline

        def open_or_move(rule, subject, key, **people):
            deadline = existing.get(key)
            if deadline is None:
                return timescale_services.open_deadline(
                    rule=rule, subject=subject, start=locked.starts_at, **people
                )
            if deadline.status == DeadlineStatus.OPEN and deadline.starts_at != locked.starts_at:
                return timescale_services.move_deadline(
                    rule=rule,
                    subject=subject,
                    start=locked.starts_at,
                    reason="Conference re-booked",
                )
            return deadline

        result = []
        for rule in _rules_for(locked).values():
            result.append(
                open_or_move(
                    rule,
                    locked,
                    (rule, "conference", locked.pk),
                    responsible=lead,
                    child=first_child,
                    chair=locked.chair,
                )
            )
        for invitation in invitations:
            key = (RuleCode.AGENCY_REPORT, "invitation", invitation.pk)
            if not invitation.is_active:
                deadline = existing.get(key)
                if deadline is not None and deadline.status in LIVE_STATUSES:
                    timescale_services.withdraw_deadline(
                        rule=RuleCode.AGENCY_REPORT,
                        subject=invitation,
                        reason="Taken off the invite list",
                        by=by,
                    )
                continue
            involvement = invitation.involvement
            result.append(
                open_or_move(
                    RuleCode.AGENCY_REPORT,
                    invitation,
                    key,
                    responsible=invitation.user,
                    child=involvement.child if involvement else first_child,
                    chair=locked.chair,
                    agency=invitation.agency
                    or (involvement.agency if involvement else None)
                    or (invitation.user.agency if invitation.user else None),
                )
            )
        # Anything already done before its deadline was opened counts as done.
        report = SocialWorkReport.objects.filter(conference=locked).first()
        rules = _rules_for(locked)
        if report is not None:
            if "sign_off" in rules and report.signed_off_at:
                timescale_services.meet_deadline(
                    rule=rules["sign_off"], subject=locked, met_on=report.signed_off_at
                )
            if report.shared_with_parents_at:
                timescale_services.meet_deadline(
                    rule=rules["parents"], subject=locked, met_on=report.shared_with_parents_at
                )
            if report.sent_to_chair_at:
                timescale_services.meet_deadline(
                    rule=rules["chair"], subject=locked, met_on=report.sent_to_chair_at
                )
        for agency_report in AgencyReport.objects.filter(conference=locked):
            timescale_services.meet_deadline(
                rule=RuleCode.AGENCY_REPORT,
                subject=agency_report.invitation,
                met_on=agency_report.submitted_at,
            )
        # Never due before the day the conference was booked (ADR 45).
        clamped = {d.pk: d for d in move_preparation_deadlines(conference=locked)}
        result = [clamped.get(d.pk, d) if d is not None else d for d in result]
    return [d for d in result if d is not None and d.status in LIVE_STATUSES]


def close_report_deadlines(*, conference: Conference, reason: str, by) -> int:
    """A cancelled conference will not happen: its reports are no longer due. Only open
    deadlines close (as not applicable, with the reason); a breach already recorded stands."""
    rules = set(_rules_for(conference).values()) | {RuleCode.AGENCY_REPORT}
    subjects = Q(
        subject_type=ContentType.objects.get_for_model(Conference), subject_id=conference.pk
    ) | Q(
        subject_type=ContentType.objects.get_for_model(Invitation),
        subject_id__in=Invitation.objects.filter(conference=conference).values("pk"),
    )
    closed = 0
    with transaction.atomic():
        for deadline in Deadline.objects.select_for_update().filter(
            subjects, rule__in=rules, status=DeadlineStatus.OPEN
        ):
            deadline.status = DeadlineStatus.NOT_APPLICABLE
            deadline.not_applicable_reason = reason
            save_as(deadline, by=by)
            closed += 1
    return closed
