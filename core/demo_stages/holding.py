"""Holding a demo conference through the services: started by its chair, attendance and
quoracy, the Signs of Safety record, the professionals' views and the chair's decision."""

from conferences import services as conference_services
from conferences.models import Attendance, AttendanceKind, AttendanceStatus
from conferences.readiness import inputs_of, record_inputs_reason
from voice import demo as voice_demo

from .families import Family, People

DANGERS = [
    (
        "Social workers are worried that the children will be hurt when the adults at home "
        "argue and fight.",
        "The children's parents will show they can keep them safe when they disagree.",
    ),
    (
        "The children may go without food and clean clothes when their mother is unwell.",
        "The children will have meals and clean clothes every day, checked by their safety "
        "network.",
    ),
]


def start(who: People, family: Family):
    """Start the conference (on its day), quorate, with its Signs of Safety record and two
    danger statements."""
    conference = start_quorate(who, family.conference)
    conference_services.save_signs_of_safety(
        conference=conference,
        by=who.chair,
        worried_about_harm="Police were called to the home twice after arguments.",
        working_well="The grandmother collects the children from school every day.",
        next_steps="The core group meets within 10 working days.",
    )
    for statement, goal in DANGERS:
        conference_services.add_danger_statement(
            conference=conference, by=who.chair, statement=statement, safety_goal=goal
        )
    proceed_without_inputs(who, conference)
    family.conference = conference
    return conference


def proceed_without_inputs(who: People, conference) -> None:
    """Where an input is missing, the chair records why the conference goes ahead."""
    conference.refresh_from_db()
    voice_demo.hear_children(conference)  # issue 21: each born child's views before a decision
    if not inputs_of(conference).may_proceed:
        record_inputs_reason(
            conference=conference,
            by=who.chair,
            reason="The social worker presented the report at the conference.",
        )


def start_quorate(who: People, conference):
    """Start the conference (on its day), everyone invited attending, with the police and the
    school there: quorate."""
    voice_demo.see_children(conference)  # issue 21: each born child seen before an ICPC
    conference = conference_services.start_conference(conference=conference, by=who.chair)
    rows = Attendance.objects.filter(conference=conference).exclude(
        status=AttendanceStatus.ATTENDED
    )
    conference_services.record_attendance(
        conference=conference,
        by=who.minute_taker,
        rows=dict.fromkeys(rows, AttendanceStatus.ATTENDED),
    )
    for organisation in ("Demo Constabulary", "Oakfield Primary School"):
        conference_services.add_attendee(
            conference=conference,
            by=who.minute_taker,
            name=f"{organisation} representative",
            kind=AttendanceKind.PROFESSIONAL,
            organisation=organisation,
            capacity="Practitioner",
        )
    return conference


def give_views(who: People, decision, views):
    for number, view in enumerate(views, start=1):
        conference_services.record_professional_view(
            decision=decision,
            by=who.chair,
            name=f"Professional {number}",
            role=("Police", "Health visiting", "School", "Children's social care")[number % 4],
            view=view,
        )


def decide_plans(who: People, family: Family, *, by_when, category="neglect"):
    """Each child on a child protection plan, decided and finalised by the chair."""
    for decision in conference_services.open_decisions(conference=family.conference, by=who.chair):
        give_views(who, decision, ("cp_plan",) * 3)
        record_plan(who, decision, by_when=by_when, category=category)
        conference_services.finalise_decision(decision=decision, by=who.chair)
    family.conference.refresh_from_db()


def record_plan(who: People, decision, *, by_when, category="neglect"):
    """The chair's decision for a child protection plan: category, contingency, outcomes and
    an action towards each of the conference's two danger statements."""
    conference_services.record_decision(
        decision=decision,
        by=who.chair,
        outcome="cp_plan",
        rationale="The children are at continuing risk of significant harm.",
        category=category,
        secondary_factors=["domestic_abuse"],
        contingency_plan=(
            "If the parents fight again, the social worker will call a strategy discussion."
        ),
        outcomes_for_child=(
            "The children are safe at home and the adults keep them safe when they argue."
        ),
        actions=[
            {
                "what": "Attend the domestic abuse programme",
                "who": "The parents, with the social worker",
                "by_when": by_when,
                "danger_statement_position": 1,
            },
            {
                "what": "Check the children's health and weight",
                "who": "Health visitor",
                "by_when": by_when,
                "danger_statement_position": 2,
            },
        ],
    )


def adjourn_on_split(who: People, family: Family, *, reason: str):
    """Start the conference, the professionals split 2-2 between a plan and no plan, and the
    chair adjourns it: each child goes on an interim plan."""
    start(who, family)
    for decision in conference_services.open_decisions(conference=family.conference, by=who.chair):
        give_views(who, decision, ("cp_plan", "cp_plan", "cin_plan", "cin_plan"))
    conference_services.adjourn_conference(
        conference=family.conference, by=who.chair, reason=reason
    )
