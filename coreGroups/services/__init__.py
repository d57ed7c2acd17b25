"""Business actions on core group meetings and visits. Keyword-only arguments, one transaction
each, and a CoreGroupError with a plain-English message (and the form field it belongs to) when a
rule forbids the action.

Meetings. `plan_meeting` books one; `record_meeting` records it as held: attendance, progress on
each action, a score against each danger statement, decisions. The plan's first held meeting meets
CG_FIRST (late if after its due date) and must be chaired by a team manager. Every held meeting
meets the live CG_NEXT (if any) and opens the next CG_NEXT from the day it was held (6 weeks by
default), subject the plan, the child's lead social worker responsible. The core group adds danger
statements and actions through plans.services (which never changes what a conference set), and a
MeetingAddition names the meeting that added each one.

Visits. `record_visit` records each visit; only one where the child was seen meets VISIT and opens
the next (see its docstring for how the plan's own, shorter, frequency is applied).

The actions live in submodules: meetings, plan_additions, sharing and visits; what they share is
in _common. Every name other code uses is imported here: import from coreGroups.services.
"""

from ._common import FIRST_CHAIR_MESSAGE, CoreGroupError, _team_manager_for
from .meetings import (
    MEETINGS_BETWEEN_CONFERENCES,
    REVIEW_RULES,
    REVIEW_WARNING_DAYS,
    cancel_meeting,
    meetings_before_review_warning,
    plan_meeting,
    record_meeting,
)
from .plan_additions import add_action_at_meeting, add_danger_statement_at_meeting
from .sharing import share_meeting_record
from .visits import record_visit

__all__ = [
    "FIRST_CHAIR_MESSAGE",
    "MEETINGS_BETWEEN_CONFERENCES",
    "REVIEW_RULES",
    "REVIEW_WARNING_DAYS",
    "CoreGroupError",
    "_team_manager_for",
    "add_action_at_meeting",
    "add_danger_statement_at_meeting",
    "cancel_meeting",
    "meetings_before_review_warning",
    "plan_meeting",
    "record_meeting",
    "record_visit",
    "share_meeting_record",
]
