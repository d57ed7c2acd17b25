"""Who may use the plan list. Enquirers (police, health, out of hours) make enquiries and see
only their own; nobody else makes them. The people told about an enquiry (lead social workers,
the designated manager) read their own notices."""

import rules

from accounts.rules import is_enquirer, is_staff_member

may_make_enquiry = is_enquirer


@rules.predicate
def recorded_enquiry(user, enquiry) -> bool:
    return enquiry is not None and enquiry.recorded_by_id == user.pk


rules.add_perm("enquiries.make_enquiry", may_make_enquiry)
rules.add_perm("enquiries.view_enquiry", may_make_enquiry & recorded_enquiry)
rules.add_perm("enquiries.view_notices", is_staff_member)
