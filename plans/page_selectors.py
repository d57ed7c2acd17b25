"""The reads of the child protection plan's page (plans:detail), each narrowed to the columns the
page shows. Building and compiling the SQL of wide rows, and making their model instances, was
most of the page's time (issue 25): a row read here carries only what the page, its permissions
and its includes use. Re-exported by plans.selectors, where callers find them."""

from dataclasses import dataclass, field

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Avg, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.http import Http404

from children.models import NAME_AND_AGE_FIELDS
from conferences.models import Conference, ConferenceChild, SafetyScaleScore
from conferences.rules import children_worked_with, invitations_of, remember_viewer_facts
from core.presence import may_have
from coreGroups.models import DangerStatementScaling
from timescales.selectors import deadlines_for_plan

from . import selectors as _selectors
from .charts import ScalePoint, ScaleSeries, scale_chart
from .models import (
    ChildProtectionPlan,
    CoreGroupMember,
    DriftFlag,
    FamilyGroupConference,
    FamilySafetyPlan,
    MidwayReviewNote,
    MyPlanExplanation,
    PlanAction,
    PlanCategoryChange,
    PlanDangerStatement,
    PlanEndRecommendation,
    SafetyNetworkMember,
    SpecialistAssessmentRequest,
)
from .page_presence import plan_page_presence
from .services.between_conferences import later_conferences

# What a conference on the page needs: its kind and dates, and what conferences.view_conference
# and the review's buttons read (chair, minute taker, status, whether it has started).
_CONFERENCE = ("kind", "starts_at", "chair", "minute_taker", "status", "started_at")

# The plan's own columns (the page shows most of them), and what the page and its permissions
# read of its child, the lead social worker (accounts.line_management: ids only), their team,
# the conference that started the plan and the review the coordinator scheduled.
_PLAN_PAGE_FIELDS = (
    *(f.name for f in ChildProtectionPlan._meta.concrete_fields),
    *(f"child__{name}" for name in (*NAME_AND_AGE_FIELDS, "lead_social_worker", "is_restricted")),
    *(
        f"child__lead_social_worker__{name}"
        for name in ("full_name", "email", "team", "line_manager", "is_active")
    ),
    "child__lead_social_worker__team__name",
    "child__lead_social_worker__team__manager",
    *(f"started_by_conference__{name}" for name in (*_CONFERENCE, "reconvene_by")),
    *(f"next_review_conference__{name}" for name in _CONFERENCE),
    *(f"family_safety_plan__{f.name}" for f in FamilySafetyPlan._meta.concrete_fields),
)
# The plan's drift flag and Family Group Conference, which few plans have: read on their own
# when the plan's query says there is one (plans.page_presence), not joined to every plan's.
_DRIFT_FLAG_FIELDS = ("raised_on", "reviewed_at", "review_note", "reviewed_by__full_name")
_FGC_FIELDS = (
    "recommended",
    "recommendation_note",
    "held",
    "held_on",
    "not_held_reason",
    "recommended_by_conference__kind",
    "recommended_by__full_name",
)


def plan_for_page(user, pk) -> ChildProtectionPlan:
    """plans.selectors.plan_for for the plan's page: the same scope, with the plan's family
    safety plan (one at most), which of the page's lists have rows (plans.page_presence) and, as
    `end_recommended`, whether the social worker has told the conference service the plan may
    end at its scheduled review. One query, or 404."""
    recommended = PlanEndRecommendation.objects.filter(
        plan=OuterRef("pk"), review_conference=OuterRef("next_review_conference")
    )
    # The chair of the plan's last conference (plans.services.last_conference_of): 0 for a
    # later conference with no chair, None when there is none (then it is the plan's conference).
    last_chair = later_conferences(
        OuterRef("child_id"), since=OuterRef("started_by_conference__starts_at")
    ).values(chair_or_none=Coalesce("chair_id", 0))[:1]
    # What conferences.view_conference asks of the plan's conference and its review, besides
    # the user's roles (conferences.rules.remember_viewer_facts).
    viewer_facts = {
        f"{name}_{fact}": Exists(read(user, OuterRef(name)))
        for name in ("started_by_conference", "next_review_conference")
        for fact, read in (("invited", invitations_of), ("worked_with", children_worked_with))
    }
    queryset = (
        _selectors.plans_visible_to(user)
        .filter(pk=pk)
        .select_related(
            "child",
            "child__lead_social_worker",
            "child__lead_social_worker__team",
            "started_by_conference",
            "next_review_conference",
            "family_safety_plan",
        )
        .only(*_PLAN_PAGE_FIELDS)
        .annotate(
            end_recommended=Exists(recommended),
            last_conference_chair=Subquery(last_chair),
            **viewer_facts,
            **plan_page_presence(),
        )
        .order_by()
    )
    plan = next(iter(queryset), None)
    if plan is None:
        raise Http404("No plan found")
    for name in ("started_by_conference", "next_review_conference"):
        conference = getattr(plan, name)
        if conference is not None:
            remember_viewer_facts(
                conference,
                user,
                invited=getattr(plan, f"{name}_invited"),
                works_with_children=getattr(plan, f"{name}_worked_with"),
            )
    return plan


def last_conference_for_page(plan) -> Conference:
    """plans.services.last_conference_of(plan, chair_only=True) from what plan_for_page read:
    the plan's last conference, carrying only its chair's id."""
    if plan.last_conference_chair is None:
        return plan.started_by_conference
    return Conference(chair_id=plan.last_conference_chair or None)


@dataclass
class PlanPage:
    """Everything the plan's page shows, read with a fixed number of queries."""

    plan: ChildProtectionPlan
    category_changes: list[PlanCategoryChange]
    danger_statements: list[PlanDangerStatement]
    actions: list[PlanAction]
    members: list[CoreGroupMember]
    deadlines: list = field(default_factory=list)
    midway_notes: list = field(default_factory=list)
    drift_flag: object = None
    scale: object = None


def plan_page(user, pk, *, with_deadlines: bool = True) -> PlanPage:
    """The plan, its category history, danger statements (active, in order), actions (by when,
    with their danger statement), active core group members and, for staff, its deadlines (the
    columns of plan_deadlines). Eight queries (plus the scope's) whatever the number of
    actions or members."""
    plan = plan_for_page(user, pk)
    category_changes = (
        list(
            PlanCategoryChange.objects.filter(plan_id=plan.pk)
            .select_related("conference")
            .only("from_category", "to_category", "changed_on", "conference__kind")
            .order_by("changed_on", "pk")
        )
        if may_have(plan, "category_changes")
        else []
    )
    every_statement = list(  # the ended ones too: the scale chart keeps their lines
        PlanDangerStatement.objects.filter(plan_id=plan.pk)
        .select_related("set_by_conference", "added_by")
        .only(
            "text",
            "safety_goal",
            "position",
            "source",
            "set_by_conference__starts_at",
            "added_at",
            "added_by__full_name",
            "is_active",
            "text_for_child",
            "safety_goal_for_child",
        )
        .order_by("position", "pk")
    )
    danger_statements = [row for row in every_statement if row.is_active]
    actions = list(
        PlanAction.objects.filter(plan_id=plan.pk)
        .select_related("danger_statement", "responsible")
        .only(
            "what",
            "who",
            "by_when",
            "status",
            "source",
            "danger_statement__position",
            "responsible__full_name",
        )
        .order_by("by_when", "pk")
    )
    members = list(
        CoreGroupMember.objects.filter(plan_id=plan.pk, is_active=True)
        .select_related("user__agency")
        .only("name", "role", "person", "user__agency__name")
        .order_by("name", "pk")
    )
    return PlanPage(
        plan=plan,
        category_changes=category_changes,
        danger_statements=danger_statements,
        actions=actions,
        members=members,
        deadlines=plan_deadlines(plan) if with_deadlines else [],
        midway_notes=list(
            MidwayReviewNote.objects.filter(plan_id=plan.pk)
            .select_related("written_by")
            .only(
                "is_progressing",
                "review_date_right",
                "note",
                "escalation",
                "written_at",
                "written_by__full_name",
            )
            .order_by("-written_at", "-pk")
        )
        if may_have(plan, "midway_notes")
        else [],
        drift_flag=_drift_flag_for_page(plan),
        scale=scale_chart(*scale_lines(plan, statements=every_statement)),
    )


def safety_planning_for_page(plan) -> "_selectors.SafetyPlanning":
    """plans.selectors.safety_planning for a plan read by plan_for_page (its family safety plan
    read with it): the active safety network and the explanations to the child, two queries of
    the columns the page shows (cheaper to build than the same rows as JSON on the plan's)."""
    return _selectors.SafetyPlanning(
        family_safety_plan=one_of(plan, "family_safety_plan"),
        network=list(
            SafetyNetworkMember.objects.filter(plan_id=plan.pk, is_active=True)
            .order_by("name", "pk")
            .values("pk", "name", "relationship_to_child", "involvement", "kept_informed")
        )
        if may_have(plan, "safety_network")
        else [],
        explanations=[
            {**row, "explained_by": row.pop("explained_by__full_name")}
            for row in MyPlanExplanation.objects.filter(plan_id=plan.pk)
            .order_by("-explained_on", "-pk")
            .values(
                "explained_on",
                "how",
                "agreed_by_child",
                "child_said",
                "interpreter_needed",
                "interpreter_language",
                "explained_by__full_name",
            )
        ]
        if may_have(plan, "explanations")
        else [],
    )


def plan_deadlines(plan) -> list[tuple]:
    """The plan's deadlines (timescales.selectors.deadlines_for_plan: the same rows, in the same
    order) with only the columns its timescales table shows (plans.presenters.deadline_rows)
    and when each counts from (for the core group warning). One query."""
    return list(
        deadlines_for_plan(plan).values_list(
            "pk",
            "rule",
            "status",
            "due_on",
            "due_at",
            "met_at",
            "starts_at",
            "child_id",
            "child__legal_forename",
            "child__legal_surname",
            "child__is_unborn",
            "responsible_id",
            "responsible__full_name",
        )
    )


@dataclass
class PlanDuties:
    specialist_assessments: list
    family_group_conference: FamilyGroupConference | None


def plan_duties(plan) -> PlanDuties:
    """The plan's specialist assessment requests and its Family Group Conference, each a query
    of its own when the plan may have one (plans.page_presence)."""
    return PlanDuties(
        specialist_assessments=list(
            SpecialistAssessmentRequest.objects.filter(plan_id=plan.pk)
            .select_related("requested_by")
            .only(
                "assessment_type",
                "purpose",
                "assessor",
                "by_when",
                "status",
                "outcome",
                "requested_at",
                "requested_by__full_name",
            )
        )
        if may_have(plan, "specialist_assessments")
        else [],
        family_group_conference=(
            FamilyGroupConference.objects.filter(plan_id=plan.pk)
            .select_related("recommended_by_conference", "recommended_by")
            .only(*_FGC_FIELDS)
            .first()
            if may_have(plan, "family_group_conference")
            else None
        ),
    )


def _drift_flag_for_page(plan) -> DriftFlag | None:
    """The plan's drift flag with what the page shows of it, when the plan has one."""
    if not may_have(plan, "drift_flag"):
        return None
    return (
        DriftFlag.objects.filter(plan_id=plan.pk)
        .select_related("reviewed_by")
        .only(*_DRIFT_FLAG_FIELDS)
        .first()
    )


def one_of(plan, name: str):
    """The plan's one related row `name` (a one-to-one: its family safety plan), or None."""
    try:
        return getattr(plan, name)
    except ObjectDoesNotExist:
        return None


# --- Between conferences (issue 7 part 5) ---------------------------------------------------------


def drift_flag_for(plan) -> DriftFlag | None:
    """The plan's drift flag (open or cleared), if its third review raised one. One query."""
    return (
        DriftFlag.objects.filter(plan_id=plan.pk)
        .select_related("raised_by_conference", "reviewed_by")
        .first()
    )


def _wording(text: str) -> str:
    return " ".join((text or "").split()).lower()


def scale_lines(plan, statements=None) -> tuple[list[ScalePoint], list[ScaleSeries]]:
    """The safety scale over the plan, one line per danger statement (issue 17 item 11): at every
        conference about the child since the plan's conference, the average of everyone's scores for
        this child against each danger statement; at every core group meeting of the plan, its score
        against each. Three queries whatever the history's length (two given the plan's `statements`,
    every one of them in position order).

        A conference's danger statement is the plan's one with the same wording (a review's record
        starts from the plan's wording), or, at the conference that started the plan, the one at the
        same position (the plan took its statements in order). One with neither has a line of its
        own; scores recorded before per-danger scaling are the "overall" line. The review's "since
        the last conference" (conferences.selectors.since_last_conference) reads the same rows."""
    # Imported here: conferences.scaling imports plans.selectors (via conferences.services and its finalising).
    from conferences.scaling import OVERALL_LABEL

    if statements is None:
        statements = list(PlanDangerStatement.objects.filter(plan=plan).order_by("position", "pk"))
    series = [
        ScaleSeries(key=row.pk, label=f"Danger statement {row.position}", description=row.text)
        for row in statements
    ]
    by_wording = {_wording(row.text): row.pk for row in reversed(statements)}
    by_position = {
        row.position: row.pk
        for row in statements
        if row.is_conference_set and row.set_by_conference_id == plan.started_by_conference_id
    }
    conferences = (
        SafetyScaleScore.objects.filter(
            Q(child_id=plan.child_id) | Q(child__isnull=True),
            record__conference_id__in=ConferenceChild.objects.filter(child_id=plan.child_id).values(
                "conference_id"
            ),
            record__conference__starts_at__gte=plan.started_by_conference.starts_at,
        )
        .values(
            "record__conference_id",
            "record__conference__starts_at",
            "danger_statement__position",
            "danger_statement__statement",
        )
        .annotate(average=Avg("score"))
        .order_by("record__conference__starts_at", "danger_statement__position")
        if may_have(plan, "conference_scores")
        else ()
    )
    points, others = [], {}
    for row in conferences:
        position, wording = row["danger_statement__position"], row["danger_statement__statement"]
        if position is None:
            key = "overall"
            others.setdefault(key, ScaleSeries(key=key, label=OVERALL_LABEL))
        else:
            key = by_wording.get(_wording(wording))
            if key is None and row["record__conference_id"] == plan.started_by_conference_id:
                key = by_position.get(position)
            if key is None:
                key = ("conference", _wording(wording))
                others.setdefault(
                    key,
                    ScaleSeries(key=key, label="Another danger statement", description=wording),
                )
        average = round(row["average"], 1)
        points.append(
            ScalePoint(
                when=row["record__conference__starts_at"],
                kind="conference",
                what="Conference (average of everyone's scores)",
                value=average,
                detail=f"{average:g}",
                series=key,
            )
        )
    for held_at, score, statement_id in (
        DangerStatementScaling.objects.filter(meeting__plan_id=plan.pk)
        .order_by("meeting__held_at", "pk")
        .values_list("meeting__held_at", "score", "danger_statement_id")
        if may_have(plan, "core_group_scores")
        else ()
    ):
        points.append(
            ScalePoint(
                when=held_at,
                kind="core_group",
                what="Core group",
                value=score,
                detail=str(score),
                series=statement_id,
            )
        )
    return points, series + list(others.values())


def scale_history(plan) -> list[ScalePoint]:
    """Every point of the plan's safety scale, each on its danger statement's line."""
    return scale_lines(plan)[0]
