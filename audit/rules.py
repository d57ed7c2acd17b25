"""Who may read the audit of a record (issue 9 part 3; docs/access.md; ADR 28).

The history of a child's record, conference or plan (who changed what, when, before and after)
is for those who answer for the record: the QA manager, the managers (team, service, head of
service) and the lead social worker of a child concerned. "Who looked at this child's record" is
for the QA manager alone. Reaching the record at all is decided first by the record's own scoped
selector (404); these rules then decide 403.
"""

import rules

from accounts.models import RoleCode
from accounts.rules import has_role

reads_every_history = has_role(
    RoleCode.QA_MANAGER,
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
)
is_qa_manager = has_role(RoleCode.QA_MANAGER)


@rules.predicate
def is_lead_social_worker_of_child(user, child) -> bool:
    return child is not None and child.lead_social_worker_id == user.pk


@rules.predicate
def is_lead_social_worker_in_conference(user, conference) -> bool:
    # conference_for prefetches the children, so this asks the database nothing more.
    return conference is not None and any(
        link.child.lead_social_worker_id == user.pk for link in conference.conference_children.all()
    )


@rules.predicate
def is_lead_social_worker_of_plan(user, plan) -> bool:
    return plan is not None and plan.child.lead_social_worker_id == user.pk


rules.add_perm("audit.view_child_history", reads_every_history | is_lead_social_worker_of_child)
rules.add_perm(
    "audit.view_conference_history", reads_every_history | is_lead_social_worker_in_conference
)
rules.add_perm("audit.view_plan_history", reads_every_history | is_lead_social_worker_of_plan)
rules.add_perm("audit.view_access_log", is_qa_manager)
