"""Business actions on children, families, strategy discussions and Section 47 enquiries.

Every write goes through one of these functions: keyword-only arguments, one transaction each, and
a ChildRecordError with a plain-English message when a rule forbids the action. Views never write
models directly.

One module per area, all re-exported here so `from children import services` works as before:

- errors: ChildRecordError and DuplicateChildError
- child_record: recording a child and changing the child's details
- birth: recording the birth of a child recorded unborn (and the deadline to reconvene)
- access: restricted records, named access and the access log
- network: family members and the professionals involved
- strategy: strategy discussions, their sign-off and Section 47 outcomes
- worker_change: a family's request for a change of worker and the team manager's decision
"""

from .access import (
    grant_named_access,
    record_child_view,
    restrict_child_record,
    revoke_named_access,
)
from .birth import needs_reconvening, record_birth
from .child_record import (
    BIRTH_OVERDUE_WEEKS,
    CHILD_DETAIL_FIELDS,
    LONGEST_PREGNANCY_WEEKS,
    OLDEST_CHILD_YEARS,
    add_child_to_household,
    create_child,
    refresh_search_tokens,
    update_child,
)
from .errors import ChildRecordError, DuplicateChildError
from .network import (
    PERSON_FIELDS,
    add_family_member,
    add_professional,
    end_family_link,
    end_professional_involvement,
    link_person_to_child,
)
from .strategy import (
    record_s47_outcome,
    record_strategy_discussion,
    sign_off_strategy_discussion,
)
from .worker_change import (
    decide_worker_change,
    may_decide_worker_change,
    may_record_worker_change_request,
    record_worker_change_request,
)

__all__ = [
    "decide_worker_change",
    "may_decide_worker_change",
    "may_record_worker_change_request",
    "record_worker_change_request",
    "BIRTH_OVERDUE_WEEKS",
    "CHILD_DETAIL_FIELDS",
    "LONGEST_PREGNANCY_WEEKS",
    "OLDEST_CHILD_YEARS",
    "PERSON_FIELDS",
    "ChildRecordError",
    "DuplicateChildError",
    "add_child_to_household",
    "add_family_member",
    "add_professional",
    "create_child",
    "end_family_link",
    "end_professional_involvement",
    "grant_named_access",
    "link_person_to_child",
    "needs_reconvening",
    "record_birth",
    "record_child_view",
    "record_s47_outcome",
    "record_strategy_discussion",
    "refresh_search_tokens",
    "restrict_child_record",
    "revoke_named_access",
    "sign_off_strategy_discussion",
    "update_child",
]
