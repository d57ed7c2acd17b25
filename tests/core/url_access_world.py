"""The world the URL-by-role test visits: one child with everything a URL can name (family,
professionals, strategy discussion, S47 enquiry, request, a held and decided conference with
letters, reports, a document, circulated minutes with an amendment request, feedback, a plan with
a core group meeting, deadlines and a QAN), and a user for every role.

Every staff user is the one *involved* with the child where a role can be (the lead social
worker, their team manager, the conference's chair and minute taker), so the table records what
the role may do at its widest. The `agency_professional` is a professional working with a
*different* child, guessing this child's numbers; `invited_professional` is the professional
invited to this child's conference, in its core group, author of its agency report and holder of
a copy of its minutes. Synthetic people only.
"""

import datetime
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import RoleCode
from children.models import LegalBasis, Relationship
from conferences import services as conference_services
from conferences.models import DangerStatement, SafetyGoal, SignsOfSafetyRecord
from contextual import services as csc_services
from coreGroups.models import CoreGroupMeeting
from plans.models import ChildProtectionPlan, CoreGroupMember
from reports import services as report_services
from reports.models import AgencyReport, MinutesCopy
from returns.census_import.report import ImportReport
from returns.models import CensusImport, CensusRun
from tests.factories.accounts import AgencyFactory, TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    UnbornChildFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    agency_professional_for,
    booked_conference,
    decide_every_child,
    make_quorate,
    move_to_today,
    send_invitations,
    send_request,
)
from tests.factories.contextual import add_outcome as add_csc_outcome
from tests.factories.contextual import held_csc_with_plan, today_at
from tests.factories.coreGroups import held_meeting
from tests.factories.reports import complete_minutes, pdf_upload, professional_invitation
from tests.factories.timescales import qan_for
from voice import services as voice_services

# The name every page about the world's child would show: its absence proves "none of the data".
CHILD_SURNAME = "Zanzibarova"

ANONYMOUS = "anonymous"
NO_ROLE = "no_role"
INVITED_PROFESSIONAL = "invited_professional"
# Every column of the expected-access table, in order.
VISITORS = (ANONYMOUS, NO_ROLE, *RoleCode.values, INVITED_PROFESSIONAL)


@dataclass
class World:
    users: dict
    objects: dict = field(default_factory=dict)

    def user(self, visitor: str):
        return self.users.get(visitor)


def build_world() -> World:
    team = TeamFactory()
    manager = UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR])
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER])
    qa = UserFactory(roles=[RoleCode.QA_MANAGER])

    # Eleven on any day the tests pin: old enough for "My plan" (8 and over), so its row holds.
    child = ChildFactory(
        legal_forename="Amelia",
        legal_surname=CHILD_SURNAME,
        lead_social_worker=worker,
        date_of_birth=timezone.localdate() - datetime.timedelta(days=11 * 365 + 100),
    )
    family_link = FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename="Sarah", surname=CHILD_SURNAME),
        relationship=Relationship.MOTHER,
    )
    involvement = ProfessionalInvolvementFactory(child=child, name="Pat Health")
    invited, _ = agency_professional_for(child=child)
    # Issue 22: a baby not born yet, the worker its lead social worker (recording the birth).
    unborn_child = UnbornChildFactory(legal_surname=CHILD_SURNAME, lead_social_worker=worker)
    other_child = ChildFactory(legal_surname="Elsewhere")
    guesser, _ = agency_professional_for(child=other_child)

    enquiries = enquiries_needing_conference(by=worker, children=[child])
    discussion = enquiries[0].strategy_discussion
    request = send_request(by=worker, enquiries=enquiries)
    # Booked and invited; the invited professional reports before the day; then held and decided.
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    invitation = professional_invitation(conference, user=invited)
    report = report_services.submit_agency_report(
        invitation=invitation,
        by=invited,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        document=pdf_upload(),
        worries=f"Worries about {CHILD_SURNAME}",
    )
    # Sent again with another document: the first stays readable from the report's history.
    earlier_document = report.document
    report = report_services.submit_agency_report(
        invitation=invitation,
        by=invited,
        may_share_with_family=False,
        not_shared_reason="It names a third party.",
        document=pdf_upload("Second report.pdf"),
        worries=f"Worries about {CHILD_SURNAME}",
    )
    report = AgencyReport.objects.get(pk=report.pk)
    move_to_today(conference)
    conference = conference_services.start_conference(conference=conference, by=chair)
    # Issue 21: something the child made, kept with the child's voice.
    drawing = SimpleUploadedFile("drawing.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    voice_upload = voice_services.add_upload(
        conference=conference, child=child, by=worker, upload=drawing, description="A drawing"
    )
    record, _ = SignsOfSafetyRecord.objects.get_or_create(conference=conference)
    record.worried_about_harm = "Bruising seen at nursery."
    record.working_well = "Grandmother collects the children from school every day."
    record.next_steps = "Core group to meet within 10 working days."
    record.save()
    statement = DangerStatement.objects.create(
        record=record, position=1, statement="Social care are worried the children may be hurt."
    )
    SafetyGoal.objects.create(danger_statement=statement, goal="The children are safe at home.")
    make_quorate(conference, by=minute_taker)
    decide_every_child(conference, chair=chair)
    family_invitation = conference.invitations.filter(kind="family").order_by("pk").first()

    minutes = report_services.start_minutes(conference=conference, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    report_services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    minutes = report_services.approve_minutes(minutes=minutes, by=chair)
    report_services.circulate_minutes(minutes=minutes, by=coordinator)
    copy = MinutesCopy.objects.get(minutes=minutes, invitation=invitation)
    amendment = report_services.request_minutes_amendment(
        copy=copy, by=invited, text="My job title is wrong."
    )
    report_services.record_feedback(
        conference=conference, by=invited, understood=4, listened_to=5, invitation=invitation
    )

    plan = ChildProtectionPlan.objects.get(child=child)
    CoreGroupMember.objects.get_or_create(
        plan=plan, user=invited, defaults={"name": invited.full_name, "role": "Health visitor"}
    )
    held_meeting(plan=plan, by=worker)
    meeting = CoreGroupMeeting.objects.filter(plan=plan).order_by("pk").first()
    qan = qan_for(responsible=worker, child=child)
    # Issue 21: the family's safety network and the plan's danger statement in words for the child.
    from plans.services import add_safety_network_member

    network_member = add_safety_network_member(
        plan=plan,
        name="Gwen Ashworth",
        relationship_to_child="Grandmother",
        involvement="Collects the children from school",
        kept_informed="By the social worker after each core group meeting",
        by=worker,
    )
    plan_statement = plan.danger_statements.order_by("position").first()
    # Issue 22: a specialist assessment requested on the plan, and the family's request for a
    # change of worker waiting for the team manager.
    from children.services import record_worker_change_request
    from plans.services import request_specialist_assessment

    specialist_assessment = request_specialist_assessment(
        plan=plan,
        by=worker,
        assessment_type="Parenting capacity assessment",
        purpose="Whether the parents can keep the children safe",
        assessor="Dr Ada Pryce",
        by_when=timezone.localdate() + datetime.timedelta(weeks=6),
    )
    record_worker_change_request(
        child=child,
        by=worker,
        requested_by_name="The children's mother",
        requested_on=timezone.localdate(),
        reason="She would like a worker she has not met before",
    )
    # Issue 22: the child became looked after (a period to end) while on the plan (a prompt).
    from plans.models import EarlyReviewPrompt
    from plans.services import record_looked_after_period

    looked_after_period = record_looked_after_period(
        child=child,
        started_on=timezone.localdate() - datetime.timedelta(days=1),
        legal_basis=LegalBasis.SECTION_20,
        independent_reviewing_officer="Imogen Reeve",
        by=worker,
    )
    early_review_prompt = EarlyReviewPrompt.objects.get(plan=plan)
    deadline = child.deadlines.order_by("pk").first()

    users = {
        NO_ROLE: UserFactory(roles=[]),
        RoleCode.SOCIAL_WORKER.value: worker,
        RoleCode.TEAM_MANAGER.value: manager,
        RoleCode.SERVICE_MANAGER.value: UserFactory(roles=[RoleCode.SERVICE_MANAGER]),
        RoleCode.HEAD_OF_SERVICE.value: UserFactory(roles=[RoleCode.HEAD_OF_SERVICE]),
        RoleCode.CONFERENCE_COORDINATOR.value: coordinator,
        RoleCode.CHAIR.value: chair,
        RoleCode.MINUTE_TAKER.value: minute_taker,
        RoleCode.QA_MANAGER.value: qa,
        RoleCode.AGENCY_PROFESSIONAL.value: guesser,
        RoleCode.ENQUIRER.value: UserFactory(roles=[RoleCode.ENQUIRER]),
        INVITED_PROFESSIONAL: invited,
    }
    # An enquiry made by the world's enquirer (about nobody yet), and the child's move in: the
    # enquiry's pages belong to its enquirer alone.
    from enquiries.services import record_enquiry
    from plans.models import PlanCategory, TransferIn

    enquirer_agency = AgencyFactory(known_phone_number="01632 960222")
    users[RoleCode.ENQUIRER.value].agency = enquirer_agency
    users[RoleCode.ENQUIRER.value].save()
    enquiry = record_enquiry(
        by=users[RoleCode.ENQUIRER.value],
        caller_name="DC Priya Patel",
        caller_role="Detective constable",
        agency=enquirer_agency,
        caller_number="07700 900123",
        reason="Called to an incident at the address",
        called_back_on="01632 960222",
    )
    transfer_in = TransferIn.objects.create(
        child=child,
        previous_authority="Somerset Council",
        previous_plan_started_on=timezone.localdate() - datetime.timedelta(days=200),
        previous_plan_category=PlanCategory.NEGLECT,
        moved_in_on=timezone.localdate() - datetime.timedelta(days=100),
        notified_on=timezone.localdate() - datetime.timedelta(days=100),
        recorded_by=worker,
    )
    # Still being prepared: its page answers, its download is not there yet (404).
    census_run = CensusRun.objects.create(
        reference_date=datetime.date(2026, 3, 31), requested_by=qa
    )
    census_import = CensusImport.objects.create(
        filename="cin.xml",
        content="<Message/>",
        uploaded_by=qa,
        status="refused",
        dry_run_report=ImportReport.refused_file("The file is not a census message."),
    )
    # Issue 17: a manager's report the chair asked of the invited professional's agency, and an
    # escalated decision for the child.
    from conferences.models import AdjournmentReport, ChildDecision, DecisionEscalation

    adjournment_report = AdjournmentReport.objects.create(
        conference=conference,
        agency=invited.agency,
        views_summary="A view that differed.",
        requested_by=chair,
        due_on=timezone.localdate(),
    )
    decision, _ = ChildDecision.objects.get_or_create(conference=conference, child=child)
    escalation = DecisionEscalation.objects.create(
        decision=decision,
        conference=conference,
        child=child,
        plan=plan,
        reason="split_continues",
        views_summary="2 for a plan, 2 for no plan",
        raised_by=chair,
        due_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    # Issue 22 item 4: a Child in Need plan for the child (made directly: the service would refuse
    # it while the child is on a child protection plan), with a core group member and an action.
    from plans.models import ChildInNeedPlan, CinAction, CinCoreGroupMember

    cin_plan = ChildInNeedPlan.objects.create(
        child=child, started_on=timezone.localdate(), created_by=worker
    )
    cin_member = CinCoreGroupMember.objects.create(
        plan=cin_plan, name="Gwen Ashworth", role="Grandmother", added_by=worker
    )
    cin_action = CinAction.objects.create(
        plan=cin_plan,
        action="Find a nursery place",
        who="Social worker",
        due_on=timezone.localdate(),
        added_by=worker,
    )
    # Issue 22 item 5: a Contextual Safeguarding Conference held today with a plan and an outcome,
    # and its review booked for this afternoon (chaired by the world's chair, the invited
    # professional invited to both).
    csc_plan = held_csc_with_plan(
        child=child, worker=worker, coordinator=coordinator, chair=chair, professionals=[invited]
    ).plan
    csc_outcome = add_csc_outcome(plan=csc_plan, by=chair)
    csc_review = csc_services.book_review(
        plan=csc_plan,
        chair=chair,
        starts_at=today_at(15),
        venue="Online",
        professionals=[invited],
        by=coordinator,
    )
    world = World(users=users)
    world.objects = {
        "csc_plan": csc_plan,
        "csc_outcome": csc_outcome,
        "csc_review": csc_review,
        "adjournment_report": adjournment_report,
        "escalation": escalation,
        "census_run": census_run,
        "census_import": census_import,
        "enquiry": enquiry,
        "transfer_in": transfer_in,
        "child": child,
        "unborn_child": unborn_child,
        "family_link": family_link,
        "involvement": involvement,
        "strategy_discussion": discussion,
        "s47_enquiry": enquiries[0],
        "request": request,
        "conference": conference,
        "voice_upload": voice_upload,
        "annex_a_list": 5,
        "file_format": "csv",
        "position": 1,  # plain values (a number, a file format) are used as they are
        "family_invitation": family_invitation,
        "invitation": invitation,
        "agency_report": report,
        "document": report.document,
        "earlier_document": earlier_document,
        "minutes_copy": copy,
        "amendment": amendment,
        "plan": plan,
        "meeting": meeting,
        "deadline": deadline,
        "qan": qan,
        "network_member": network_member,
        "plan_statement": plan_statement,
        "cin_plan": cin_plan,
        "cin_member": cin_member,
        "cin_action": cin_action,
        "specialist_assessment": specialist_assessment,
        "looked_after_period": looked_after_period,
        "early_review_prompt": early_review_prompt,
    }
    return world
