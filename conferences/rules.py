"""Who may request conferences and who works the conference service's queue."""

import rules

from accounts.rules import (
    is_chair,
    is_coordinator,
    is_qa_manager,
    is_social_worker,
    is_team_manager,
)

may_request_conference = is_social_worker | is_team_manager
may_work_request_queue = is_coordinator | is_qa_manager

rules.add_perm("conferences.request_conference", may_request_conference)
rules.add_perm("conferences.view_request_queue", may_work_request_queue)
rules.add_perm("conferences.withdraw_request", may_request_conference)


# Booking: the conference service allocates and books; the QA manager sees every conference; a
# chair sees the conferences they chair. Others are refused for now (invitations come later).


@rules.predicate
def is_conference_chair(user, conference):
    return conference is not None and conference.chair_id == user.pk


may_book_conferences = is_coordinator
may_list_conferences = is_coordinator | is_qa_manager | is_chair

rules.add_perm("conferences.book_conference", may_book_conferences)
rules.add_perm("conferences.list_conferences", may_list_conferences)
rules.add_perm("conferences.view_conference", is_coordinator | is_qa_manager | is_conference_chair)
