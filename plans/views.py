"""The child protection plan's page."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from children import services as children_services
from children.rules import may_see_authority_children

from . import selectors


def plan_detail(request, pk):
    # The authority's timescales are internal: an agency professional in the core group sees the
    # plan, not its deadlines.
    staff_view = bool(may_see_authority_children(request.user))
    page = selectors.plan_page(request.user, pk, with_deadlines=staff_view)
    if not request.user.has_perm("plans.view_plan", page.plan):
        raise PermissionDenied
    children_services.record_child_view(
        user=request.user, child=page.plan.child, what="Child protection plan", path=request.path
    )
    return render(
        request,
        "plans/plan_detail.html",
        {
            "page": page,
            "plan": page.plan,
            "child": page.plan.child,
            "staff_view": staff_view,
            "may_see_conference": request.user.has_perm(
                "conferences.view_conference", page.plan.started_by_conference
            ),
        },
    )
