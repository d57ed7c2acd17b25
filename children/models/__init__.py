"""The child (born or unborn), family and network, professionals involved, strategy discussions and
Section 47 enquiries.

Nothing here is deleted: people leave a child's network, professionals stop being involved and
enquiries conclude, each with a date and a reason, and django-simple-history keeps every change.

One module per area; every model and choice list is imported here, so Django registers the models
(and their history) and `from children.models import ...` works as before:

- census_codes: the DfE Children in Need census codes
- child: households, children and the words search looks up
- access: the named access list of a restricted record, and the access log
- network: family and network, and the professionals involved
- strategy: strategy discussions and Section 47 enquiries
- looked_after: the child's looked-after periods (issue 22)
"""

from .access import ChildRecordView, NamedAccess
from .census_codes import (
    Disability,
    Ethnicity,
    PrimaryNeed,
    ReferralSource,
    Sex,
    UpnUnknownReason,
)
from .child import NAME_AND_AGE_FIELDS, Child, ChildSearchToken, Household, SearchTokenKind
from .looked_after import EMERGENCY_BASES, LegalBasis, LookedAfterPeriod
from .network import (
    PARENT_RELATIONSHIPS,
    FamilyLink,
    Person,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
)
from .strategy import (
    S47Enquiry,
    S47Outcome,
    StrategyDecision,
    StrategyDiscussion,
    StrategyDiscussionChild,
    StrategyDiscussionParticipant,
)
from .worker_change import ChangeOfWorkerRequest

__all__ = [
    "ChangeOfWorkerRequest",
    "EMERGENCY_BASES",
    "LegalBasis",
    "LookedAfterPeriod",
    "PARENT_RELATIONSHIPS",
    "Child",
    "NAME_AND_AGE_FIELDS",
    "ChildRecordView",
    "ChildSearchToken",
    "Disability",
    "Ethnicity",
    "FamilyLink",
    "Household",
    "NamedAccess",
    "Person",
    "PrimaryNeed",
    "ProfessionalInvolvement",
    "ProfessionalRole",
    "ReferralSource",
    "Relationship",
    "S47Enquiry",
    "S47Outcome",
    "SearchTokenKind",
    "Sex",
    "StrategyDecision",
    "StrategyDiscussion",
    "StrategyDiscussionChild",
    "StrategyDiscussionParticipant",
    "UpnUnknownReason",
]
