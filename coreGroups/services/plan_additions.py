"""Adding to the plan at a core group meeting: the core group adds danger statements and actions
through plans.services (which never changes what a conference set), and a MeetingAddition names
the meeting that added each one."""

import datetime

from django.db import transaction

from plans import services as plan_services
from plans.models import PlanAction, PlanDangerStatement

from ..models import CoreGroupMeeting, MeetingAddition, MeetingStatus
from ..rules import may_record_meeting_for
from ._common import CoreGroupError, _saved


def _meeting_for_additions(meeting, by) -> CoreGroupMeeting:
    locked = CoreGroupMeeting.objects.select_related("plan").get(pk=meeting.pk)
    if locked.status == MeetingStatus.CANCELLED:
        raise CoreGroupError("This meeting was cancelled")
    if not may_record_meeting_for(by, locked):
        raise CoreGroupError(
            "Only the child's lead social worker, their team manager or the meeting's chair can "
            "add to the plan at a core group meeting"
        )
    return locked


def add_danger_statement_at_meeting(
    *, meeting: CoreGroupMeeting, text: str, safety_goal: str, by
) -> PlanDangerStatement:
    """The core group adds a danger statement with its safety goal at this meeting (through
    plans.services, which marks it added by the core group); the meeting is recorded against it."""
    with transaction.atomic():
        locked = _meeting_for_additions(meeting, by)
        try:
            statement = plan_services.add_core_group_danger_statement(
                plan=locked.plan, text=text, safety_goal=safety_goal, by=by
            )
        except plan_services.PlanError as error:
            raise CoreGroupError(error.message, field=error.field) from error
        _saved(
            MeetingAddition(meeting=locked, danger_statement=statement, added_by=by),
            by,
        )
        return statement


def add_action_at_meeting(
    *,
    meeting: CoreGroupMeeting,
    what: str,
    who: str,
    by_when: datetime.date | None = None,
    danger_statement: PlanDangerStatement | None = None,
    responsible=None,
    by,
) -> PlanAction:
    """The core group adds an action (who does what by when) at this meeting."""
    with transaction.atomic():
        locked = _meeting_for_additions(meeting, by)
        try:
            action = plan_services.add_action(
                plan=locked.plan,
                what=what,
                who=who,
                by_when=by_when,
                danger_statement=danger_statement,
                responsible=responsible,
                by=by,
            )
        except plan_services.PlanError as error:
            raise CoreGroupError(error.message, field=error.field) from error
        _saved(MeetingAddition(meeting=locked, action=action, added_by=by), by)
        return action
