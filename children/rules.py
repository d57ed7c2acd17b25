"""Who may see and change children's records (need-to-know).

For now: the authority's staff in the roles below may see its children, except restricted
records, which only the people on the child's named access list may see. Agency professionals
will see the children whose conferences and core groups they are part of (none until those
exist); enquirers see no children. Querysets are scoped the same way in children.selectors.
"""

import rules

from accounts.line_management import is_worker_or_manager
from accounts.models import RoleCode
from accounts.rules import has_role, is_social_worker, is_team_manager

# The staff roles that may see the authority's (unrestricted) children.
CHILD_RECORD_ROLES = (
    RoleCode.SOCIAL_WORKER,
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.CONFERENCE_COORDINATOR,
    RoleCode.QA_MANAGER,
    RoleCode.CHAIR,
    RoleCode.MINUTE_TAKER,
)

may_see_authority_children = has_role(*CHILD_RECORD_ROLES)
may_use_child_search = has_role(*CHILD_RECORD_ROLES, RoleCode.AGENCY_PROFESSIONAL)
may_record_children = is_social_worker | is_team_manager


@rules.predicate
def is_named_on_record(user, child) -> bool:
    if child is None or not (user and user.is_authenticated):
        return False
    return child.named_access.filter(user=user, revoked_at__isnull=True).exists()


@rules.predicate
def may_see_child(user, child) -> bool:
    """The object-level check. Pages fetch children through children.selectors, which applies
    the same scope in SQL; this predicate is for templates and services."""
    if child is None:
        return bool(may_see_authority_children(user))
    if not (user and user.is_authenticated):
        return False
    if child.is_restricted:
        return bool(is_named_on_record(user, child))
    return bool(may_see_authority_children(user))


@rules.predicate
def is_lead_social_worker_or_their_manager(user, child) -> bool:
    if child is None or not (user and user.is_authenticated):
        return False
    worker = child.lead_social_worker
    return is_worker_or_manager(user, worker)


@rules.predicate
def is_unborn(user, child) -> bool:
    return child is not None and child.is_unborn


rules.add_perm("children.search_children", may_use_child_search)
rules.add_perm("children.browse_children", may_see_authority_children)
rules.add_perm("children.view_child", may_see_child)
rules.add_perm("children.add_child", may_record_children)
rules.add_perm("children.change_child", may_record_children & may_see_child)
rules.add_perm("children.record_strategy_discussion", may_record_children & may_see_child)
rules.add_perm("children.record_s47_outcome", may_record_children & may_see_child)
rules.add_perm("children.sign_off_strategy_discussion", is_team_manager)
# Recording the birth of an unborn child (issue 22): the lead social worker or their manager.
rules.add_perm(
    "children.record_birth", may_see_child & is_unborn & is_lead_social_worker_or_their_manager
)
