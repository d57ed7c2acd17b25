"""Each child's decision page (issue 6 parts 3 and 4; issue 19 item 6).

The page holds three forms (a professional's view, the social worker's recommendation and the
chair's decision with the outline plan's action rows), and each posts to a view of its own. When
one is refused the page is shown again with that form bound, so what was typed stays beside its
errors, and the others as they start. The forms are built here, so a bound form and its unbound
twin always have the same prefix, initial values and choices.
"""

from voice import selectors as voice_selectors

from .. import selectors, services
from ..forms import (
    ACTION_ROWS,
    ChildDecisionForm,
    OutlineActionFormSet,
    ProfessionalViewForm,
    RecommendationForm,
)
from ..plan_decision import decision_initial
from ..readiness import inputs_of

MAX_ACTION_ROWS = 50  # "Add another action" stops adding rows here


def recommendation_form_for(decision, data=None) -> RecommendationForm:
    return RecommendationForm(
        data, prefix="rec", initial={"recommendation": decision.recommendation}
    )


def view_form_for(data=None) -> ProfessionalViewForm:
    return ProfessionalViewForm(data, prefix="view")


def decision_form_for(conference, decision, data=None) -> ChildDecisionForm:
    """The chair's decision; a review's starts from what the plan holds now."""
    return ChildDecisionForm(
        data,
        prefix="decision",
        initial=decision_initial(conference, decision),
        review=conference.kind in services.REVIEW_KINDS,
        service_managers=selectors.service_managers(),
    )


def action_rows_for(decision, data=None) -> OutlineActionFormSet:
    """The outline plan's action rows: the decision's actions and ACTION_ROWS empty rows, or
    the rows as posted."""
    if data is not None:
        return OutlineActionFormSet(data, prefix="actions")
    initial = [
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
    return OutlineActionFormSet(prefix="actions", initial=initial + [{}] * ACTION_ROWS)


def with_another_row(data):
    """The posted rows with one more empty row (no JavaScript), at most MAX_ACTION_ROWS + 1."""
    posted = data.copy()
    try:
        total = int(posted.get("actions-TOTAL_FORMS", 0))
    except ValueError:
        total = 0
    posted["actions-TOTAL_FORMS"] = str(min(total, MAX_ACTION_ROWS) + 1)
    return posted


def child_decision_page(
    *,
    user,
    conference,
    decision,
    may_record: bool,
    errors=(),
    input_errors=None,
    rec_form=None,
    view_form=None,
    decision_form=None,
    formset=None,
) -> dict:
    """The page's context. `may_record` says the user may record this conference's decisions
    now (the view works it out, as it refuses a post on it); the forms not given start unbound.
    `errors` are the error summary's (anchor, message) entries, `input_errors` the services'
    refusals about the action rows and the conference's inputs, shown beside them."""
    may_finalise = user.has_perm("conferences.finalise_decision", conference)
    child_voice = voice_selectors.voice_for(conference, decision.child)
    open_to_record = may_record and not decision.is_final
    return {
        "conference": conference,
        "children": [link.child for link in conference.conference_children.all()],
        "decision": decision,
        "child": decision.child,
        "tally": services.tally(decision),
        "rec_form": recommendation_form_for(decision) if rec_form is None else rec_form,
        "view_form": view_form_for() if view_form is None else view_form,
        "decision_form": (
            decision_form_for(conference, decision) if decision_form is None else decision_form
        ),
        "formset": action_rows_for(decision) if formset is None else formset,
        "errors": list(errors),
        "may_record": open_to_record,
        "may_finalise": may_finalise and open_to_record,
        "may_download": user.has_perm("conferences.download_outline_plan", conference),
        "input_errors": input_errors or {},
        "inputs": inputs_of(conference),
        "child_voice": child_voice,
        "may_see_child_voice": user.has_perm("voice.view_child_voice", child_voice),
    }
