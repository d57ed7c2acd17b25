"""Forms for the timescales dashboard filters and the steps of a Quality Assurance notification.

The filter forms are read from the query string; a value that is not a choice (an old link, a
person who has left) shows a GOV.UK error and the other filters still apply.
"""

from django import forms

from core.forms import GovukTextField, SelectWidget

from . import dashboard
from .models import RuleCode


class NameFilterField(forms.CharField):
    """Part of a person's name. A text box, not a drop-down: a large authority has a thousand
    social workers, and a list that long is neither quick to render nor usable (ADR 34)."""

    def __init__(self, **kwargs):
        super().__init__(
            required=False,
            max_length=100,
            help_text="Type all or part of their name",
            error_messages={"max_length": "Enter a name of 100 characters or fewer"},
            **kwargs,
        )

    def widget_attrs(self, widget):
        # No maxlength: the browser would cut a long entry short without saying so.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs


class DashboardFilterForm(forms.Form):
    show = forms.ChoiceField(
        label="Show",
        widget=SelectWidget,
        choices=dashboard.Show.CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select which deadlines to show"},
    )
    # A team's id: the choices are the active teams (dashboard.team_lookup), which the page
    # reads once for these and for the names of the teams it counts.
    team = forms.TypedChoiceField(
        label="Team",
        coerce=int,
        empty_value=None,
        required=False,
        widget=SelectWidget,
        error_messages={"invalid_choice": "Select a team from the list"},
    )
    worker = NameFilterField(label="Person responsible")
    chair = NameFilterField(label="Chair")
    rule = forms.ChoiceField(
        label="Timescale",
        widget=SelectWidget,
        choices=[("", "All timescales"), *RuleCode.choices],
        required=False,
        error_messages={"invalid_choice": "Select a timescale from the list"},
    )
    sort = forms.ChoiceField(
        label="Sort by",
        widget=SelectWidget,
        choices=dashboard.Sort.CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select how to sort the deadlines"},
    )

    def __init__(self, *args, teams: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        teams = dashboard.team_lookup() if teams is None else teams
        self.fields["team"].choices = [
            ("", "All teams"),
            *((pk, name) for pk, (name, active, _) in teams.items() if active),
        ]

    def filters(self) -> dict:
        """The valid choices as dashboard arguments; an invalid one is left out (and shown)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "team": data.get("team"),
            "worker": data.get("worker") or "",
            "chair": data.get("chair") or "",
            "rule": data.get("rule") or "",
            "show": data.get("show") or dashboard.Show.OVERDUE_OR_DUE_SOON,
            "sort": data.get("sort") or dashboard.Sort.MOST_OVERDUE,
        }


class QanInboxFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=dashboard.InboxStatus.CHOICES,
        required=False,
        error_messages={"invalid_choice": "Select a status from the list"},
    )

    def status_filter(self) -> str:
        self.is_valid()
        return getattr(self, "cleaned_data", {}).get("status") or dashboard.InboxStatus.NOT_CLOSED


class AcknowledgeQanForm(forms.Form):
    """No answers: the button is the acknowledgement. A form so a refusal shows in the summary."""


class ExplainQanForm(forms.Form):
    explanation = GovukTextField(
        label="Explanation",
        help_text="What happened, why, and how the child was kept safe meanwhile.",
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        error_messages={
            "required": "Enter an explanation of what happened and how the child was kept safe",
            "max_length": "Explanation must be 5,000 characters or fewer",
        },
    )


class CloseQanForm(forms.Form):
    note = GovukTextField(
        label="Closing note",
        help_text="What quality assurance found and anything the team should do differently.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter a closing note",
            "max_length": "Closing note must be 5,000 characters or fewer",
        },
    )


class DelayReasonForm(forms.Form):
    reason = GovukTextField(
        label="Reason for the delay",
        help_text="Why the timescale was or will be missed, and how the child is being kept safe.",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=5000,
        error_messages={
            "required": "Enter the reason for the delay",
            "max_length": "Reason for the delay must be 5,000 characters or fewer",
        },
    )


class SignOffDelayForm(forms.Form):
    """No fields: signing off is one button. A form so a refusal shows in the error summary."""


class NotApplicableForm(forms.Form):
    """Shown on the deadline page beside DelayReasonForm: its own ids, so each box has its own
    label (issue 24); the posted field is still `reason`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "id_not_applicable_%s")
        super().__init__(*args, **kwargs)

    reason = GovukTextField(
        label="Why this timescale does not apply",
        help_text="For example, the family moved to another authority before the conference.",
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
        error_messages={
            "required": "Enter why this timescale does not apply",
            "max_length": "Reason must be 5,000 characters or fewer",
        },
    )
