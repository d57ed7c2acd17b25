"""Forms for children, families, professionals, strategy discussions and S47 outcomes.

Forms check what can be checked from the answers alone (GOV.UK messages next to each field); the
services check everything again and add the rules that need the database (duplicates, an enquiry
already open), and views put those messages next to the right field too.

One module per area, all re-exported here so `from children.forms import ...` works as before:

- child: the child's record and the search for a child
- birth: recording the birth of a baby recorded unborn
- network: family members and professionals involved
- strategy: strategy discussions, their participants and sign-off, and Section 47 outcomes
- time_of_day: the time-of-day field (also used by conference and core group forms)
"""

from ._common import YES_NO
from .birth import RecordBirthForm
from .child import ChildForm, SearchForm
from .network import EndFamilyLinkForm, EndInvolvementForm, FamilyMemberForm, ProfessionalForm
from .strategy import (
    PARTICIPANT_ROWS,
    BaseParticipantFormSet,
    ParticipantForm,
    ParticipantFormSet,
    S47OutcomeForm,
    SignOffForm,
    StrategyDiscussionForm,
    participant_formset,
)
from .time_of_day import TimeOfDayField, parse_time_of_day

__all__ = [
    "RecordBirthForm",
    "PARTICIPANT_ROWS",
    "YES_NO",
    "BaseParticipantFormSet",
    "ChildForm",
    "EndFamilyLinkForm",
    "EndInvolvementForm",
    "FamilyMemberForm",
    "ParticipantForm",
    "ParticipantFormSet",
    "ProfessionalForm",
    "S47OutcomeForm",
    "SearchForm",
    "SignOffForm",
    "StrategyDiscussionForm",
    "TimeOfDayField",
    "parse_time_of_day",
    "participant_formset",
]
