"""Conference request pages: the social worker's request and the conference service's queue."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from children import selectors as children_selectors
from children import services as children_services
from children.rules import may_see_authority_children
from reports import selectors as report_selectors

from . import change_agreement, postponement, selectors, services
from .family_invitees import family_invitees, relationships_to_children
from .forms import (
    AdvocacyOptOutForm,
    AllocateChairForm,
    ArrangementsForm,
    BookConferenceForm,
    ChairDecisionForm,
    ChangeConferenceForm,
    ConferenceRequestForm,
    InvitationReplyForm,
    SendInvitationsForm,
    WithdrawRequestForm,
)
from .models import ConferenceStatus, RequestStatus, Venue
from .plan_decision import decision_initial
from .readiness import inputs_of
from .separate_attendance import separate_arrangements_listed


def _require(user, permission: str, obj=None) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied


def request_queue(request):
    _require(request.user, "conferences.view_request_queue")
    queue = selectors.request_queue_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/request_queue.html",
        {"entries": queue.entries, "page": queue.page, "page_range": queue.page_range},
    )


def new_request(request, child_pk):
    child = children_selectors.get_child_for(request.user, child_pk)
    _require(request.user, "conferences.request_conference")
    enquiries = list(selectors.enquiries_awaiting_request(request.user, child))
    if request.method == "POST" and not enquiries:
        # Sent from another tab or by a colleague since this form was opened: say so, and show
        # the request that is already waiting.
        messages.info(
            request,
            f"A conference has already been requested for {child.legal_name}. Nothing new was sent.",
        )
        existing = selectors.requests_for_children([child], request.user).get(child.pk)
        if existing:
            return redirect(existing.url)
        return redirect("children:detail", pk=child.pk)
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user,
            child={enquiry.child for enquiry in enquiries} | {child},
            what="Family, network and professionals (to request a conference)",
            path=request.path,
        )
    family_links, professionals = selectors.invite_candidates(enquiries)
    form_kwargs = {
        "enquiries": enquiries,
        "family_links": family_links,
        "professionals": professionals,
    }
    if request.method == "POST":
        form = ConferenceRequestForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                conference_request = services.send_conference_request(
                    by=request.user, **form.selected()
                )
            except services.ConferenceRequestError as error:
                form.add_error(error.field if error.field in form.fields else None, error.message)
            else:
                messages.success(request, "Your request has been sent to the conference service")
                return redirect("conferences:request", pk=conference_request.pk)
    else:
        form = ConferenceRequestForm(
            initial={
                "enquiries": [str(e.pk) for e in enquiries],
                "family_members": sorted({str(link.person_id) for link in family_links}),
                "professionals": [str(p.pk) for p in professionals],
                "interpreter_needed": child.interpreter_needed,
                "interpreter_languages": child.first_language if child.interpreter_needed else "",
                "advocacy_needed": any((e.child.age_in_years() or 0) >= 10 for e in enquiries),
            },
            **form_kwargs,
        )
    return render(
        request,
        "conferences/request_form.html",
        {"form": form, "child": child, "has_enquiries": bool(enquiries)},
    )


def request_detail(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    # A withdrawn request has no live children: show the children it was for.
    links = conference_request.live_children or conference_request.all_children
    children = [link.child for link in links]
    children_services.record_child_view(
        user=request.user, child=children, what="Conference request", path=request.path
    )
    due = selectors.icpc_due_deadlines(link.enquiry_id for link in conference_request.live_children)
    conference = selectors.conference_of_request(conference_request)
    return render(
        request,
        "conferences/request_detail.html",
        {
            "conference_request": conference_request,
            "children": children,
            "links": links,
            "deadlines": list(due.values()),
            "family": [i for i in conference_request.invitees.all() if i.kind == "family"],
            "professionals": [
                i for i in conference_request.invitees.all() if i.kind == "professional"
            ],
            "can_withdraw": conference_request.status == RequestStatus.SENT
            and request.user.has_perm("conferences.withdraw_request"),
            "conference": conference,
            "may_see_conference": conference is not None
            and request.user.has_perm("conferences.view_conference", conference),
            "may_book": request.user.has_perm("conferences.book_conference"),
        },
    )


def withdraw_request(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    _require(request.user, "conferences.withdraw_request")
    if conference_request.status != RequestStatus.SENT:
        return redirect("conferences:request", pk=pk)
    form = WithdrawRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_conference_request(
                request=conference_request, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ConferenceRequestError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "The conference request has been withdrawn")
            return redirect("conferences:request", pk=pk)
    return render(
        request,
        "conferences/withdraw_request.html",
        {"form": form, "conference_request": conference_request},
    )


# Allocation and booking -------------------------------------------------------------------------


# A service's field for the booking forms' own: the date and time are typed in separate fields.
_BOOKING_FIELDS = {"starts_at": "date", "ends_at": "end_time"}


def _form_error(form, error) -> None:
    field = error.field
    if field not in form.fields:
        field = _BOOKING_FIELDS.get(field)
    form.add_error(field if field in form.fields else None, error.message)


def conference_list(request):
    _require(request.user, "conferences.list_conferences")
    page, page_range = selectors.conference_list_page(request.user, request.GET.get("page"))
    return render(
        request,
        "conferences/conference_list.html",
        {"conferences": list(page.object_list), "page": page, "page_range": page_range},
    )


def allocate_chair(request, pk):
    conference_request = selectors.request_for(request.user, pk)
    _require(request.user, "conferences.book_conference")
    existing = selectors.conference_of_request(conference_request)
    if conference_request.status != RequestStatus.SENT or (
        existing and existing.status != ConferenceStatus.ALLOCATED
    ):
        return redirect("conferences:request", pk=pk)
    form = AllocateChairForm(
        request.POST or None,
        chairs=selectors.chairs(),
        initial={"chair": existing.chair_id if existing else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.allocate_chair(
                request=conference_request, chair=form.cleaned_data["chair"], by=request.user
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(
                request, f"{conference.chair.full_name} is allocated to chair the conference"
            )
            return redirect("conferences:book", pk=conference.pk)
    return render(
        request,
        "conferences/allocate_chair.html",
        {
            "form": form,
            "conference_request": conference_request,
            "children": [link.child for link in conference_request.live_children],
        },
    )


def conference_detail(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.view_conference", conference)
    children = [link.child for link in conference.conference_children.all()]
    children_services.record_child_view(
        user=request.user, child=children, what="Conference", path=request.path
    )
    may_book = request.user.has_perm("conferences.book_conference")
    # The authority's timescales and the request are internal: an invited agency sees neither.
    staff_view = bool(may_see_authority_children(request.user))
    sees_arrangements = request.user.has_perm("conferences.view_invitations", conference)
    own_invitation = (
        conference.invitations.filter(user=request.user, is_active=True)
        .select_related("agency_report")
        .first()
    )
    return render(
        request,
        "conferences/conference_detail.html",
        {
            "conference": conference,
            "children": children,
            "staff_view": staff_view,
            "own_invitation": own_invitation,
            "report_status": report_selectors.report_status_for(conference, request.user)
            if staff_view
            else None,
            "deadlines": selectors.conference_deadlines(conference) if staff_view else [],
            "may_book": may_book and conference.may_be_booked,
            "may_change": may_book and conference.may_be_changed,
            "may_change_booking": request.user.has_perm("conferences.change_booking", conference)
            and conference.status == ConferenceStatus.BOOKED
            and conference.started_at is None,
            # Each family member's own times: for the chair and the conference service only.
            "sees_separate_arrangements": sees_arrangements,
            "separate_arrangements": separate_arrangements_listed(conference)
            if sees_arrangements
            else [],
        },
    )


def book_conference(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.book_conference")
    if not conference.may_be_booked:
        return redirect("conferences:conference", pk=pk)
    form = BookConferenceForm(
        request.POST or None,
        venues=Venue.objects.filter(is_active=True),
        minute_takers=selectors.minute_takers(),
        pre_birth=conference.is_pre_birth,
    )
    due = services.icpc_due_for(conference)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.book_conference(
                conference=conference,
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                venue=data["venue"],
                online_link=data["online_link"],
                minute_taker=data["minute_taker"],
                by=request.user,
                late_reason=data["late_reason"],
                prebirth_reason=data.get("prebirth_reason", ""),
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The conference is booked")
            return redirect("conferences:conference", pk=pk)
    chosen = (
        form.cleaned_data.get("starts_at")
        if form.is_bound and hasattr(form, "cleaned_data")
        else None
    )
    first_due = due[0] if due else None
    return render(
        request,
        "conferences/book_conference.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "due": due,
            "past_due": bool(first_due and chosen and chosen >= first_due.due_at),
        },
    )


def change_conference(request, pk, action):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.book_conference")
    if not conference.may_be_changed:
        return redirect("conferences:conference", pk=pk)
    verb = "postpone" if action == "postpone" else "cancel"
    people, capacity = change_agreement.who_may_agree(conference)
    form = ChangeConferenceForm(
        request.POST or None,
        verb=verb,
        managers=selectors.users_among(people),
        capacity=capacity,
        chair=conference.chair,
        causes=postponement.choices_for(conference) if verb == "postpone" else None,
    )
    if request.method == "POST" and form.is_valid():
        change = services.cancel_conference
        extra = {}
        if verb == "postpone":
            change = services.postpone_conference
            extra = {"caused_by": form.cleaned_data["caused_by"]}
        try:
            change(
                conference=conference,
                reason=form.cleaned_data["reason"],
                agreed_by=form.cleaned_data["agreed_by"],
                chair_agreed=form.cleaned_data.get("chair_agreed", False),
                by=request.user,
                **extra,
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"The conference has been {verb}d")
            return redirect("conferences:conference", pk=pk)
    return render(
        request,
        "conferences/change_conference.html",
        {"form": form, "conference": conference, "verb": verb},
    )


# Invitations, arrangements, advocacy, chair decisions and replies --------------------------------
# Reads for these pages are kept here (selectors.py belongs to the booking work); each is a fixed
# number of queries.


def _invitations_of(conference):
    from .models import Invitation

    return list(
        Invitation.objects.filter(conference=conference)
        .select_related("agency", "sent_by", "replied_by")
        .order_by("-is_active", "kind", "name", "pk")
    )


def _invitations_context(request, conference, send_form=None) -> dict:
    from timescales.models import RuleCode

    from .letters import conference_reference
    from .models import AdvocacyReferral, ChairDecision

    children = [link.child for link in conference.conference_children.all()]
    referrals = {
        referral.child_id: referral
        for referral in AdvocacyReferral.objects.filter(conference=conference).select_related(
            "recorded_by"
        )
    }
    day = timezone.localdate(conference.starts_at) if conference.starts_at else None
    advocacy = []
    for child in children:
        age = child.age_in_years(day) if day else child.age_in_years()
        advocacy.append(
            {
                "child": child,
                "age": age,
                "eligible": age is not None and age >= services.ADVOCACY_AGE,
                "referral": referrals.get(child.pk),
            }
        )
    invitations = _invitations_of(conference)
    # Issue 18 items 2 and 6: the family's relationships to each child, and who is invited
    # before the invitations are sent; each family member's separate arrangements.
    to_invite = [] if invitations else family_invitees(conference)
    relationships = relationships_to_children(
        [invitation.person_id for invitation in invitations]
        + [invitee.person_id for invitee in to_invite],
        children,
    )
    for row in (*invitations, *to_invite):
        if row.person_id:
            row.relationships = relationships.get(row.person_id, "")
    user = request.user
    sent_for_booking = bool(
        conference.invitations_sent_at
        and conference.booked_at
        and conference.invitations_sent_at >= conference.booked_at
    )
    return {
        "conference": conference,
        "children": children,
        "reference": conference_reference(conference),
        "invitations": invitations,
        "to_invite": to_invite,
        "separate_arrangements": separate_arrangements_listed(conference),
        "advocacy": advocacy,
        "decisions": list(
            ChairDecision.objects.filter(conference=conference)
            .select_related("child", "decided_by")
            .order_by("decided_at", "pk")
        ),
        "deadlines": [
            deadline
            for deadline in selectors.conference_deadlines(conference)
            if deadline.rule == RuleCode.INVITES
        ],
        "send_form": send_form or SendInvitationsForm(),
        "form": send_form,  # for the error summary and the page title
        "may_send": user.has_perm("conferences.send_invitations")
        and conference.status == ConferenceStatus.BOOKED
        and not sent_for_booking,
        "sent_for_booking": sent_for_booking,
        "may_arrange": user.has_perm("conferences.record_arrangements")
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_opt_out": user.has_perm("conferences.record_advocacy_opt_out")
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_decide": user.has_perm("conferences.record_chair_decision", conference)
        and conference.status in services.OPEN_CONFERENCE_STATUSES,
        "may_reply_for": user.has_perm("conferences.send_invitations")
        and conference.status == ConferenceStatus.BOOKED,
    }


def _conference_for_invitations(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.view_invitations", conference)
    return conference


def invitations(request, pk):
    conference = _conference_for_invitations(request, pk)
    context = _invitations_context(request, conference)
    children_services.record_child_view(
        user=request.user,
        child=context["children"],
        what="Conference invitations and arrangements",
        path=request.path,
    )
    return render(request, "conferences/invitations.html", context)


@require_POST
def send_invitations(request, pk):
    conference = _conference_for_invitations(request, pk)
    _require(request.user, "conferences.send_invitations")
    form = SendInvitationsForm(request.POST)
    try:
        sent = services.send_invitations(
            conference=conference, by=request.user, base_url=request.build_absolute_uri("/")
        )
    except services.ConferenceBookingError as error:
        form.is_valid()
        form.add_error(None, error.message)
        conference = selectors.conference_for(request.user, pk)
        return render(
            request,
            "conferences/invitations.html",
            _invitations_context(request, conference, send_form=form),
        )
    letters_made = sum(1 for invitation in sent if invitation.letter)
    emails = sum(1 for invitation in sent if invitation.sent_at and invitation.method == "email")
    not_sent = sum(1 for invitation in sent if invitation.not_sent_reason)
    text = f"Invitations sent: {emails} email{'s' if emails != 1 else ''} and {letters_made} letter"
    text += "s to print and post" if letters_made != 1 else " to print and post"
    if not_sent:
        text += f". {not_sent} {'people were' if not_sent != 1 else 'person was'} not sent one"
    messages.success(request, text)
    return redirect("conferences:invitations", pk=pk)


def arrangements(request, pk):
    conference = _conference_for_invitations(request, pk)
    _require(request.user, "conferences.record_arrangements")
    if conference.status not in services.OPEN_CONFERENCE_STATUSES:
        return redirect("conferences:invitations", pk=pk)
    initial = {name: getattr(conference, name) for name in services.ARRANGEMENT_FIELDS}
    form = ArrangementsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_arrangements(
                conference=conference,
                by=request.user,
                **{name: form.cleaned_data[name] for name in services.ARRANGEMENT_FIELDS},
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, "The arrangements are saved")
            return redirect("conferences:invitations", pk=pk)
    return render(
        request,
        "conferences/arrangements.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
        },
    )


def advocacy_opt_out(request, pk):
    from children.models import Child

    conference = _conference_for_invitations(request, pk)
    _require(request.user, "conferences.record_advocacy_opt_out")
    if conference.status not in services.OPEN_CONFERENCE_STATUSES:
        return redirect("conferences:invitations", pk=pk)
    children = Child.objects.filter(conference_links__conference=conference).order_by(
        "date_of_birth", "pk"
    )
    form = AdvocacyOptOutForm(
        request.POST or None, children=children, initial={"child": request.GET.get("child")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.record_advocacy_opt_out(
                conference=conference,
                child=form.cleaned_data["child"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"{referral.child.legal_name} has opted out of advocacy")
            return redirect("conferences:invitations", pk=pk)
    return render(
        request,
        "conferences/advocacy_opt_out.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
        },
    )


def chair_decisions(request, pk):
    from children.models import Child

    from .models import ChairDecision

    conference = _conference_for_invitations(request, pk)
    may_decide = request.user.has_perm("conferences.record_chair_decision", conference) and (
        conference.status in services.OPEN_CONFERENCE_STATUSES
    )
    if request.method == "POST" and not may_decide:
        raise PermissionDenied
    form = ChairDecisionForm(
        request.POST or None,
        children=Child.objects.filter(conference_links__conference=conference).order_by(
            "date_of_birth", "pk"
        ),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_chair_decision(
                conference=conference, by=request.user, **form.decision()
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, "Your decision is recorded")
            return redirect("conferences:chair-decisions", pk=pk)
    return render(
        request,
        "conferences/chair_decisions.html",
        {
            "form": form,
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "may_decide": may_decide,
            "decisions": list(
                ChairDecision.objects.filter(conference=conference)
                .select_related("child", "decided_by")
                .order_by("decided_at", "pk")
            ),
        },
    )


def invitation_letter(request, pk):
    """The family letter as sent, from private storage: only for those who see the invitations."""
    from .models import Invitation

    invitation = get_object_or_404(Invitation.objects.only("pk", "conference_id", "letter"), pk=pk)
    conference = _conference_for_invitations(request, invitation.conference_id)
    _require(request.user, "conferences.download_invitation_letter", conference)
    if not invitation.letter:
        raise Http404("No letter was produced for this invitation")
    try:
        handle = invitation.letter.open("rb")
    except FileNotFoundError as error:
        raise Http404("The letter file is missing") from error
    children_services.record_child_view(
        user=request.user,
        child=[link.child for link in conference.conference_children.all()],
        what="Invitation letter",
        path=request.path,
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"invitation-letter-{invitation.pk}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = "no-store"
    return response


def _invitation_for_reply(request, pk):
    """The invitation, for its own professional (while it is active) or the conference service.
    Anyone else gets page not found: they cannot learn that an invitation exists."""
    from .models import Invitation

    invitation = (
        Invitation.objects.select_related("conference", "conference__chair", "conference__venue")
        .filter(pk=pk)
        .first()
    )
    if invitation is None or not request.user.has_perm(
        "conferences.reply_to_invitation", invitation
    ):
        raise Http404("No invitation found")
    # The usual check on restricted records, for the invitee and the conference service alike.
    selectors.conference_for(request.user, invitation.conference_id)
    return invitation


def reply_to_invitation(request, pk):
    from children.models import Child

    invitation = _invitation_for_reply(request, pk)
    conference = invitation.conference
    children = list(
        Child.objects.filter(conference_links__conference=conference).order_by(
            "date_of_birth", "pk"
        )
    )
    form = InvitationReplyForm(
        request.POST or None,
        initial={
            "reply": invitation.reply if invitation.reply != "awaiting" else None,
            "substitute_name": invitation.substitute_name,
            "note": invitation.reply_note,
        },
    )
    may_reply = invitation.is_active and conference.status == ConferenceStatus.BOOKED
    if request.method == "POST":
        if not may_reply:
            form.is_valid()
            form.add_error(None, "This conference is not booked: there is nothing to reply to")
        elif form.is_valid():
            try:
                services.reply_to_invitation(
                    invitation=invitation,
                    by=request.user,
                    reply=form.cleaned_data["reply"],
                    substitute_name=form.cleaned_data["substitute_name"],
                    note=form.cleaned_data["note"],
                )
            except services.ConferenceBookingError as error:
                _form_error(form, error)
            else:
                messages.success(request, "Your reply is recorded")
                if invitation.user_id == request.user.pk:
                    return redirect("conferences:invited")
                return redirect("conferences:invitations", pk=conference.pk)
    return render(
        request,
        "conferences/reply.html",
        {
            "form": form,
            "invitation": invitation,
            "conference": conference,
            "children": children,
            "may_reply": may_reply,
            "for_someone_else": invitation.user_id != request.user.pk,
        },
    )


def invited(request):
    """Your conferences: the booked conferences the signed-in professional is invited to, soonest
    first, with their reply. Three queries however many there are."""
    from .models import ConferenceChild, Invitation

    _require(request.user, "conferences.view_own_invitations")
    rows = list(
        Invitation.objects.filter(
            user=request.user,
            is_active=True,
            conference__status=ConferenceStatus.BOOKED,
            # Less any conference with a restricted child they are not named on.
            conference__in=selectors.conferences_visible_to(request.user),
        )
        .select_related("conference", "conference__venue", "conference__chair", "agency_report")
        .prefetch_related(
            Prefetch(
                "conference__conference_children",
                queryset=ConferenceChild.objects.select_related("child").order_by(
                    "child__date_of_birth", "pk"
                ),
            )
        )
        .order_by("conference__starts_at", "pk")
    )
    return render(request, "conferences/invited.html", {"invitations": rows})


# --- Holding the conference (issue 6): attendance with quoracy, the Signs of Safety record -----
# One form per page with several buttons: every button saves what is typed in the main part of
# the page first, so pressing the wrong one (or an error in another part) never loses text.


def _conference_for_holding(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.view_conference_record", conference)
    may_hold = request.user.has_perm("conferences.hold_conference", conference)
    if request.method == "POST" and not may_hold:
        raise PermissionDenied
    return conference, may_hold


def _errors_of(*forms) -> list:
    """(anchor, message) for each error of the bound forms, for the error summary."""
    from core.templatetags.govuk import error_anchor

    errors = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        errors += [("main-content", error) for error in form.non_field_errors()]
        for field in form.visible_fields():
            errors += [(error_anchor(field), error) for error in field.errors]
    return errors


def attendance(request, pk):
    from .forms import AddAttendeeForm, AttendanceForm, QuorateReasonForm
    from .quoracy import attendance_rows, quoracy

    conference, may_hold = _conference_for_holding(request, pk)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    if action == "start":
        try:
            services.start_conference(conference=conference, by=request.user)
        except services.ConferenceBookingError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, "The conference has started")
        return redirect("conferences:attendance", pk=pk)

    rows = attendance_rows(conference)
    children = [link.child for link in conference.conference_children.all()]
    initial = {
        "parents_met_chair_beforehand": conference.parents_met_chair_beforehand,
        "child_participation": conference.child_participation,
    }
    data = request.POST if action else None
    form = AttendanceForm(data, rows=rows, initial=initial)
    add_form = AddAttendeeForm(data if action == "add" else None, prefix="add")
    may_record_reason = request.user.has_perm("conferences.record_quorate_reason", conference)
    if action == "reason" and not may_record_reason:
        raise PermissionDenied
    reason_form = QuorateReasonForm(
        data if action == "reason" else None,
        prefix="quorate",
        initial={"reason": conference.quorate_reason},
    )
    if action:
        saved = False
        if form.is_valid():
            try:
                services.record_attendance(
                    conference=conference, by=request.user, rows=form.statuses()
                )
                services.record_participation(
                    conference=conference,
                    by=request.user,
                    parents_met_chair_beforehand=form.cleaned_data["parents_met_chair_beforehand"],
                    child_participation=form.cleaned_data["child_participation"]
                    or conference.child_participation,
                )
                saved = True
            except services.ConferenceBookingError as error:
                _form_error(form, error)
        done = saved
        if saved and action == "add":
            done = False
            if add_form.is_valid():
                try:
                    services.add_attendee(
                        conference=conference, by=request.user, **add_form.cleaned_data
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    _form_error(add_form, error)
        elif saved and action == "reason":
            done = False
            if reason_form.is_valid():
                try:
                    services.record_quorate_reason(
                        conference=conference,
                        by=request.user,
                        reason=reason_form.cleaned_data["reason"],
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    _form_error(reason_form, error)
        if done:
            messages.success(
                request,
                {"add": "The person is added", "reason": "Your reason is recorded"}.get(
                    action, "The attendance is saved"
                ),
            )
            return redirect("conferences:attendance", pk=pk)
    else:
        children_services.record_child_view(
            user=request.user, child=children, what="Conference attendance", path=request.path
        )
    facts = quoracy(conference, rows)
    return render(
        request,
        "conferences/meeting/attendance.html",
        {
            "conference": conference,
            "children": children,
            "form": form,
            "add_form": add_form,
            "reason_form": reason_form,
            "errors": _errors_of(form, add_form, reason_form),
            "rows": rows,
            "quoracy": facts,
            "may_hold": may_hold and conference.status == ConferenceStatus.BOOKED,
            "may_start": may_hold
            and conference.status == ConferenceStatus.BOOKED
            and conference.started_at is None,
            "may_record_reason": may_record_reason
            and conference.started_at is not None
            and conference.status == ConferenceStatus.BOOKED,
        },
    )


def _record_context(conference, children):
    from .models import DangerStatement, SignsOfSafetyRecord
    from .scaling import conference_scales

    record = SignsOfSafetyRecord.objects.filter(conference=conference).first()
    dangers = []
    if record is not None:
        dangers = list(
            DangerStatement.objects.filter(record=record)
            .select_related("safety_goal")
            .order_by("position")
        )
    return record, dangers, conference_scales(record, children, dangers)


def _score_form(data, scales, dangers, correcting=""):
    """The scores form, with a box for each danger statement for each child not yet decided;
    `correcting` (the chair's "Correct" link) fills it with that participant's scores."""
    from .forms import ScaleScoreForm
    from .scaling import score_field_name

    open_children = [entry.child for entry in scales.children if not entry.finalised]
    initial = {}
    for entry in scales.children:
        for scale in entry.scales:
            for row in scale.scores:
                if correcting and row.participant.lower() == correcting.lower():
                    initial.update(participant=row.participant, role=row.role)
                    initial.setdefault("comment", row.comment)
                    initial[score_field_name(entry.child.pk, scale.danger_statement.pk)] = str(
                        row.score
                    )
    return ScaleScoreForm(
        data, prefix="score", children=open_children, dangers=dangers, initial=initial
    )


def signs_of_safety(request, pk):
    from .forms import DangerStatementForm, SignsOfSafetyForm
    from .models import MAX_DANGER_STATEMENTS
    from .scaling import OVERALL_LABEL, record_scale_scores

    conference, may_hold = _conference_for_holding(request, pk)
    children = [link.child for link in conference.conference_children.all()]
    record, dangers, scales = _record_context(conference, children)
    action = request.POST.get("action", "save") if request.method == "POST" else None
    initial = (
        {name: getattr(record, name) for name in services.SIGNS_OF_SAFETY_FIELDS} if record else {}
    )
    data = request.POST if action else None
    form = SignsOfSafetyForm(data, initial=initial)
    danger_form = DangerStatementForm(data if action == "add_danger" else None, prefix="danger")
    score_form = _score_form(
        data if action == "add_score" else None,
        scales,
        dangers,
        correcting=request.GET.get("correct", "") if may_hold else "",
    )
    if action:
        done = False
        if form.is_valid():
            try:
                services.save_signs_of_safety(
                    conference=conference, by=request.user, **form.cleaned_data
                )
                done = True
            except services.ConferenceBookingError as error:
                _form_error(form, error)
        if done and action == "add_danger":
            done = False
            if danger_form.is_valid():
                try:
                    services.add_danger_statement(
                        conference=conference, by=request.user, **danger_form.cleaned_data
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    _form_error(danger_form, error)
        elif done and action == "add_score":
            done = False
            if score_form.is_valid():
                try:
                    record_scale_scores(
                        conference=conference,
                        by=request.user,
                        participant=score_form.cleaned_data["participant"],
                        role=score_form.cleaned_data["role"],
                        comment=score_form.cleaned_data["comment"],
                        scores=score_form.cleaned_data["scores"],
                    )
                    done = True
                except services.ConferenceBookingError as error:
                    _form_error(score_form, error)
        if done:
            messages.success(
                request,
                {
                    "add_danger": "The danger statement and its safety goal are added",
                    "add_score": "The scores are recorded",
                }.get(action, "The Signs of Safety record is saved"),
            )
            return redirect("conferences:signs-of-safety", pk=pk)
        record, dangers, scales = _record_context(conference, children)
    else:
        children_services.record_child_view(
            user=request.user,
            child=children,
            what="Conference Signs of Safety record",
            path=request.path,
        )
    errors = _errors_of(form, danger_form, score_form)
    may_record = (
        may_hold and conference.status == ConferenceStatus.BOOKED and bool(conference.started_at)
    )
    return render(
        request,
        "conferences/meeting/signs_of_safety.html",
        {
            "conference": conference,
            "children": children,
            # A review starts from what has happened since the last conference.
            "since_last": selectors.since_last_conference(conference)
            if conference.kind in services.REVIEW_KINDS
            else [],
            "record": record,
            "form": form,
            "danger_form": danger_form,
            "score_form": score_form,
            "errors": errors,
            "dangers": dangers,
            "scales": scales,
            "overall_label": OVERALL_LABEL,
            "may_record": may_record,
            "may_correct": may_record and request.user.pk == conference.chair_id,
            "may_add_danger": may_record and len(dangers) < MAX_DANGER_STATEMENTS,
            "max_dangers": MAX_DANGER_STATEMENTS,
        },
    )


def danger_statement(request, pk, position):
    from .forms import DangerStatementForm
    from .models import DangerStatement

    conference, may_hold = _conference_for_holding(request, pk)
    if not may_hold:
        raise PermissionDenied
    danger = get_object_or_404(
        DangerStatement.objects.select_related("safety_goal"),
        record__conference=conference,
        position=position,
    )
    form = DangerStatementForm(
        request.POST or None,
        initial={"statement": danger.statement, "safety_goal": danger.safety_goal.goal},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.change_danger_statement(
                conference=conference,
                by=request.user,
                danger_statement=danger,
                **form.cleaned_data,
            )
        except services.ConferenceBookingError as error:
            _form_error(form, error)
        else:
            messages.success(request, f"Danger statement {position} is changed")
            return redirect("conferences:signs-of-safety", pk=pk)
    return render(
        request,
        "conferences/meeting/danger_statement.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "form": form,
            "danger": danger,
        },
    )


# --- end of holding the conference -------------------------------------------------------------


# --- The decision (issue 6 parts 3 and 4) --------------------------------------------------------
# The overview lists each child with the tally and the state of the decision, and holds the
# chair's adjourn form. Each child's page records the social worker's recommendation, the
# professionals' views and the chair's decision (one form, several buttons; a refused button
# re-shows everything typed); the chair saves and finalises there. The outline plan PDF is for the
# chair, the minute taker, the conference service and the children's social worker.


def _conference_for_decision(request, pk):
    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.view_decision", conference)
    may_record = (
        request.user.has_perm("conferences.record_decision", conference)
        and conference.status == ConferenceStatus.BOOKED
        and conference.started_at is not None
    )
    return conference, may_record


def _decisions_of(conference, **filters):
    from .models import ChildDecision, OutlinePlanAction, ProfessionalView

    return list(
        ChildDecision.objects.filter(conference=conference, **filters)
        .select_related("child", "finalised_by", "decided_by")
        .prefetch_related(
            Prefetch(
                "views", queryset=ProfessionalView.objects.select_related("agency").order_by("pk")
            ),
            Prefetch("actions", queryset=OutlinePlanAction.objects.order_by("pk")),
        )
        .order_by("pk")
    )


def _ensure_decisions(request, conference, may_record):
    decisions = _decisions_of(conference)
    if may_record and len(decisions) < len(conference.conference_children.all()):
        services.open_decisions(conference=conference, by=request.user)
        decisions = _decisions_of(conference)
    return decisions


def decision_overview(request, pk):
    from .forms import AdjournForm

    conference, may_record = _conference_for_decision(request, pk)
    may_adjourn = may_record and request.user.has_perm("conferences.adjourn_conference", conference)
    form = AdjournForm(request.POST if request.method == "POST" else None, prefix="adjourn")
    if request.method == "POST":
        if not may_adjourn:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.adjourn_conference(
                    conference=conference, by=request.user, reason=form.cleaned_data["reason"]
                )
            except services.ConferenceBookingError as error:
                _form_error(form, error)
            else:
                messages.success(request, "The conference is adjourned")
                return redirect("conferences:decision", pk=pk)
    decisions = _ensure_decisions(request, conference, may_record)
    children = [link.child for link in conference.conference_children.all()]
    if request.method == "GET":
        children_services.record_child_view(
            user=request.user, child=children, what="Conference decision", path=request.path
        )
    allowed, why = services.may_reach_decision(conference)
    from . import adjournment

    return render(
        request,
        "conferences/decision/overview.html",
        {
            # Issue 17: the managers' reports the chair asked for, and any escalations.
            "adjournment_reports": adjournment.reports_for_chair(conference),
            "escalations": adjournment.escalations_of(conference),
            "conference": conference,
            "children": children,
            "rows": [(decision, services.tally(decision)) for decision in decisions],
            "may_reach_decision": allowed,
            "quoracy_explanation": why,
            "inputs": inputs_of(conference),
            "form": form,
            "errors": _errors_of(form),
            "may_record": may_record,
            "may_adjourn": may_adjourn and conference.adjourned_at is None,
            "may_download": request.user.has_perm("conferences.download_outline_plan", conference),
            "may_record_circulation": request.user.has_perm(
                "conferences.record_outline_circulation", conference
            ),
        },
    )


def _action_rows_initial(decision) -> list[dict]:
    from .forms import ACTION_ROWS

    rows = [
        {
            "what": action.what,
            "who": action.who,
            "by_when": action.by_when,
            "danger_statement_position": (
                str(action.danger_statement_position) if action.danger_statement_position else ""
            ),
        }
        for action in decision.actions.all()
    ]
    return rows + [{}] * ACTION_ROWS


def child_decision(request, pk, child_pk):
    from .forms import (
        ChildDecisionForm,
        OutlineActionFormSet,
        ProfessionalViewForm,
        RecommendationForm,
    )

    conference, may_record = _conference_for_decision(request, pk)
    decisions = _ensure_decisions(request, conference, may_record)
    decision = next((d for d in decisions if d.child_id == child_pk), None)
    if decision is None:
        raise Http404("No decision for that child at this conference")
    may_finalise = request.user.has_perm("conferences.finalise_decision", conference)
    action = request.POST.get("action") if request.method == "POST" else None
    if action and (not may_record or decision.is_final):
        raise PermissionDenied
    if action == "finalise" and not may_finalise:
        raise PermissionDenied
    data = request.POST if action else None
    rec_form = RecommendationForm(
        data if action == "recommendation" else None,
        prefix="rec",
        initial={"recommendation": decision.recommendation},
    )
    view_form = ProfessionalViewForm(data if action == "add_view" else None, prefix="view")
    deciding = action in ("save_decision", "add_row", "finalise")
    decision_form = ChildDecisionForm(
        data if deciding else None,
        prefix="decision",
        initial=decision_initial(conference, decision),
        review=conference.kind in services.REVIEW_KINDS,
        service_managers=selectors.service_managers(),
    )
    if action == "add_row":
        posted = request.POST.copy()
        try:
            total = int(posted.get("actions-TOTAL_FORMS", 0))
        except ValueError:
            total = 0
        posted["actions-TOTAL_FORMS"] = str(min(total, 50) + 1)
        formset = OutlineActionFormSet(posted, prefix="actions")
    elif deciding:
        formset = OutlineActionFormSet(data, prefix="actions")
    else:
        formset = OutlineActionFormSet(prefix="actions", initial=_action_rows_initial(decision))
    checked = [rec_form, view_form] + (
        [decision_form] if action in ("save_decision", "finalise") else []
    )
    input_errors = {}  # service errors on the outline actions and the conference's inputs
    if action == "recommendation" and rec_form.is_valid():
        try:
            services.record_recommendation(
                decision=decision, by=request.user, **rec_form.cleaned_data
            )
        except services.ConferenceBookingError as error:
            _form_error(rec_form, error)
        else:
            messages.success(request, "The recommendation is saved")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    elif action == "add_view" and view_form.is_valid():
        try:
            services.record_professional_view(
                decision=decision, by=request.user, **view_form.cleaned_data
            )
        except services.ConferenceBookingError as error:
            _form_error(view_form, error)
        else:
            messages.success(request, "The view is recorded")
            return redirect("conferences:child-decision", pk=pk, child_pk=child_pk)
    elif action in ("save_decision", "finalise"):
        rows_valid = formset.is_valid()
        if decision_form.is_valid() and rows_valid:
            saved = False
            try:
                services.record_decision(
                    decision=decision,
                    by=request.user,
                    actions=[row for row in formset.cleaned_data if row],
                    **decision_form.cleaned_data,
                )
                saved = True
                if action == "finalise":
                    services.finalise_decision(decision=decision, by=request.user)
            except services.ConferenceBookingError as error:
                if error.field in ("actions", "inputs_reason"):
                    input_errors[error.field] = error.message
                else:
                    _form_error(decision_form, error)
            else:
                messages.success(
                    request,
                    "The decision is finalised"
                    if action == "finalise"
                    else "The decision is saved",
                )
                return redirect("conferences:decision", pk=pk)
            if saved:
                decisions = _decisions_of(conference, pk=decision.pk)
                decision = decisions[0]
    if not action:
        children_services.record_child_view(
            user=request.user, child=[decision.child], what="Conference decision", path=request.path
        )
    errors = _errors_of(*checked)
    errors += list(input_errors.items())
    for number, row_form in enumerate(formset.forms if formset.is_bound else [], start=1):
        if action in ("save_decision", "finalise"):
            from core.templatetags.govuk import error_anchor

            errors += [
                (error_anchor(field), f"Action {number}: {message}")
                for field in row_form.visible_fields()
                for message in field.errors
            ]
    return render(
        request,
        "conferences/decision/child.html",
        {
            "conference": conference,
            "children": [link.child for link in conference.conference_children.all()],
            "decision": decision,
            "child": decision.child,
            "tally": services.tally(decision),
            "rec_form": rec_form,
            "view_form": view_form,
            "decision_form": decision_form,
            "formset": formset,
            "errors": errors,
            "may_record": may_record and not decision.is_final,
            "may_finalise": may_finalise and may_record and not decision.is_final,
            "may_download": request.user.has_perm("conferences.download_outline_plan", conference),
            "input_errors": input_errors,
            "inputs": inputs_of(conference),
        },
    )


def outline_plan_pdf(request, pk, child_pk):
    from django.http import HttpResponse

    from .models import ChildDecision
    from .outline_plan import outline_plan_filename, outline_plan_for_family

    conference = selectors.conference_for(request.user, pk)
    _require(request.user, "conferences.download_outline_plan", conference)
    decision = get_object_or_404(
        ChildDecision.objects.select_related("child", "conference", "child_protection_plan"),
        conference=conference,
        child_id=child_pk,
    )
    if not decision.outcome:
        raise Http404("The decision for this child is not recorded yet")
    pdf = outline_plan_for_family(decision=decision, by=request.user)
    children_services.record_child_view(
        user=request.user, child=decision.child, what="Outline plan", path=request.path
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{outline_plan_filename(decision)}"'
    response["Cache-Control"] = "no-store"
    return response


# --- end of the decision -------------------------------------------------------------------------
