"""Permission predicates about people and roles. Every other app's rules build on these."""

import rules

from .models import STAFF_ROLES, RoleCode


def has_role(*codes: str):
    """A predicate that is true when the user holds any of the given roles."""

    @rules.predicate(name=f"has_role({','.join(codes)})")
    def predicate(user):
        return bool(user and user.is_authenticated and user.has_role(*codes))

    return predicate


has_any_role = rules.predicate(
    lambda user: bool(user and user.is_authenticated and user.role_codes), name="has_any_role"
)
is_staff_member = has_role(*STAFF_ROLES)
is_social_worker = has_role(RoleCode.SOCIAL_WORKER)
is_team_manager = has_role(RoleCode.TEAM_MANAGER)
is_service_manager = has_role(RoleCode.SERVICE_MANAGER)
is_head_of_service = has_role(RoleCode.HEAD_OF_SERVICE)
is_coordinator = has_role(RoleCode.CONFERENCE_COORDINATOR)
is_chair = has_role(RoleCode.CHAIR)
is_minute_taker = has_role(RoleCode.MINUTE_TAKER)
is_qa_manager = has_role(RoleCode.QA_MANAGER)
is_agency_professional = has_role(RoleCode.AGENCY_PROFESSIONAL)
is_enquirer = has_role(RoleCode.ENQUIRER)
is_manager = has_role(
    RoleCode.TEAM_MANAGER,
    RoleCode.SERVICE_MANAGER,
    RoleCode.HEAD_OF_SERVICE,
    RoleCode.QA_MANAGER,
)

rules.add_perm("accounts.use_service", has_any_role)
