""" "My plan": the child's plan in words a child understands, as a tagged PDF (issue 21 item 7;
001 §5). Offered for children of 8 and over only: younger children have the plan explained to
them in person (words and pictures), not handed a document to read."""

from django.conf import settings
from django.template.loader import render_to_string

from core.pdf import render_pdf

from .models import MY_PLAN_MIN_AGE


def my_plan_offered(child) -> bool:
    age = child.age_in_years()
    return age is not None and age >= MY_PLAN_MIN_AGE


def my_plan_rows(statements) -> list[dict]:
    """Each danger statement and goal in the child's words, else the original words."""
    return [
        {
            "worry": row.text_for_child or row.text,
            "goal": row.safety_goal_for_child or row.safety_goal,
        }
        for row in statements
    ]


def my_plan_html(*, plan, statements, actions) -> str:
    child = plan.child
    return render_to_string(
        "plans/my_plan_pdf.html",
        {
            "authority_name": settings.AUTHORITY_NAME,
            "name": child.display_name,
            "rows": my_plan_rows(statements),
            "actions": [action for action in actions if action.status != "no_longer_needed"],
            "worker": child.lead_social_worker,
            "plan": plan,
        },
    )


def render_my_plan(**kwargs) -> bytes:
    return render_pdf(my_plan_html(**kwargs))
