"""Reports to conference: invitations made directly (the invitations issue builds the real
sending), synthetic documents (tiny PDFs and Word files made here, never real ones), and a
booked conference ready to report to. Synthetic data only."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AgencyKind
from children.models import ProfessionalRole
from conferences.models import Invitation, InvitationMethod, InviteeKind

from .accounts import AgencyFactory
from .children import ProfessionalInvolvementFactory

PDF_BYTES = b"%PDF-1.4\n% synthetic test document\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOC_BYTES = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Synthetic report</w:document>")
    return buffer.getvalue()


def zip_without_word_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


def upload(name: str = "report.pdf", content: bytes = PDF_BYTES, content_type: str = ""):
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


def pdf_upload(name: str = "report.pdf"):
    return upload(name, PDF_BYTES)


def professional_invitation(
    conference,
    *,
    role: str = ProfessionalRole.HEALTH_VISITOR,
    user=None,
    agency=None,
    name: str | None = None,
    is_active: bool = True,
):
    """An invited professional (as the invitations service would record them): their
    involvement with the conference's first child, and the invitation."""
    child = conference.conference_children.order_by("pk").first().child
    if agency is None:
        agency = AgencyFactory(
            kind=AgencyKind.POLICE if role == ProfessionalRole.POLICE else AgencyKind.HEALTH
        )
    involvement = ProfessionalInvolvementFactory(
        child=child,
        role=role,
        user=user,
        agency=agency,
        name="" if user else (name or "Pat Professional"),
    )
    return Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        involvement=involvement,
        user=user,
        agency=agency,
        name=user.full_name if user else involvement.name,
        connection=involvement.get_role_display(),
        organisation=agency.name,
        email=user.email if user else involvement.email,
        method=InvitationMethod.EMAIL,
        sent_at=timezone.now(),
        is_active=is_active,
    )


def signed_off_report(*, conference, worker, manager, **text):
    """A social work report written, sent for sign-off and signed off, through the services."""
    from reports import services

    text.setdefault("worries", "Bruising seen at nursery; father's drinking.")
    text.setdefault("working_well", "Mother takes the children to every appointment.")
    text.setdefault("recommended_category", "physical_abuse")  # a recommended plan's category
    report = services.save_social_work_report(
        conference=conference, by=worker, recommendation="cp_plan", scaling_score=3, **text
    )
    services.submit_for_sign_off(report=report, by=worker)
    return services.sign_off_report(report=report, by=manager)


# --- Minutes and feedback (issue 6) ---------------------------------------------------------------


def held_conference(*, request, coordinator, chair, minute_taker, professionals=(), slot=True):
    """A conference booked with a minute taker, `professionals` (users) invited, started today by
    its chair, everyone marked as attending, a Signs of Safety record filled in and (if `slot`) a
    professionals-only slot agreed by the chair. Returns (conference, professional invitations)."""
    from conferences import services as conference_services
    from conferences.models import (
        Attendance,
        AttendanceStatus,
        ChairDecision,
        ChairDecisionKind,
        DangerStatement,
        SafetyGoal,
        SignsOfSafetyRecord,
    )

    from .conferences import booked_conference, move_to_today, send_invitations

    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    invitations = [professional_invitation(conference, user=user) for user in professionals]
    move_to_today(conference)
    conference = conference_services.start_conference(conference=conference, by=chair)
    Attendance.objects.filter(conference=conference).update(status=AttendanceStatus.ATTENDED)
    record, _ = SignsOfSafetyRecord.objects.get_or_create(conference=conference)
    record.worried_about_harm = "Bruising seen at nursery."
    record.working_well = "Grandmother collects the children from school every day."
    record.next_steps = "Core group to meet within 10 working days."
    record.save()
    statement = DangerStatement.objects.create(
        record=record, position=1, statement="Social care are worried the children may be hurt."
    )
    SafetyGoal.objects.create(danger_statement=statement, goal="The children are safe at home.")
    if slot:
        ChairDecision.objects.create(
            conference=conference,
            kind=ChairDecisionKind.PROFESSIONAL_SLOT,
            about="Police intelligence",
            agreed=True,
            reason="Information that cannot yet be shared with the family.",
            decided_by=chair,
        )
    return conference, invitations


def complete_minutes(*, minutes, by, slot_text: str = "Secret police intelligence"):
    """Fill every section still "To be completed" (the professionals-only one with `slot_text`)."""
    from reports import services

    sections = [
        {
            "heading": s.heading,
            "text": (slot_text if not s.family_may_see else "Child protection plan: neglect.")
            if services.TO_BE_COMPLETED in s.text
            else s.text,
            "family_may_see": s.family_may_see,
        }
        for s in minutes.sections.order_by("position")
    ]
    return services.save_minutes(minutes=minutes, by=by, sections=sections)


def decided_conference(*, request, coordinator, chair, minute_taker, children, slot=False):
    """Issue 18: a conference started, made quorate, with a Signs of Safety record, two danger
    statements, a participant's scores for each child, the social worker's recommendation and
    three views (one dissenting), and a finalised plan decision for each child (category
    neglect, outcomes, an action towards danger statement 1, a contingency plan): it is held.
    With `slot`, the chair agreed a professionals-only slot."""
    import datetime

    from conferences import scaling
    from conferences import services as conference_services
    from conferences.models import ChairDecision, ChairDecisionKind

    from .conferences import (
        add_danger_statements,
        decide,
        give_views,
        make_quorate,
        started_conference,
    )

    conference = started_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    conference = make_quorate(conference, by=minute_taker)
    conference_services.save_signs_of_safety(
        conference=conference,
        by=minute_taker,
        worried_about_harm="Bruising seen at nursery.",
        working_well="Grandmother collects the children every day.",
        next_steps="Core group to meet within 10 working days.",
    )
    if slot:
        ChairDecision.objects.create(
            conference=conference,
            kind=ChairDecisionKind.PROFESSIONAL_SLOT,
            about="Police intelligence",
            agreed=True,
            reason="Information that cannot yet be shared with the family.",
            decided_by=chair,
        )
    dangers = add_danger_statements(conference, by=minute_taker, count=2)
    scores = [{"danger_statement": dangers[0], "child": children[0], "score": 3}]
    scores.append({"danger_statement": dangers[1], "child": children[0], "score": 5})
    scores += [
        {"danger_statement": dangers[0], "child": child, "score": 7} for child in children[1:]
    ]
    scaling.record_scale_scores(
        conference=conference,
        by=minute_taker,
        participant="Hannah Visitor",
        role="Health visitor",
        scores=scores,
    )
    for decision in conference_services.open_decisions(conference=conference, by=chair):
        conference_services.record_recommendation(
            decision=decision, by=minute_taker, recommendation="cp_plan"
        )
        give_views(
            decision,
            by=chair,
            views=["cp_plan", "cp_plan", ("nfa", "The family are working well with the school.")],
        )
        decide(
            decision,
            by=chair,
            category="neglect",
            rationale="The children are at continuing risk of neglect.",
            outcomes_for_child="The children are fed, clean and at school every day.",
            contingency_plan="If the plan is not followed, a strategy discussion is held.",
            actions=[
                {
                    "what": "Attend a parenting course",
                    "who": "Sarah Jones",
                    "by_when": datetime.date(2026, 12, 2),
                    "danger_statement_position": 1,
                }
            ],
        )
        conference_services.finalise_decision(decision=decision, by=chair)
    conference.refresh_from_db()
    return conference
