"""Who may request conferences and who works the conference service's queue."""

import rules

from accounts.rules import is_coordinator, is_qa_manager, is_social_worker, is_team_manager

may_request_conference = is_social_worker | is_team_manager
may_work_request_queue = is_coordinator | is_qa_manager

rules.add_perm("conferences.request_conference", may_request_conference)
rules.add_perm("conferences.view_request_queue", may_work_request_queue)
rules.add_perm("conferences.withdraw_request", may_request_conference)
