"""The audit pages: a record's history and "who looked at this child's record". Thin views: the
record comes through its own app's scoped selector (outside the user's scope: 404), the rule in
audit/rules.py decides 403, and looking at the audit is itself written to the access log."""

from django.shortcuts import render

from children import selectors as children_selectors
from children import services as children_services
from conferences import selectors as conference_selectors
from core.view_helpers import require_perm
from plans import selectors as plan_selectors

from . import selectors


def _page_range(page):
    return page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1)


def _history(request, *, record, kind, title, back_url, back_text, sources, child=None):
    page = selectors.history_page(sources, request.GET.get("page") or 1)
    return render(
        request,
        "audit/history.html",
        {
            "record": record,
            "kind": kind,
            "title": title,
            "back_url": back_url,
            "back_text": back_text,
            "page": page,
            "page_range": _page_range(page),
            "child": child,
        },
    )


def child_history(request, pk):
    child = children_selectors.get_child_for(request.user, pk)
    require_perm(request.user, "audit.view_child_history", child)
    children_services.record_child_view(
        user=request.user, child=child, what="History of the record", path=request.path
    )
    return _history(
        request,
        record=child,
        kind="child",
        title=f"History of {child.legal_name}'s record",
        back_url=f"/children/{child.pk}/",
        back_text="Back to the child's record",
        sources=selectors.child_history_sources(child),
        child=child,
    )


def conference_history(request, pk):
    conference = conference_selectors.conference_for(request.user, pk)
    require_perm(request.user, "audit.view_conference_history", conference)
    children = [link.child for link in conference.conference_children.all()]
    children_services.record_child_view(
        user=request.user, child=children, what="History of a conference", path=request.path
    )
    # Managers read a conference's history but may not open the conference (issue 24): their
    # way back is the child's record.
    if request.user.has_perm("conferences.view_conference", conference):
        back_url, back_text = f"/conferences/{conference.pk}/", "Back to the conference"
    elif len(children) == 1:
        back_url, back_text = f"/children/{children[0].pk}/", "Back to the child's record"
    else:
        back_url, back_text = "", ""
    return _history(
        request,
        record=conference,
        kind="conference",
        title="History of the conference",
        back_url=back_url,
        back_text=back_text,
        sources=selectors.conference_history_sources(conference),
    )


def plan_history(request, pk):
    plan = plan_selectors.plan_for(request.user, pk)
    require_perm(request.user, "audit.view_plan_history", plan)
    children_services.record_child_view(
        user=request.user, child=plan.child, what="History of the plan", path=request.path
    )
    return _history(
        request,
        record=plan,
        kind="plan",
        title=f"History of {plan.child.legal_name}'s child protection plan",
        back_url=f"/plans/{plan.pk}/",
        back_text="Back to the plan",
        sources=selectors.plan_history_sources(plan),
        child=plan.child,
    )


def child_access_log(request, pk):
    child = children_selectors.get_child_for(request.user, pk)
    require_perm(request.user, "audit.view_access_log", child)
    children_services.record_child_view(
        user=request.user, child=child, what="Access log", path=request.path
    )
    page = selectors.access_log_page(child, request.GET.get("page") or 1)
    return render(
        request,
        "audit/access_log.html",
        {"child": child, "page": page, "page_range": _page_range(page)},
    )
