"""The plan page's core group section: `{% core_group_section plan as section %}` in
templates/coreGroups/includes/plan_core_groups.html reads coreGroups.selectors.core_group_summary
and what the signed-in user may do, so plans/views.py needs no change."""

from django import template

from coreGroups.selectors import core_group_summary

register = template.Library()


@register.simple_tag(takes_context=True)
def core_group_section(context, plan):
    user = context["request"].user
    return {
        "summary": core_group_summary(plan),
        "may_plan": plan.is_active and user.has_perm("coreGroups.plan_meeting", plan),
        "may_record_visit": plan.is_active and user.has_perm("coreGroups.record_visit", plan),
        "may_see_visits": user.has_perm("coreGroups.view_visits", plan),
    }
