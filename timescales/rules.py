"""Who may see the timescales dashboard and act on Quality Assurance notifications (QANs).

A QAN goes to the line manager of whoever missed a timescale; the QA manager oversees them all.
So a QAN is visible to the QA manager, its addressee and the person it is about, and nobody else.
Whether a step is allowed at the QAN's current status is for timescales.services to say.
"""

import rules

from accounts.rules import (
    is_head_of_service,
    is_manager,
    is_qa_manager,
    is_service_manager,
    is_staff_member,
    is_team_manager,
)
from children.rules import may_see_child

# The people who answer for timeliness: line managers up to the head of service, and QA.
may_view_dashboard = is_team_manager | is_service_manager | is_head_of_service | is_qa_manager
# Managers receive QANs about their staff; the QA manager sees every one.
may_use_qan_inbox = is_team_manager | is_service_manager | is_head_of_service | is_qa_manager


@rules.predicate
def is_qan_addressee(user, qan) -> bool:
    """Sent to them: its addressee, or the service manager also told."""
    return bool(
        qan is not None
        and user.is_authenticated
        and user.pk in (qan.addressed_to_id, qan.also_addressed_to_id)
    )


@rules.predicate
def is_qan_responsible(user, qan) -> bool:
    return bool(qan is not None and user.is_authenticated and qan.responsible_id == user.pk)


may_view_qan = is_qa_manager | is_qan_addressee | is_qan_responsible
# The person responsible sees the QAN but answers it through their manager.
may_act_on_qan = is_qa_manager | is_qan_addressee
may_close_qan = is_qa_manager

rules.add_perm("timescales.view_dashboard", may_view_dashboard)
rules.add_perm("timescales.view_qan_inbox", may_use_qan_inbox)
rules.add_perm("timescales.view_qan", may_view_qan)
rules.add_perm("timescales.act_on_qan", may_act_on_qan)
rules.add_perm("timescales.close_qan", may_close_qan)


# --- A deadline's own page: the reason for a delay, its sign-off, "does not apply" -------------


@rules.predicate
def may_see_deadline_child(user, deadline) -> bool:
    """A deadline about a child is seen only by those who may see that child."""
    if deadline is None:
        return False
    return deadline.child_id is None or may_see_child(user, deadline.child)


@rules.predicate
def is_deadline_responsible(user, deadline) -> bool:
    return bool(deadline is not None and deadline.responsible_id == user.pk)


may_view_deadline = is_staff_member & may_see_deadline_child
# The person responsible explains a delay; a manager signs the explanation off or agrees that a
# timescale does not apply (South Gloucestershire's practice standards).
may_explain_deadline = may_view_deadline & (is_deadline_responsible | is_manager)
may_sign_off_deadline = may_view_deadline & is_manager

rules.add_perm("timescales.view_deadline", may_view_deadline)
rules.add_perm("timescales.explain_deadline", may_explain_deadline)
rules.add_perm("timescales.sign_off_deadline", may_sign_off_deadline)
