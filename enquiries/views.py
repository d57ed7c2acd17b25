"""Pages for enquiries about the list of children subject to a plan. Thin: reads from selectors,
writes through services. An enquiry belongs to the enquirer who took the call (anyone else: not
found)."""

from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.view_helpers import require_perm

from . import selectors, services
from .forms import AdviceForm, CallBackForm, CallForm, ChildSearchForm


def _show_error(form, error: services.EnquiryError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


def start(request):
    """Step 1: who called, and the call-back to their agency."""
    require_perm(request.user, "enquiries.make_enquiry")
    form = CallForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.record_enquiry(by=request.user, **form.cleaned_data)
        except services.EnquiryError as error:
            _show_error(form, error)
        else:
            return redirect("enquiries:detail", pk=enquiry.pk)
    return render(request, "enquiries/start.html", {"form": form})


def detail(request, pk):
    """The enquiry: its call-backs, then (once verified) the search, the answer and the advice."""
    require_perm(request.user, "enquiries.make_enquiry")
    enquiry = selectors.enquiry_for(request.user, pk)
    return _detail(request, enquiry)


def _detail(request, enquiry, *, call_back_form=None, search_form=None, advice_form=None):
    call_backs = list(enquiry.call_backs.all())
    verified = any(call_back.verified for call_back in call_backs)
    matches = list(enquiry.matches.all())
    context = {
        "enquiry": enquiry,
        "call_backs": call_backs,
        "verified": verified,
        "matches": matches,
        "on_plan": [match for match in matches if match.on_plan],
        "only_interim": any(m.on_plan for m in matches)
        and all(m.interim for m in matches if m.on_plan),
        "call_back_form": call_back_form or CallBackForm(),
        "search_form": search_form or ChildSearchForm(),
        "advice_form": advice_form or AdviceForm(),
    }
    status = 200
    if any(f is not None and f.errors for f in (call_back_form, search_form, advice_form)):
        status = 400
    return render(request, "enquiries/detail.html", context, status=status)


@require_POST
def call_back(request, pk):
    require_perm(request.user, "enquiries.make_enquiry")
    enquiry = selectors.enquiry_for(request.user, pk)
    form = CallBackForm(request.POST)
    if form.is_valid():
        try:
            services.record_call_back(
                enquiry=enquiry, by=request.user, called_back_on=form.cleaned_data["called_back_on"]
            )
        except services.EnquiryError as error:
            _show_error(form, error)
        else:
            return redirect("enquiries:detail", pk=enquiry.pk)
    return _detail(request, enquiry, call_back_form=form)


@require_POST
def search(request, pk):
    """Step 2: search the list. The service refuses without a verified call-back."""
    require_perm(request.user, "enquiries.make_enquiry")
    enquiry = selectors.enquiry_for(request.user, pk)
    form = ChildSearchForm(request.POST)
    if form.is_valid():
        try:
            services.answer_enquiry(enquiry=enquiry, by=request.user, **form.cleaned_data)
        except services.EnquiryRefused as error:
            form.add_error(None, error.message)
            return _detail(request, enquiry, search_form=form)
        except services.EnquiryError as error:
            _show_error(form, error)
        else:
            return redirect("enquiries:detail", pk=enquiry.pk)
    return _detail(request, enquiry, search_form=form)


@require_POST
def advice(request, pk):
    """Step 3: the advice given to the caller."""
    require_perm(request.user, "enquiries.make_enquiry")
    enquiry = selectors.enquiry_for(request.user, pk)
    form = AdviceForm(request.POST)
    if form.is_valid():
        try:
            services.record_advice(
                enquiry=enquiry, by=request.user, advice=form.cleaned_data["advice"]
            )
        except services.EnquiryError as error:
            _show_error(form, error)
        else:
            return redirect("enquiries:detail", pk=enquiry.pk)
    return _detail(request, enquiry, advice_form=form)


def mine(request):
    require_perm(request.user, "enquiries.make_enquiry")
    enquiries = list(selectors.enquiries_recorded_by(request.user)[:100])
    return render(request, "enquiries/mine.html", {"enquiries": enquiries})


def notices(request):
    """Enquiries the user was told about: their children, children at the address of their
    children, and (for the designated manager) repeat enquiries about unknown children."""
    require_perm(request.user, "enquiries.view_notices")
    rows = list(selectors.notices_for(request.user)[:200])
    return render(request, "enquiries/notices.html", {"notices": rows})
