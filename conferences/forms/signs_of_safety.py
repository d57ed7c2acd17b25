"""The Signs of Safety record typed live at the conference, its danger statements with their
safety goals, and the participants' safety scale scores."""

from django import forms

from core.forms import LONG_TEXT, GovukTextField

from ..scaling import score_field_name


class SignsOfSafetyForm(forms.Form):
    worried_about_harm = GovukTextField(
        max_length=LONG_TEXT,
        label="What are we worried about? Harm and danger",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    complicating_factors = GovukTextField(
        max_length=LONG_TEXT,
        label="Complicating factors",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    working_well = GovukTextField(
        max_length=LONG_TEXT,
        label="What is working well?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    needs_to_happen = GovukTextField(
        max_length=LONG_TEXT,
        label="What needs to happen?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    next_steps = GovukTextField(
        max_length=LONG_TEXT,
        label="Next steps",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    contingency_plan = GovukTextField(
        max_length=LONG_TEXT,
        label="Contingency plan",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="What happens if the plan is not followed or the children are not safe.",
    )


class DangerStatementForm(forms.Form):
    statement = GovukTextField(
        max_length=LONG_TEXT,
        label="Danger statement",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the professionals are worried will happen to the child if nothing changes.",
        error_messages={"required": "Enter the danger statement"},
    )
    safety_goal = GovukTextField(
        max_length=LONG_TEXT,
        label="Safety goal",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="What the family will be doing to show the child is safe.",
        error_messages={"required": "Enter the safety goal for this danger statement"},
    )


class ScaleScoreForm(forms.Form):
    """One participant's scores: a box for each danger statement for each child whose decision
    is not finalised (issue 17 item 11). The service checks each score; its errors name the box."""

    participant = GovukTextField(
        label="Who gave the scores?",
        max_length=200,
        error_messages={"required": "Enter who gave the score"},
    )
    role = GovukTextField(label="Their role or agency", max_length=300, required=False)
    comment = GovukTextField(
        max_length=LONG_TEXT,
        label="What do they need to see for the scores to move up? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, children=(), dangers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.boxes = []  # (child, [(danger, field name)]) for the template
        for child in children:
            names = []
            for danger in dangers:
                name = score_field_name(child.pk, danger.pk)
                self.fields[name] = GovukTextField(
                    label=f"Safety scale {danger.position} for {child.legal_name}",
                    help_text=f"Danger statement {danger.position}: {danger.statement}",
                    required=False,
                    max_length=3,
                    widget=forms.TextInput(
                        attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}
                    ),
                )
                names.append((danger, name))
            self.boxes.append((child, names))

    def box_fields(self):
        """(child, [bound field]) in the order of the page."""
        return [(child, [self[name] for _, name in names]) for child, names in self.boxes]

    def clean(self):
        cleaned = super().clean()
        scores = [
            {"danger_statement": danger, "child": child, "score": cleaned.get(name, "").strip()}
            for child, names in self.boxes
            for danger, name in names
            if (cleaned.get(name) or "").strip()
        ]
        if not scores and self.boxes and self.boxes[0][1]:
            self.add_error(
                self.boxes[0][1][0][1], "Enter a score for at least one danger statement"
            )
        cleaned["scores"] = scores
        return cleaned
