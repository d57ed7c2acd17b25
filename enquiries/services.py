"""Answering an enquiry about the list of children subject to a plan.

1. `record_enquiry`: who called, from which agency and number, and why, with the call-back made
   to the agency (verified against the agency's known number, `accounts.Agency`).
2. `record_call_back`: another call-back, when the first could not be verified.
3. `answer_enquiry`: only after a verified call-back. Matches the child (name and date of birth or
   address), records the answer, and tells the lead social worker of a child on a plan, the lead
   social worker of a child on a plan at the same address, or (a second enquiry about a child the
   authority does not know) the designated manager.
4. `record_advice`: the advice given to the caller, once.

Each is one transaction, and history keeps every write (django-simple-history).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.utils import timezone

from accounts.models import RoleCode, User
from core.errors import DomainError
from core.outbox import queue_emails
from core.templatetags.govuk import govuk_date

from . import selectors
from .models import CallBack, EnquiryMatch, EnquiryNotice, EnquiryResult, NoticeKind, PlanEnquiry
from .normalisers import address_key, name_key, normalise_phone
from .rules import may_make_enquiry


class EnquiryError(DomainError):
    """A rule forbids what was asked; the message is plain English for the page."""


class EnquiryRefused(EnquiryError):
    """No answer may be given (no verified call-back)."""


def designated_manager_role() -> str:
    """Who considers whether a child unknown to the authority, asked about twice, is a child in
    need (setting PLAN_ENQUIRY_DESIGNATED_ROLE; the service manager unless set)."""
    return getattr(settings, "PLAN_ENQUIRY_DESIGNATED_ROLE", RoleCode.SERVICE_MANAGER)


def _require_enquirer(by) -> None:
    if not may_make_enquiry(by):
        raise EnquiryRefused("Only an enquirer may record and answer enquiries.")


def _call_back_row(*, enquiry, by, called_back_on: str) -> CallBack:
    known = enquiry.agency.known_phone_number
    verified = bool(known) and normalise_phone(called_back_on) == normalise_phone(known)
    return CallBack.objects.create(
        enquiry=enquiry,
        called_back_on=called_back_on.strip(),
        known_number=known,
        verified=verified,
        recorded_by=by,
    )


# --- The steps ----------------------------------------------------------------------------------


def record_enquiry(
    *,
    by,
    caller_name: str,
    caller_role: str,
    agency,
    caller_number: str,
    reason: str,
    called_back_on: str,
) -> PlanEnquiry:
    """Record who called and the call-back to their agency. The enquiry is kept whether or not
    the call-back is verified: every enquiry is recorded."""
    _require_enquirer(by)
    if not caller_name.strip():
        raise EnquiryError("Enter the name of the person who called", field="caller_name")
    if not reason.strip():
        raise EnquiryError("Enter why they are asking", field="reason")
    if not called_back_on.strip():
        raise EnquiryError("Enter the number you called them back on", field="called_back_on")
    with transaction.atomic():
        enquiry = PlanEnquiry.objects.create(
            recorded_by=by,
            caller_name=caller_name.strip(),
            caller_role=caller_role.strip(),
            agency=agency,
            caller_number=caller_number.strip(),
            reason=reason.strip(),
        )
        _call_back_row(enquiry=enquiry, by=by, called_back_on=called_back_on)
    return enquiry


def record_call_back(*, enquiry: PlanEnquiry, by, called_back_on: str) -> CallBack:
    _require_enquirer(by)
    if not called_back_on.strip():
        raise EnquiryError("Enter the number you called them back on", field="called_back_on")
    with transaction.atomic():
        locked = PlanEnquiry.objects.select_for_update().select_related("agency").get(pk=enquiry.pk)
        if locked.is_answered:
            raise EnquiryError("This enquiry has already been answered.")
        return _call_back_row(enquiry=locked, by=by, called_back_on=called_back_on)


def plan_answer(plan) -> str:
    """The answer given to the caller about one child, in words."""
    if plan is None:
        return "Not subject to a child protection plan"
    if plan.is_interim:
        reconvene_by = plan.started_by_conference.reconvene_by
        when = f", reconvenes by {govuk_date(reconvene_by)}" if reconvene_by else ""
        return f"Subject to an interim child protection plan (conference adjourned{when})"
    return "Subject to a child protection plan"


def answer_enquiry(
    *,
    enquiry: PlanEnquiry,
    by,
    forename: str,
    surname: str,
    date_of_birth=None,
    address_line_1: str = "",
    postcode: str = "",
) -> PlanEnquiry:
    """Search the list and record the answer. Refused without a verified call-back."""
    _require_enquirer(by)
    forename, surname = forename.strip(), surname.strip()
    address_line_1, postcode = address_line_1.strip(), postcode.strip()
    if not surname:
        raise EnquiryError("Enter the child's last name", field="surname")
    has_address = bool(address_line_1 and postcode)
    if date_of_birth is None and not has_address:
        raise EnquiryError(
            "Enter the child's date of birth, or the first line of their address and postcode",
            field="date_of_birth",
        )
    with transaction.atomic():
        locked = PlanEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.recorded_by_id != by.pk:
            raise EnquiryRefused("Only the person who took the call may answer it.")
        if locked.is_answered:
            raise EnquiryError("This enquiry has already been answered.")
        if not locked.call_backs.filter(verified=True).exists():
            raise EnquiryRefused(
                "Call the caller back on their agency's known number before you answer."
            )
        found = selectors.match_children(
            forename=forename,
            surname=surname,
            date_of_birth=date_of_birth,
            address_line_1=address_line_1,
            postcode=postcode,
        )
        plans = selectors.active_plans_for([child.pk for child in found])
        matches = []
        for child in found:
            plan = plans.get(child.pk)
            lead = child.lead_social_worker
            matches.append(
                EnquiryMatch(
                    enquiry=locked,
                    child=child,
                    plan=plan,
                    on_plan=plan is not None,
                    interim=plan is not None and plan.is_interim,
                    answer=plan_answer(plan),
                    category=plan.get_category_display() if plan else "",
                    plan_started_on=plan.started_on if plan else None,
                    lead_social_worker=lead,
                    lead_name=lead.full_name if lead else "",
                    lead_phone=lead.phone if lead else "",
                    lead_email=lead.email if lead else "",
                    lead_team=lead.team.name if lead and lead.team_id else "",
                )
            )
        EnquiryMatch.objects.bulk_create(matches)  # sets the ids (RETURNING) on both databases
        EnquiryMatch.history.bulk_history_create(matches)  # bulk_create skips history

        locked.forename = forename
        locked.surname = surname
        locked.date_of_birth = date_of_birth
        locked.address_line_1 = address_line_1
        locked.postcode = postcode.upper()
        locked.name_key = name_key(forename, surname)
        locked.address_key = address_key(address_line_1, postcode)
        locked.child_known = bool(found)
        locked.result = (
            EnquiryResult.SUBJECT_TO_PLAN
            if any(match.on_plan for match in matches)
            else EnquiryResult.NOT_SUBJECT_TO_PLAN
        )
        locked.answered_at = timezone.now()
        locked.save()
        _tell_who_needs_to_know(locked, matches)
    enquiry.refresh_from_db()
    return enquiry


def record_advice(*, enquiry: PlanEnquiry, by, advice: str) -> PlanEnquiry:
    _require_enquirer(by)
    if not advice.strip():
        raise EnquiryError("Enter the advice you gave the caller", field="advice")
    with transaction.atomic():
        locked = PlanEnquiry.objects.select_for_update().get(pk=enquiry.pk)
        if locked.recorded_by_id != by.pk:
            raise EnquiryRefused("Only the person who took the call may record the advice.")
        if not locked.is_answered:
            raise EnquiryRefused("Answer the enquiry before you record the advice.")
        if locked.advice:
            raise EnquiryError("The advice for this enquiry is already recorded.", field="advice")
        locked.advice = advice.strip()
        locked.advice_recorded_at = timezone.now()
        locked.save()
    enquiry.refresh_from_db()
    return enquiry


# --- Telling people ---------------------------------------------------------------------------------


def _tell_who_needs_to_know(enquiry: PlanEnquiry, matches: list[EnquiryMatch]) -> None:
    """The notices, written in the answer's transaction with their emails queued in the outbox."""
    notices: list[EnquiryNotice] = []
    seen = set()

    def notice(kind, recipient, child=None):
        if recipient is None or not recipient.is_active:
            return
        key = (kind, recipient.pk, child.pk if child else None)
        if key in seen:
            return
        seen.add(key)
        notices.append(
            EnquiryNotice(
                enquiry=enquiry, kind=kind, recipient=recipient, child=child, email=recipient.email
            )
        )

    # 1. The lead social worker of each matched child (on a plan or not: they work with them).
    for match in matches:
        notice(NoticeKind.LEAD_SOCIAL_WORKER, match.lead_social_worker, match.child)

    # 2. A child not on a plan (known or not) at the address of a child on a plan: that child's
    #    lead social worker.
    addresses = {
        (match.child.address_line_1, match.child.postcode)
        for match in matches
        if not match.on_plan and match.child.address_line_1 and match.child.postcode
    }
    if not matches and enquiry.address_line_1 and enquiry.postcode:
        addresses.add((enquiry.address_line_1, enquiry.postcode))
    if addresses:
        on_plan_ids = {match.child_id for match in matches if match.on_plan}
        matched_ids = {match.child_id for match in matches}
        for plan in selectors.plans_at_addresses(addresses):
            if plan.child_id in matched_ids or plan.child_id in on_plan_ids:
                continue
            notice(NoticeKind.SAME_ADDRESS, plan.child.lead_social_worker, plan.child)

    # 3. A second enquiry about a child the authority does not know: the designated manager.
    if not matches and selectors.earlier_unknown_enquiries(enquiry).exists():
        for manager in User.objects.filter(
            is_active=True, roles__code=designated_manager_role()
        ).distinct():
            notice(NoticeKind.REPEAT_UNKNOWN, manager)

    created = EnquiryNotice.objects.bulk_create(notices)
    EnquiryNotice.history.bulk_history_create(created)
    queue_emails(
        [
            _notice_email(enquiry.pk, row.get_kind_display(), row.email)
            for row in created
            if row.email
        ],
        kind="enquiry-notice",
    )


def _notice_email(enquiry_pk: int, subject: str, address: str) -> EmailMessage:
    """The email says only that there is an enquiry to read: the details stay in the service."""
    return EmailMessage(
        subject,
        "An enquiry was made about the list of children subject to a child protection plan. "
        "Sign in to read it under 'Enquiries about your children'.\n\n"
        f"Enquiry reference: E{enquiry_pk}",
        settings.DEFAULT_FROM_EMAIL,
        [address],
    )
