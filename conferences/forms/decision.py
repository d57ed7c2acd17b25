"""The decision, per child (issue 6 parts 3 and 4; reviews, issue 7 part 6): the social worker's
recommendation, the professionals' views, the chair's decision with the outline plan's actions,
and adjourning the conference."""

from django import forms

from accounts.models import Agency
from core.forms import NOTE, GovukDateField, GovukTextField
from plans.models import PlanCategory, SecondaryFactor

from ..models import MAX_DANGER_STATEMENTS, DecisionOutcome
from .fields import UserChoiceField

ACTION_ROWS = 3  # empty action rows offered; "Add another action" adds one more, no JavaScript


class RecommendationForm(forms.Form):
    recommendation = forms.ChoiceField(
        label="What does the social worker recommend?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the social worker's recommendation"},
    )


class ProfessionalViewForm(forms.Form):
    name = GovukTextField(
        label="Professional's name",
        max_length=200,
        error_messages={"required": "Enter the professional's name"},
    )
    role = GovukTextField(label="Their agency or role", max_length=300, required=False)
    agency = forms.ModelChoiceField(
        label="The agency they give the view for",
        help_text="If the conference adjourns on a split, the agency's manager is asked for a "
        "report. Leave as it is to use the agency they attended for.",
        queryset=None,
        required=False,
        empty_label="The agency they attended for",
    )
    view = forms.ChoiceField(
        label="What is their view?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the professional's view"},
    )
    category = forms.ChoiceField(
        label="Category of plan they give (when their view is a child protection plan)",
        choices=[("", "Not given")] + list(PlanCategory.choices),
        required=False,
    )
    dissent = forms.BooleanField(label="They dissent from the decision", required=False)
    dissent_reason = GovukTextField(
        max_length=NOTE,
        label="Reason for the dissent",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].queryset = Agency.objects.filter(is_active=True).order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("dissent") and not (data.get("dissent_reason") or "").strip():
            self.add_error("dissent_reason", "Enter the reason for the dissent")
        return data


class ChildDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="What is the chair's decision?",
        choices=DecisionOutcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the decision"},
    )
    rationale = GovukTextField(
        max_length=NOTE,
        label="Rationale",
        help_text="Why the chair decided this.",
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": "Enter the rationale for the decision"},
    )
    overrule_reason = GovukTextField(
        max_length=NOTE,
        label="If you overrule the majority of the views, why",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    category = forms.ChoiceField(
        label="Category of the plan (for a child protection plan)",
        choices=PlanCategory.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    secondary_factors = forms.MultipleChoiceField(
        label="Secondary factors (for a child protection plan)",
        choices=SecondaryFactor.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    change_category = forms.BooleanField(
        label="The conference changes the plan's category",
        help_text="Tick this to change the category to the one selected above; it is recorded in "
        "the plan's category history.",
        required=False,
    )
    contingency_plan = GovukTextField(
        max_length=NOTE,
        label="Contingency plan",
        help_text="What happens if the plan is not followed.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    outcomes_for_child = GovukTextField(
        max_length=NOTE,
        label="Outcomes for the child",
        help_text="What will be different for the child when the plan has worked.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    visit_frequency_working_days = forms.IntegerField(
        label="Social work visits at least every (working days)",
        min_value=1,
        max_value=10,
        initial=10,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "min_value": "Enter a number of working days from 1 to 10",
            "max_value": "Enter a number of working days from 1 to 10",
            "invalid": "Enter a number of working days from 1 to 10",
        },
    )

    # Issue 21 item 6 (ADR 51): at an initial conference, whether the family brought a safety
    # plan; "No" puts forming one in the plan's next steps as a dated action.
    family_safety_plan_brought = forms.TypedChoiceField(
        label="Did the family bring a safety plan to the conference?",
        help_text="If not, forming one with the family becomes an action on the plan, due by "
        "the first core group meeting.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )

    # At a review of a child on a plan (issue 7 part 6): ending the plan at its first review
    # needs the service manager's agreement; Early Help may follow no plan.
    service_manager_agreement = UserChoiceField(
        label="Service manager who agreed ending the plan (at the first review)",
        help_text="Needed when a review ends the plan at its first review.",
        queryset=None,
        required=False,
        empty_label="Not needed",
    )
    early_help = forms.BooleanField(
        label="Early Help follows (when the plan ends with no Child in Need plan)", required=False
    )
    significant_change = forms.BooleanField(
        label="The plan ends at its first review on a significant change of circumstances",
        help_text="The only way a neglect plan ends at its first review.",
        required=False,
    )
    significant_change_description = GovukTextField(
        max_length=NOTE,
        label="What changed",
        help_text="For example, the child now lives with a different family.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    REVIEW_ONLY = (
        "change_category",
        "service_manager_agreement",
        "early_help",
        "significant_change",
        "significant_change_description",
    )

    def __init__(self, *args, review: bool = False, service_managers=None, **kwargs):
        super().__init__(*args, **kwargs)
        if review:
            self.fields["service_manager_agreement"].queryset = service_managers
            del self.fields["family_safety_plan_brought"]
        else:
            for name in self.REVIEW_ONLY:
                del self.fields[name]

    def clean(self):
        data = super().clean()
        is_plan = data.get("outcome") == DecisionOutcome.CHILD_PROTECTION_PLAN
        if is_plan and not data.get("category"):
            self.add_error("category", "Select the category of the plan")
        if data.get("visit_frequency_working_days") is None:
            data["visit_frequency_working_days"] = 10
        return data


class OutlineActionForm(forms.Form):
    what = GovukTextField(label="What will happen", required=False, max_length=2000)
    who = GovukTextField(label="Who", required=False, max_length=300)
    by_when = GovukDateField(label="By when", required=False)
    danger_statement_position = forms.ChoiceField(
        label="Danger statement it works towards",
        required=False,
        choices=[("", "None")] + [(str(n), str(n)) for n in range(1, MAX_DANGER_STATEMENTS + 1)],
    )

    def clean(self):
        data = super().clean()
        what, who = (data.get("what") or "").strip(), (data.get("who") or "").strip()
        if (what or who or data.get("by_when")) and not what:
            self.add_error("what", "Enter what will happen")
        if (what or data.get("by_when")) and not who:
            self.add_error("who", "Enter who will do it")
        return data


OutlineActionFormSet = forms.formset_factory(OutlineActionForm, extra=0)


class AdjournForm(forms.Form):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why is the conference adjourned?",
        help_text="For example the views are split, a report is missing, or too few agencies "
        "attended.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the conference is adjourned"},
    )
