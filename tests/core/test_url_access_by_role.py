"""Every URL, as every role and anonymously, against the access model (issue 9 part 2).

The URL list is generated from the URL configuration (`get_resolver()`), so **a new page without
a rule fails the build**: add its row to EXPECTED below (and, if it takes a number, say which
object of the world it names in PARAMETERS). The admin is treated explicitly (ADMIN_PATHS): it is
Django's own, for `is_staff` users only, so every visitor here is sent to its login.

Each row is the answer each visitor gets to a GET, in the order of VISITORS (the columns):

    in   redirected to sign-in         200  the page (204: no content, the keep-alive)
    302  redirected somewhere else     403  forbidden (may reach the object, may not do this)
    404  not found (outside scope)     405  GET not allowed (a POST-only action)

The rows mirror docs/access.md. The world (tests/core/url_access_world.py) holds one child with
everything a URL can name; staff are the ones involved with that child; `agency_professional`
is a professional working with a *different* child guessing this child's numbers (child pages,
conference pages, PDFs, uploads, CSV downloads), and `invited_professional` the professional
invited to this child's conference. Besides the status, no answer other than a 200 may contain
the child's name, and nothing the guessing professional, the enquirer or a user with no role
receives may contain it at all ("none of the data").
"""

import logging
import re

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from tests.auth import login
from tests.core.url_access_world import ANONYMOUS, CHILD_SURNAME, VISITORS, build_world

pytestmark = pytest.mark.django_db

# Columns, in order: anonymous, no role, social worker, team manager, service manager, head of
# service, conference coordinator, chair, minute taker, QA manager, agency professional (guessing),
# enquirer, invited professional.
#                                           an  nr  sw  tm  sm  hs  cc  ch  mt  qa  ap  en  ip
EXPECTED = {
    "home": " in 200 200 200 200 200 200 200 200 200 200 200 200",
    "healthz": "200 200 200 200 200 200 200 200 200 200 200 200 200",
    # Issue 25: the benchmark's floor page, for anyone signed in (ADR 70).
    "signed-in-check": " in 200 200 200 200 200 200 200 200 200 200 200 200",
    "accessibility-statement": "200 200 200 200 200 200 200 200 200 200 200 200 200",
    "sign-in": "200 302 302 302 302 302 302 302 302 302 302 302 302",
    "sign-out": "405 405 405 405 405 405 405 405 405 405 405 405 405",
    "signed-out": "200 200 200 200 200 200 200 200 200 200 200 200 200",
    "account": " in 200 200 200 200 200 200 200 200 200 200 200 200",
    "two-factor-email-code": " in 200 200 200 200 200 200 200 200 200 200 200 200",
    # Issue 20: set-up first asks for the code emailed to the user (ADR 48).
    "two-factor-enrol": " in 302 302 302 302 302 302 302 302 302 302 302 302",
    "two-factor-enrolment-link": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "two-factor-verify": " in 302 302 302 302 302 302 302 302 302 302 302 302",
    "two-factor-recovery-codes": " in 200 200 200 200 200 200 200 200 200 200 200 200",
    "two-factor-new-recovery-codes": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "sign-out-everywhere": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "keep-alive": " in 204 204 204 204 204 204 204 204 204 204 204 204",
    "children:search": " in 403 200 200 200 200 200 200 200 200 200 403 200",
    "children:add": " in 403 200 200 403 403 403 403 403 403 403 403 403",
    "children:detail": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    "children:change": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    # Issue 22: the lead social worker or their manager records the birth (the world's unborn).
    "children:record-birth": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    # Issue 22: a family's request for a change of worker: recorded by a social worker or team
    # manager; the world's request waits for the worker's team manager, who alone decides it.
    "children:change-of-worker-new": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:change-of-worker-decide": " in 404 403 200 403 403 403 403 403 403 404 404 404",
    "children:add-sibling": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:add-family-member": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:end-family-link": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:add-professional": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:end-professional": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:record-strategy-discussion": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "children:strategy-discussions-to-sign-off": " in 403 403 200 403 403 403 403 403 403 403 403 403",
    "children:strategy-discussion": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    "children:sign-off-strategy-discussion": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "children:record-s47-outcome": " in 404 404 404 403 403 403 403 403 403 404 404 404",
    "conferences:request-queue": " in 403 403 403 403 403 200 403 403 200 403 403 403",
    "conferences:new-request": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "conferences:request": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    "conferences:withdraw-request": " in 404 302 302 403 403 403 403 403 403 404 404 404",
    "conferences:allocate-chair": " in 404 403 403 403 403 302 403 403 403 404 404 404",
    "conferences:conference-list": " in 403 403 403 403 403 200 200 403 200 403 403 403",
    "conferences:conference": " in 404 200 403 403 403 200 200 200 200 404 404 200",
    "conferences:book": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:postpone": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:cancel": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:change-booking": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:invitations": " in 404 403 403 403 403 200 200 403 200 404 404 403",
    "conferences:send-invitations": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:arrangements": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:separate-arrangements": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:advocacy-opt-out": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "conferences:chair-decisions": " in 404 403 403 403 403 200 200 403 200 404 404 403",
    "conferences:invitation-letter": " in 404 403 403 403 403 200 200 403 200 404 404 403",
    "conferences:reply": " in 404 404 404 404 404 200 404 404 404 404 404 200",
    "conferences:invited": " in 403 403 403 403 403 403 403 403 403 200 403 200",
    "conferences:attendance": " in 404 403 403 403 403 200 200 200 200 404 404 403",
    # Issue 21 item 5: the chair's meetings with the family before the conference.
    "conferences:family-preparation": " in 404 403 403 403 403 200 200 200 200 404 404 403",
    "conferences:chair-meeting-parents": " in 404 403 403 403 403 403 200 403 403 404 404 403",
    # No one is advised not to attend in the world: the chair is told the page is not found.
    "conferences:chair-meeting-absent-parent": " in 404 403 403 403 403 403 404 403 403 404 404 403",
    "conferences:signs-of-safety": " in 404 403 403 403 403 200 200 200 200 404 404 403",
    "conferences:danger-statement": " in 404 403 403 403 403 403 200 200 403 404 404 403",
    "conferences:decision": " in 404 200 403 403 403 200 200 200 200 404 404 403",
    "conferences:child-decision": " in 404 200 403 403 403 200 200 200 200 404 404 403",
    "conferences:decision-recommendation": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:decision-view": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:decision-add-row": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:decision-save": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:decision-finalise": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "conferences:decision-inputs": " in 404 200 403 403 403 200 200 200 200 404 404 403",
    "conferences:outline-plan": " in 404 200 403 403 403 200 200 200 403 404 404 403",
    "conferences:outline-circulation": " in 404 403 403 403 403 200 200 403 403 404 404 403",
    "conferences:adjournment-report": " in 404 404 404 404 404 200 200 404 200 404 404 200",
    "conferences:adjournment-report-document": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "conferences:escalations": " in 403 403 403 200 200 403 403 403 200 403 403 403",
    "conferences:escalation": " in 404 404 404 200 200 404 200 404 200 404 404 404",
    "plans:detail": " in 404 200 200 200 200 200 200 200 200 404 404 200",
    # Issue 17: the lead social worker or the conference service records an ending outside a
    # conference (a manager agrees it, but does not record it).
    "plans:end": " in 404 200 403 403 403 200 403 403 403 404 404 403",
    "plans:end-confirm": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    # Only for a plan ended as "other" before issue 17; the world's plan is active.
    "plans:real-end-reason": " in 404 403 403 403 403 403 403 403 403 404 404 403",
    "plans:schedule-review": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "plans:review-chair": " in 404 403 403 403 403 302 403 403 403 404 404 403",
    "plans:recommend-ending": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "plans:midway-note": " in 404 403 403 403 403 403 200 403 200 404 404 403",
    "plans:drift-review": " in 404 403 403 403 403 403 403 403 403 404 404 403",
    # Issue 22: the smaller duties. The lead social worker, their manager and the chair of the
    # plan's last conference request and track specialist assessments and record whether the
    # Family Group Conference was held; only that chair records the conference's recommendation.
    "plans:specialist-assessment-new": " in 404 200 200 403 403 403 200 403 403 404 404 403",
    "plans:specialist-assessment": " in 404 200 200 403 403 403 200 403 403 404 404 403",
    "plans:fgc-recommendation": " in 404 403 403 403 403 403 200 403 403 404 404 403",
    "plans:fgc-outcome": " in 404 200 200 403 403 403 200 403 403 404 404 403",
    # The world's child has a transfer-in waiting: recording another goes to it (302).
    # Issue 21: the family's safety planning, written by the lead social worker, their manager
    # and the core group; "My plan" read by whoever may read the plan.
    "plans:family-safety-plan": " in 404 200 200 403 403 403 403 403 403 404 404 200",
    "plans:network-add": " in 404 200 200 403 403 403 403 403 403 404 404 200",
    "plans:network-member": " in 404 200 200 403 403 403 403 403 403 404 404 200",
    "plans:words-for-child": " in 404 200 200 403 403 403 403 403 403 404 404 200",
    "plans:my-plan-explained": " in 404 200 200 403 403 403 403 403 403 404 404 200",
    "plans:my-plan": " in 404 200 200 200 200 200 200 200 200 404 404 200",
    "plans:transfer-in": " in 404 302 302 302 403 403 403 403 403 404 404 404",
    "coreGroups:plan_meeting": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    "coreGroups:visits": " in 404 200 200 200 200 200 200 200 200 404 404 403",
    "coreGroups:record_visit": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    "coreGroups:meeting": " in 404 200 200 200 200 200 200 200 200 404 404 200",
    "coreGroups:record": " in 404 302 302 403 403 403 403 403 403 404 404 403",
    "coreGroups:add_danger_statement": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    "coreGroups:add_action": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    "coreGroups:share": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:dashboard": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:dashboard-csv": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:breakdown-csv": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:indicators": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:indicator-csv": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:qan-inbox": " in 403 403 200 200 200 403 403 403 200 403 403 403",
    "timescales:qan-detail": " in 404 200 200 403 403 403 403 403 200 404 404 404",
    "timescales:qan-acknowledge": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:qan-explain": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:qan-close": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:deadline-detail": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    "timescales:deadline-delay": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:deadline-sign-off": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "timescales:deadline-not-applicable": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:chair": " in 403 403 403 403 403 403 200 403 403 403 403 403",
    "reports:conference": " in 404 200 200 403 403 200 200 403 200 404 404 403",
    "reports:social-work-report": " in 404 302 302 403 403 403 403 403 403 404 404 403",
    "reports:edit-social-work-report": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    "reports:submit-social-work-report": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:sign-off-social-work-report": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:return-social-work-report": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "reports:share-social-work-report": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "reports:parents-views-on-report": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "reports:reopen-social-work-report": " in 404 404 404 404 404 404 404 404 404 404 404 404",
    "reports:send-social-work-report": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:read-social-work-report": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:agency-report-form": " in 404 403 403 403 403 403 403 403 403 404 404 200",
    "reports:agency-report": " in 404 403 403 403 403 200 200 403 200 404 404 200",
    "reports:agency-sharing": " in 404 403 403 403 403 404 403 403 403 404 404 404",
    "reports:read-agency-report": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:document": " in 404 403 403 403 403 200 200 403 200 404 404 200",
    "reports:agency-earlier-document": " in 404 403 403 403 403 200 200 403 200 404 404 200",
    "reports:minutes": " in 404 403 403 403 403 200 200 200 200 404 404 200",
    "reports:minutes-copy": " in 404 403 403 403 403 200 200 200 200 404 404 200",
    "reports:start-minutes": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:edit-minutes": " in 404 403 403 403 403 403 302 302 403 404 404 403",
    "reports:submit-minutes": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:return-minutes": " in 404 403 403 403 403 403 302 403 403 404 404 403",
    "reports:approve-minutes": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "reports:minutes-apologies": " in 404 403 403 403 403 403 302 403 403 404 404 403",
    "reports:circulate-minutes": " in 404 403 403 403 403 302 302 403 403 404 404 403",
    "reports:request-amendment": " in 404 403 403 403 403 403 403 403 403 404 404 200",
    "reports:decide-amendment": " in 404 403 403 403 403 403 200 403 403 404 404 403",
    "reports:feedback": " in 404 403 403 403 403 200 403 403 403 404 404 200",
    "reports:feedback-list": " in 404 403 403 403 403 200 200 403 200 404 404 403",
    "reports:child-feedback": " in 404 403 403 403 403 200 403 403 403 404 404 403",
    "audit:child-history": " in 404 200 200 200 200 403 403 403 200 404 404 404",
    "audit:child-access-log": " in 404 403 403 403 403 403 403 403 200 404 404 404",
    "audit:conference-history": " in 404 200 200 200 200 403 403 403 200 404 404 403",
    "audit:plan-history": " in 404 200 200 200 200 403 403 403 200 404 404 403",
    "enquiries:start": " in 403 403 403 403 403 403 403 403 403 403 200 403",
    "enquiries:mine": " in 403 403 403 403 403 403 403 403 403 403 200 403",
    "enquiries:notices": " in 403 200 200 200 200 200 200 200 200 403 403 403",
    "returns:index": " in 403 403 403 403 403 403 403 403 200 403 403 403",
    "returns:census-run": " in 403 403 403 403 403 403 403 403 200 403 403 403",
    "returns:census-problems": " in 403 403 403 403 403 403 403 403 200 403 403 403",
    "returns:cin-census": " in 403 403 403 403 403 403 403 403 404 403 403 403",
    "enquiries:detail": " in 403 403 403 403 403 403 403 403 403 403 200 403",
    "enquiries:call-back": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "enquiries:search": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "enquiries:advice": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "returns:annex-a": " in 403 403 403 403 403 403 403 403 404 403 403 403",
    # Issue 23: bringing an authority's history in from its census return (ADR 66).
    "returns:census-import": " in 403 403 403 403 403 403 403 403 200 403 403 403",
    "returns:census-import-report": " in 403 403 403 403 403 403 403 403 200 403 403 403",
    "returns:census-import-confirm": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "plans:transfer-in-detail": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    # Issue 21: the child's voice. The child's social worker and their manager, and whoever may
    # see the conference (the invited professional too) read it; only the conference's chair
    # opens the chair's notes; service managers and heads of service are not at the conference.
    "voice:conference_voices": " in 404 200 200 403 403 200 200 200 200 404 404 200",
    "voice:child_voice": " in 404 200 200 404 404 200 200 200 200 404 404 200",
    "voice:chair_notes": " in 404 403 403 404 404 403 200 403 403 404 404 403",
    "voice:upload": " in 404 200 200 404 404 200 200 200 200 404 404 200",
    # Issue 22 item 4: a Child in Need plan. The authority's staff who may see the child read
    # it; the lead social worker or their manager keep it; agency professionals see none. The
    # Early Help page of a child protection plan: the plan's readers, the lead social worker or
    # their manager record (the world's plan is active: the page says it has no Early Help plan).
    "plans:cin-detail": " in 404 200 200 200 200 200 200 200 200 404 404 404",
    "plans:cin-member-add": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:cin-member-remove": " in 405 405 405 405 405 405 405 405 405 405 405 405",
    "plans:cin-review-add": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:cin-action-add": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:cin-action-done": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:cin-end": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:early-help": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    # Issue 22: the child's looked-after periods (the lead social worker or their manager) and
    # early reviews (they, or the conference service, ask; they dismiss the prompt).
    "plans:looked-after-add": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:looked-after-end": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "plans:early-review": " in 404 200 200 403 403 200 403 403 403 404 404 403",
    "plans:dismiss-prompt": " in 404 200 200 403 403 403 403 403 403 404 404 403",
    # Issue 22 item 5: Contextual Safeguarding Conferences (the world's review is booked for
    # today, so the plan's "book the review" is refused to everyone, the conference service too).
    "contextual:queue": " in 403 403 403 403 403 200 403 403 200 403 403 403",
    "contextual:request": " in 404 200 200 403 403 403 403 403 403 404 404 404",
    "contextual:detail": " in 404 200 200 200 200 200 200 200 200 404 404 200",
    "contextual:book": " in 404 403 403 403 403 200 403 403 403 404 404 403",
    "contextual:view-add": " in 404 403 403 403 403 403 200 403 403 404 404 403",
    "contextual:decision": " in 404 403 403 403 403 403 200 403 403 404 404 403",
    "contextual:plan": " in 404 200 200 200 200 200 200 200 200 404 404 200",
    "contextual:outcome-add": " in 404 200 200 403 403 403 200 403 403 404 404 403",
    "contextual:outcome-progress": " in 404 200 200 403 403 403 200 403 403 404 404 403",
    "contextual:review-book": " in 404 403 403 403 403 403 403 403 403 404 404 403",
}

# Which object of the world a URL's numbered parameter names. By parameter name first, then by
# the URL name (its longest matching prefix): add a line when a new URL names something new.
PARAMETERS_BY_NAME = {
    "child_pk": "child",
    "plan_pk": "plan",
    "conference_pk": "conference",
    "invitation_pk": "invitation",
    "link_pk": "family_link",
    "involvement_pk": "involvement",
    "document_pk": "earlier_document",
    "position": "position",
    "number": "annex_a_list",
    "file_format": "file_format",
    "member_pk": "network_member",
    "statement_pk": "plan_statement",
    "cin_member_pk": "cin_member",
    "action_pk": "cin_action",
    "assessment_pk": "specialist_assessment",
    "prompt_pk": "early_review_prompt",
    "outcome_pk": "csc_outcome",
    "person_pk": "family_link",  # any number: see conferences:chair-meeting-absent-parent
}
PARAMETERS = {
    "children": "child",
    "children:strategy-discussion": "strategy_discussion",
    "children:record-birth": "unborn_child",
    "children:sign-off-strategy-discussion": "strategy_discussion",
    "children:record-s47-outcome": "s47_enquiry",
    "conferences": "conference",
    "conferences:request": "request",
    "conferences:withdraw-request": "request",
    "conferences:allocate-chair": "request",
    "conferences:invitation-letter": "family_invitation",
    "conferences:reply": "invitation",
    "conferences:adjournment-report": "adjournment_report",
    "conferences:escalation": "escalation",
    "plans": "plan",
    "plans:cin": "cin_plan",
    "coreGroups": "meeting",
    "timescales:qan": "qan",
    "timescales:deadline": "deadline",
    "reports:agency-report": "agency_report",
    "reports:read-agency-report": "agency_report",
    "reports:agency-sharing": "agency_report",
    "reports:agency-earlier-document": "agency_report",
    "reports:document": "document",
    "reports:minutes-copy": "minutes_copy",
    "reports:request-amendment": "minutes_copy",
    "reports:decide-amendment": "amendment",
    "audit:child": "child",
    "audit:conference": "conference",
    "audit:plan": "plan",
    "enquiries": "enquiry",
    "plans:transfer-in-detail": "transfer_in",
    "plans:looked-after-end": "looked_after_period",
    "returns:census-run": "census_run",
    "returns:cin-census": "census_run",
    "returns:census-problems": "census_run",
    "returns:census-import-report": "census_import",
    "returns:census-import-confirm": "census_import",
    "voice": "conference",
    "voice:upload": "voice_upload",
    "contextual": "csc_review",
    "contextual:plan": "csc_plan",
    "contextual:outcome": "csc_plan",
    "contextual:review-book": "csc_plan",
}
SLUGS = {
    "timescales:breakdown-csv": "team",
    "timescales:indicator-csv": "icpc-timeliness",
    "two-factor-enrolment-link": "a-link-no-administrator-issued",  # <token>
}

# The Django admin: no visitor here is `is_staff`, so each is sent to the admin's own login.
ADMIN_PATHS = ["/admin/", "/admin/children/child/", "/admin/accounts/user/"]
# Nothing these visitors receive may name the child, whatever the status.
MAY_NEVER_SEE_THE_CHILD = {ANONYMOUS, "no_role", "agency_professional", "enquirer"}


def url_patterns(resolver=None, prefix="", namespace=""):
    """(namespaced name, route) for every pattern the project defines, the admin apart."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if str(pattern.pattern).startswith("admin/"):
                continue  # ADMIN_PATHS
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, prefix + str(pattern.pattern)


ALL_URLS = sorted(set(url_patterns()))


def _object_key(name: str, parameter: str) -> str | None:
    if parameter in PARAMETERS_BY_NAME:
        return PARAMETERS_BY_NAME[parameter]
    matches = [p for p in PARAMETERS if name == p or name.startswith(p)]
    return PARAMETERS[max(matches, key=len)] if matches else None


def concrete_path(name: str, route: str, world) -> str:
    def value(match):
        parameter = match.group(1)
        if parameter in {"slug", "token"}:
            return SLUGS[name]
        key = _object_key(name, parameter)
        assert key in world.objects, (
            f"{name} ({route}): say which object <{parameter}> names in PARAMETERS"
        )
        obj = world.objects[key]
        return str(obj if isinstance(obj, int | str) else obj.pk)

    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", value, route)


def outcome(response) -> str:
    if response.status_code == 302:
        return "in" if response["Location"].startswith("/sign-in/") else "302"
    return str(response.status_code)


def body(response) -> bytes:
    return b"" if response.streaming else response.content


def test_every_url_has_a_rule():
    unknown = [f"{name} ({route})" for name, route in ALL_URLS if name not in EXPECTED]
    assert not unknown, (
        "A new page without a rule: add a row for each of these to EXPECTED in "
        "tests/core/test_url_access_by_role.py (what each role gets, per docs/access.md):\n  "
        + "\n  ".join(unknown)
    )


def test_every_rule_has_a_url():
    names = {name for name, _ in ALL_URLS}
    stale = sorted(set(EXPECTED) - names)
    assert not stale, f"These rows name no URL any more; remove them from EXPECTED: {stale}"


def test_every_row_has_a_column_for_every_visitor():
    short = [name for name, row in EXPECTED.items() if len(row.split()) != len(VISITORS)]
    assert not short, f"These rows need {len(VISITORS)} answers: {short}"


def test_every_url_answers_every_visitor_as_the_access_model_says(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = build_world()
    clients = {}
    for visitor in VISITORS:
        clients[visitor] = Client()
        if visitor != ANONYMOUS:
            login(clients[visitor], world.user(visitor))
    wrong, leaks = [], []
    logging.disable(logging.WARNING)  # thousands of expected 403/404 warnings
    try:
        for name, route in ALL_URLS:
            if name not in EXPECTED:
                continue  # test_every_url_has_a_rule names it
            path = concrete_path(name, route, world)
            for visitor, expected in zip(VISITORS, EXPECTED[name].split(), strict=True):
                response = clients[visitor].get(path)
                got = outcome(response)
                if got != expected:
                    wrong.append(f"{name} {path} as {visitor}: expected {expected}, got {got}")
                named = CHILD_SURNAME.encode() in body(response)
                if named and (got != "200" or visitor in MAY_NEVER_SEE_THE_CHILD):
                    leaks.append(f"{name} {path} as {visitor} ({got}) shows the child's name")
        for path in ADMIN_PATHS:
            for visitor in VISITORS:
                response = clients[visitor].get(path)
                to_sign_in = (
                    ("/admin/login/", "/sign-in/") if visitor == ANONYMOUS else "/admin/login/"
                )
                if not (
                    response.status_code == 302 and response["Location"].startswith(to_sign_in)
                ):
                    wrong.append(f"admin {path} as {visitor}: got {response.status_code}")
    finally:
        logging.disable(logging.NOTSET)
    assert not leaks, "Data outside the user's scope:\n" + "\n".join(leaks)
    assert not wrong, f"{len(wrong)} answer(s) differ from the access model:\n" + "\n".join(wrong)
