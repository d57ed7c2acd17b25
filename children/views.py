"""Pages for finding and recording children, families, professionals, strategy discussions and
Section 47 outcomes. Thin: reads come from selectors, writes go through services."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from core.view_helpers import require_perm
from timescales.selectors import deadlines_for

from . import presenters, selectors, services
from .forms import (
    ChildForm,
    EndFamilyLinkForm,
    EndInvolvementForm,
    FamilyMemberForm,
    ProfessionalForm,
    RecordBirthForm,
    S47OutcomeForm,
    SearchForm,
    StrategyDiscussionForm,
    participant_formset,
)
from .household import add_sibling_with_family, household_members
from .household_forms import SiblingForm
from .rules import may_see_child


def _child_for(request, pk, what: str, *, permission: str):
    """The child if the user may see it (else page not found) and has `permission` on it (else
    forbidden), with the view written to the access log."""
    child = selectors.get_child_for(request.user, pk)
    require_perm(request.user, permission, child)
    if request.method == "GET":
        services.record_child_view(user=request.user, child=child, what=what, path=request.path)
    return child


def _show_service_error(form, error: services.ChildRecordError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def _duplicate_context(request, error: services.DuplicateChildError) -> dict:
    existing = error.existing
    return {
        "existing": existing,
        "can_open": may_see_child(request.user, existing),
        "certain": error.certain,
    }


# --- Search ---------------------------------------------------------------------------------------------


def search(request):
    require_perm(request.user, "children.search_children")
    form = SearchForm(request.GET or None)
    results = None
    if form.is_bound and form.is_valid() and form.cleaned_data["q"].strip():
        results = selectors.search_children(user=request.user, query=form.cleaned_data["q"])
    return render(
        request,
        "children/search.html",
        {
            "form": form,
            "results": results,
            "rows": presenters.search_rows(results.children) if results else [],
            "can_add": request.user.has_perm("children.add_child"),
            "sees_authority_children": request.user.has_perm("children.browse_children"),
        },
    )


# --- The child's record ---------------------------------------------------------------------------------


def _save_child_form(request, form, save, *, success_message: str):
    """Run `save(details, allow_likely_duplicate)` for a valid form; on a rule's error, put the
    message next to its field and return the duplicate context (if any) for the page."""
    try:
        child = save(
            form.child_details(),
            bool(form.cleaned_data.get("confirm_different_child")),
        )
    except services.DuplicateChildError as error:
        _show_service_error(form, error)
        if not error.certain:
            form.offer_duplicate_confirmation()
        return None, _duplicate_context(request, error)
    except services.ChildRecordError as error:
        _show_service_error(form, error)
        return None, None
    messages.success(request, success_message.format(name=child.legal_name))
    return child, None


def add_child(request):
    require_perm(request.user, "children.add_child")
    duplicate = None
    if request.method == "POST":
        form = ChildForm(request.POST)
        if form.is_valid():
            child, duplicate = _save_child_form(
                request,
                form,
                lambda details, allow: services.create_child(
                    by=request.user, allow_likely_duplicate=allow, **details
                ),
                success_message="{name} has been added",
            )
            if child:
                return redirect("children:detail", pk=child.pk)
    else:
        initial = {"first_language": "English"}
        if request.user.has_role("social_worker"):
            initial["lead_social_worker"] = request.user.pk
        form = ChildForm(initial=initial)
    return render(
        request,
        "children/child_form.html",
        {"form": form, "duplicate": duplicate, "heading": "Add a child", "sibling": None},
    )


def add_sibling(request, pk):
    sibling = _child_for(
        request, pk, "Household (to add a brother or sister)", permission="children.change_child"
    )
    duplicate = None
    # Issue 18 item 6: the household's family members, offered for linking to the new child.
    members = household_members(sibling)
    if request.method == "POST":
        form = SiblingForm(request.POST, members=members)
        if form.is_valid():
            child, duplicate = _save_child_form(
                request,
                form,
                lambda details, allow: add_sibling_with_family(
                    by=request.user,
                    sibling=sibling,
                    family=form.family_choices(),
                    allow_likely_duplicate=allow,
                    **details,
                ),
                success_message="{name} has been added to the household",
            )
            if child:
                return redirect("children:detail", pk=child.pk)
    else:
        form = SiblingForm(
            members=members,
            initial={
                "legal_surname": sibling.legal_surname,
                "first_language": sibling.first_language,
                "address_line_1": sibling.address_line_1,
                "address_line_2": sibling.address_line_2,
                "town": sibling.town,
                "postcode": sibling.postcode,
                "address_do_not_disclose": sibling.address_do_not_disclose,
                "lead_social_worker": sibling.lead_social_worker_id,
                "ethnicity": sibling.ethnicity,
            },
        )
    return render(
        request,
        "children/child_form.html",
        {
            "form": form,
            "duplicate": duplicate,
            "heading": f"Add a brother or sister of {sibling.legal_name}",
            "sibling": sibling,
        },
    )


def change_child(request, pk):
    child = _child_for(
        request, pk, "Child's details (to change them)", permission="children.change_child"
    )
    duplicate = None
    if request.method == "POST":
        form = ChildForm(request.POST)
        if form.is_valid():
            saved, duplicate = _save_child_form(
                request,
                form,
                lambda details, allow: services.update_child(
                    child=child, by=request.user, allow_likely_duplicate=allow, **details
                ),
                success_message="{name}'s details have been changed",
            )
            if saved:
                return redirect("children:detail", pk=child.pk)
    else:
        form = ChildForm(initial=ChildForm.initial_from(child))
    return render(
        request,
        "children/child_form.html",
        {
            "form": form,
            "duplicate": duplicate,
            "heading": f"Change {child.legal_name}'s details",
            "child": child,
            "sibling": None,
        },
    )


def child_detail(request, pk):
    page = presenters.child_page(request.user, pk)
    services.record_child_view(
        user=request.user, child=page.child, what="Child's record", path=request.path
    )
    user = request.user
    can_change = user.has_perm("children.change_child", page.child)
    # A family's request for a change of worker (issue 22 item 6).
    waiting = page.waiting_worker_change
    return render(
        request,
        "children/child_detail.html",
        {
            "page": page,
            "child": page.child,
            "can_change": can_change,
            "can_record_strategy": can_change,
            "can_request_conference": user.has_perm("conferences.request_conference"),
            "can_record_birth": user.has_perm("children.record_birth", page.child),
            "worker_changes": page.worker_changes,
            "may_record_worker_change": waiting is None
            and services.may_record_worker_change_request(page.child, user),
            "may_decide_worker_change": waiting is not None
            and services.may_decide_worker_change(waiting, user),
            "can_record_looked_after": user.has_perm("plans.record_looked_after", page.child),
        },
    )


def record_birth(request, pk):
    """The lead social worker (or their manager) records the baby's birth (issue 22)."""
    child = _child_for(request, pk, "Record the birth", permission="children.record_birth")
    if request.method == "POST":
        form = RecordBirthForm(request.POST)
        if form.is_valid():
            try:
                services.record_birth(child=child, by=request.user, **form.details())
            except services.ChildRecordError as error:
                _show_service_error(form, error)
            else:
                child.refresh_from_db()
                messages.success(request, f"The birth of {child.legal_name} has been recorded")
                return redirect("children:detail", pk=child.pk)
    else:
        form = RecordBirthForm(initial=RecordBirthForm.initial_from(child))
    return render(request, "children/record_birth_form.html", {"form": form, "child": child})


# --- Family and network -------------------------------------------------------------------------------------


def add_family_member(request, pk):
    child = _child_for(
        request, pk, "Family and network (to add someone)", permission="children.change_child"
    )
    children = selectors.household_children_for(request.user, child)
    if request.method == "POST":
        form = FamilyMemberForm(request.POST, children=children)
        if form.is_valid():
            try:
                person = services.add_family_member(
                    by=request.user,
                    children=form.selected_children(),
                    relationship=form.cleaned_data["relationship"],
                    has_parental_responsibility=form.cleaned_data["has_parental_responsibility"],
                    lives_with_child=form.cleaned_data["lives_with_child"],
                    in_safety_network=form.cleaned_data["in_safety_network"],
                    **form.person_details(),
                )
            except services.ChildRecordError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, f"{person.full_name} has been added")
                return redirect(reverse("children:detail", args=[child.pk]) + "#family")
    else:
        form = FamilyMemberForm(
            children=children,
            initial={
                "children": [str(child.pk)],
                "may_receive_documents": True,
                "first_language": "English",
            },
        )
    return render(request, "children/family_member_form.html", {"form": form, "child": child})


def end_family_link(request, pk, link_pk):
    child = _child_for(
        request, pk, "Family and network (to remove someone)", permission="children.change_child"
    )
    link = selectors.open_family_link_of(child, link_pk)
    form = EndFamilyLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_family_link(link=link, by=request.user, reason=form.cleaned_data["reason"])
        except services.ChildRecordError as error:
            _show_service_error(form, error)
        else:
            messages.success(
                request,
                f"{link.person.full_name} is no longer part of {child.legal_name}'s network",
            )
            return redirect(reverse("children:detail", args=[child.pk]) + "#family")
    return render(
        request, "children/end_link_form.html", {"form": form, "child": child, "link": link}
    )


# --- Professionals involved -------------------------------------------------------------------------------


def add_professional(request, pk):
    child = _child_for(
        request, pk, "Professionals involved (to add one)", permission="children.change_child"
    )
    form = ProfessionalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            involvement = services.add_professional(
                by=request.user,
                child=child,
                role=data["role"],
                user=data["user"],
                agency=data["agency"],
                name=data["name"],
                job_title=data["job_title"],
                organisation=data["organisation"],
                email=data["email"],
                phone=data["phone"],
            )
        except services.ChildRecordError as error:
            _show_service_error(form, error)
        else:
            messages.success(request, f"{involvement.display_name} has been added")
            return redirect(reverse("children:detail", args=[child.pk]) + "#professionals")
    return render(request, "children/professional_form.html", {"form": form, "child": child})


def end_professional(request, pk, involvement_pk):
    child = _child_for(
        request, pk, "Professionals involved (to remove one)", permission="children.change_child"
    )
    involvement = selectors.open_involvement_of(child, involvement_pk)
    form = EndInvolvementForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.end_professional_involvement(
                involvement=involvement, by=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ChildRecordError as error:
            _show_service_error(form, error)
        else:
            messages.success(
                request, f"{involvement.display_name} is no longer recorded as involved"
            )
            return redirect(reverse("children:detail", args=[child.pk]) + "#professionals")
    return render(
        request,
        "children/end_involvement_form.html",
        {"form": form, "child": child, "involvement": involvement},
    )


# --- Strategy discussions and S47 enquiries -----------------------------------------------------------------


def record_strategy_discussion(request, pk):
    child = _child_for(
        request,
        pk,
        "Household (to record a strategy discussion)",
        permission="children.record_strategy_discussion",
    )
    children = selectors.household_children_for(request.user, child)
    agencies = selectors.active_agencies()
    if request.method == "POST":
        form = StrategyDiscussionForm(request.POST, children=children)
        participants = participant_formset(request.POST, agencies=agencies)
        if form.is_valid() and participants.is_valid():
            try:
                discussion = services.record_strategy_discussion(
                    by=request.user,
                    children=form.selected_children(),
                    held_at=form.held_at,
                    participants=participants.participants(),
                    concerns=form.cleaned_data["concerns"],
                    decision=form.cleaned_data["decision"],
                    reason_for_decision=form.cleaned_data["reason_for_decision"],
                )
            except services.ChildRecordError as error:
                _show_service_error(form, error)
            else:
                messages.success(request, "The strategy discussion has been recorded")
                return redirect("children:strategy-discussion", pk=discussion.pk)
    else:
        form = StrategyDiscussionForm(children=children, initial={"children": [str(child.pk)]})
        participants = participant_formset(agencies=agencies)
    return render(
        request,
        "children/strategy_discussion_form.html",
        {"form": form, "participants": participants, "child": child},
    )


def strategy_discussion_detail(request, pk):
    discussion = selectors.strategy_discussion_for(request.user, pk)
    children = list(discussion.children.all())
    services.record_child_view(
        user=request.user, child=children, what="Strategy discussion record", path=request.path
    )

    return render(
        request,
        "children/strategy_discussion_detail.html",
        {
            "discussion": discussion,
            "children": children,
            "deadlines": list(deadlines_for(discussion)),
            "can_sign_off": request.user.has_perm("children.sign_off_strategy_discussion")
            and not discussion.is_signed_off
            and discussion.recorded_by_id != request.user.pk,
            "can_record_outcome": request.user.has_perm("children.record_s47_outcome", children[0])
            if children
            else False,
        },
    )


@require_POST
def sign_off_strategy_discussion(request, pk):
    discussion = selectors.strategy_discussion_for(request.user, pk)
    require_perm(request.user, "children.sign_off_strategy_discussion")
    try:
        services.sign_off_strategy_discussion(discussion=discussion, by=request.user)
    except services.ChildRecordError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "You have signed off the strategy discussion record")
    return redirect("children:strategy-discussion", pk=discussion.pk)


def strategy_discussions_to_sign_off(request):
    require_perm(request.user, "children.sign_off_strategy_discussion")
    discussions = list(selectors.strategy_discussions_awaiting_sign_off(request.user)[:200])
    return render(
        request, "children/strategy_discussions_to_sign_off.html", {"discussions": discussions}
    )


def record_s47_outcome(request, pk):
    enquiry = selectors.s47_enquiry_for(request.user, pk)
    child = enquiry.child
    require_perm(request.user, "children.record_s47_outcome", child)
    if not enquiry.is_open:
        raise Http404("The outcome has already been recorded")
    if request.method == "GET":
        services.record_child_view(
            user=request.user, child=child, what="Section 47 enquiry", path=request.path
        )
    form = S47OutcomeForm(request.POST or None, enquiry=enquiry)
    if request.method == "POST" and form.is_valid():
        try:
            services.record_s47_outcome(
                enquiry=enquiry,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                concluded_on=form.cleaned_data["concluded_on"],
                reason=form.cleaned_data["reason"],
            )
        except services.ChildRecordError as error:
            _show_service_error(form, error)
        else:
            messages.success(
                request, f"The outcome of {child.legal_name}'s Section 47 enquiry has been recorded"
            )
            return redirect(reverse("children:detail", args=[child.pk]) + "#enquiries")
    return render(
        request,
        "children/s47_outcome_form.html",
        {"form": form, "enquiry": enquiry, "child": child},
    )
