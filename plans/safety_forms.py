"""Forms of the family's safety planning and "My plan" pages (issue 21 items 6 and 7)."""

from django import forms

from core.forms import NOTE, SHORT_TEXT, GovukDateField, GovukTextField

YES_NO = [("yes", "Yes"), ("no", "No")]


def _yes_no(label, message):
    return forms.ChoiceField(
        label=label,
        choices=YES_NO,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": message},
    )


class FamilySafetyPlanForm(forms.Form):
    daily_life = GovukTextField(
        max_length=NOTE,
        label="What daily life will look like",
        help_text="The family safety plan in the family's words: what will be different each day.",
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": "Enter what daily life will look like"},
    )
    agreed = _yes_no("Is it agreed with the family?", "Select whether it is agreed")
    agreed_on = GovukDateField(label="Date it was agreed", required=False)
    agreed_with = GovukTextField(
        max_length=SHORT_TEXT, label="Who in the family agreed it", required=False
    )
    words_and_pictures = _yes_no(
        "Has words and pictures been done with the child?", "Select whether it has been done"
    )
    words_and_pictures_on = GovukDateField(label="Date words and pictures was done", required=False)
    words_and_pictures_by = GovukTextField(
        max_length=SHORT_TEXT, label="Who did words and pictures", required=False
    )

    def clean(self):
        data = super().clean()
        data["agreed_with_family"] = data.get("agreed") == "yes"
        data["words_and_pictures_done"] = data.get("words_and_pictures") == "yes"
        return data


class SafetyNetworkMemberForm(forms.Form):
    name = GovukTextField(max_length=SHORT_TEXT, label="Name")
    relationship_to_child = GovukTextField(max_length=SHORT_TEXT, label="Who they are to the child")
    involvement = GovukTextField(
        max_length=NOTE, label="How they are involved", widget=forms.Textarea(attrs={"rows": 3})
    )
    kept_informed = GovukTextField(
        max_length=NOTE,
        label="How they are kept informed",
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class MyPlanExplanationForm(forms.Form):
    explained_on = GovukDateField(label="Date the plan was explained to the child")
    how = GovukTextField(
        max_length=NOTE,
        label="How it was explained",
        help_text="For example: at home, with words and pictures, with their advocate.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter how the plan was explained"},
    )
    agreed = _yes_no("Did the child agree the plan?", "Select whether the child agreed the plan")
    child_said = GovukTextField(
        max_length=NOTE,
        label="What the child said (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    interpreter = _yes_no("Was an interpreter needed?", "Select whether an interpreter was needed")
    interpreter_language = GovukTextField(
        max_length=SHORT_TEXT, label="Interpreter's language", required=False
    )

    def clean(self):
        data = super().clean()
        data["agreed_by_child"] = data.get("agreed") == "yes"
        data["interpreter_needed"] = data.get("interpreter") == "yes"
        return data


class WordsForChildForm(forms.Form):
    text_for_child = GovukTextField(
        max_length=NOTE,
        label="The danger statement in words for the child",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    safety_goal_for_child = GovukTextField(
        max_length=NOTE,
        label="The safety goal in words for the child",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
