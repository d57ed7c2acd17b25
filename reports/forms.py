"""Forms for reports to conference. Uploads are checked here (for the error next to the field)
and again by the service before anything is stored."""

from django import forms

from core.forms import LONG_TEXT, GovukTextField
from plans.models import PlanCategory

from . import uploads
from .models import ChildFeedbackAnswer, Recommendation

ACCEPT = ".pdf,.doc,.docx,application/pdf,application/msword," + uploads.DOCX


def _textarea(label, help_text="", rows=5, required=False):
    return GovukTextField(
        max_length=LONG_TEXT,
        label=label,
        help_text=help_text,
        required=required,
        widget=forms.Textarea(attrs={"rows": rows}),
    )


class DocumentField(forms.FileField):
    """A PDF or Word upload, checked by name and bytes and size (reports.uploads)."""

    widget = forms.FileInput

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)
        self.widget.attrs["accept"] = ACCEPT

    def clean(self, data, initial=None):
        upload = super().clean(data, initial)
        if upload:
            uploads.check_upload(upload)
        return upload


class SocialWorkReportForm(forms.Form):
    worries = _textarea(
        "What are we worried about?",
        "The harm that has happened to the children, and the danger to them if nothing changes.",
        rows=8,
    )
    complicating_factors = _textarea(
        "Complicating factors",
        "Things that make the worries harder to deal with, such as substance misuse.",
    )
    working_well = _textarea(
        "What is working well?", "The family's strengths and the safety already in place.", rows=8
    )
    danger_statements = _textarea(
        "Danger statements proposed",
        "Up to 4, each saying who is worried, what about, and what may happen to the child.",
    )
    safety_goals = _textarea(
        "Safety goals proposed", "What the family will be doing for everyone to be confident."
    )
    scaling_score = forms.IntegerField(
        label="Scaling: how safe is the child, from 0 to 10?",
        help_text="0 means the child is certain to be harmed again; 10 means everyone is "
        "confident the child is safe.",
        required=False,
        min_value=0,
        max_value=10,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-2"}),
        error_messages={
            "invalid": "The scaling score must be a whole number from 0 to 10",
            "min_value": "The scaling score must be between 0 and 10",
            "max_value": "The scaling score must be between 0 and 10",
        },
    )
    scaling_reason = _textarea("Why that score?", rows=3)
    recommendation = forms.ChoiceField(
        label="The social worker's recommendation",
        choices=Recommendation.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    recommended_category = forms.ChoiceField(
        label="The category you recommend (for a plan)",
        choices=[("", "Select a category")] + PlanCategory.choices,
        required=False,
    )
    recommendation_details = _textarea(
        "Reasons for the recommendation",
        "Why you recommend this (for a plan, why that category).",
        rows=4,
    )
    genogram = DocumentField(
        label="Genogram (optional)",
        help_text="A PDF or Word document, smaller than the size limit. Leave empty to keep the "
        "current one.",
    )
    chronology = DocumentField(
        label="Chronology (optional)",
        help_text="A PDF or Word document. Leave empty to keep the current one.",
    )


class ReturnReportForm(forms.Form):
    reason = _textarea(
        "What needs to change?",
        "The social worker sees this with the report.",
        required=True,
    )
    reason.error_messages["required"] = "Enter what needs to change in the report"


class ShareWithParentsForm(forms.Form):
    shared = forms.ChoiceField(
        label="Has the report been shared with the parents?",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the report has been shared with the parents"},
    )
    parents_views = _textarea(
        "The parents' views on the report",
        "If it was shared: what the parents said, including anything they disagree with.",
    )
    not_shared_reason = _textarea(
        "Why the report was not shared",
        "If it was not shared: the reason, which is recorded on the timescale.",
        rows=3,
    )

    def clean(self):
        cleaned = super().clean()
        shared = cleaned.get("shared")
        if shared == "yes" and not cleaned.get("parents_views", "").strip():
            self.add_error("parents_views", "Enter the parents' views on the report")
        if shared == "no" and not cleaned.get("not_shared_reason", "").strip():
            self.add_error(
                "not_shared_reason", "Enter why the report was not shared with the parents"
            )
        return cleaned

    def service_kwargs(self) -> dict:
        if self.cleaned_data["shared"] == "yes":
            return {"parents_views": self.cleaned_data["parents_views"], "not_shared_reason": ""}
        return {"parents_views": "", "not_shared_reason": self.cleaned_data["not_shared_reason"]}


class AgencyReportForm(forms.Form):
    may_share_with_family = forms.ChoiceField(
        label="May this report be shared with the family?",
        help_text="Police reports are not usually shared with the family.",
        choices=[("yes", "Yes"), ("no", "No")],
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={
            "required": "Select whether this report may be shared with the family",
        },
    )
    not_shared_reason = _textarea(
        "If not, why may the family not see it?",
        "For example, it would put a child or someone else at risk. The chair sees this.",
        rows=3,
    )
    document = DocumentField(
        label="Upload your report (optional)",
        help_text="A PDF or Word document. If you upload a report you do not need to fill in "
        "the boxes below.",
    )
    involvement = _textarea(
        "Your agency's involvement with the family",
        "Who you work with in the family, since when, and how often you see them.",
    )
    worries = _textarea("What are you worried about?", rows=6)
    working_well = _textarea("What is working well?", rows=5)
    significant_events = _textarea(
        "Chronology of significant events", "Dates and what happened, most recent first.", rows=6
    )
    recommendation = _textarea("Your recommendation to the conference", rows=3)

    def __init__(self, *args, has_document: bool = False, draft: bool = False, **kwargs):
        """`draft`: saving a draft (issue 18 item 8) checks only the upload."""
        self.has_document = has_document
        self.draft = draft
        super().__init__(*args, **kwargs)
        if draft:
            self.fields["may_share_with_family"].required = False

    def clean(self):
        cleaned = super().clean()
        if self.draft:
            return cleaned
        if cleaned.get("document") or self.has_document or self.errors.get("document"):
            return cleaned
        if not cleaned.get("involvement", "").strip():
            self.add_error(
                "involvement",
                "Enter your agency's involvement with the family, or upload your report",
            )
        if not cleaned.get("worries", "").strip():
            self.add_error("worries", "Enter what you are worried about, or upload your report")
        return cleaned

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        data["may_share_with_family"] = {"yes": True, "no": False}.get(
            data.get("may_share_with_family")
        )
        if not data.get("document"):
            data["document"] = None
        return data


# --- Minutes and feedback (issue 6) ---------------------------------------------------------------


class MinutesSectionForm(forms.Form):
    """One section of the minutes. An empty row (no heading, no text) is left out when saved."""

    heading = GovukTextField(
        label="Heading",
        required=False,
        max_length=200,
        error_messages={"max_length": "The heading must be 200 characters or fewer"},
    )
    text = _textarea("What was said", rows=8)
    family_may_see = forms.BooleanField(
        label="The family may see this section",
        required=False,
        help_text="Untick for a part held without the family, such as a professionals-only slot: "
        "it is left out of the family copy.",
    )

    def __init__(self, *args, number: int = 1, **kwargs):
        self.number = number
        super().__init__(*args, **kwargs)
        self.fields["heading"].label = f"Heading of section {number}"
        self.fields["text"].label = f"Text of section {number}"

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("text", "").strip() and not cleaned.get("heading", "").strip():
            self.add_error("heading", f"Enter a heading for section {self.number}")
        return cleaned

    def as_section(self) -> dict:
        data = self.cleaned_data
        return {
            "heading": data.get("heading", ""),
            "text": data.get("text", ""),
            "family_may_see": bool(data.get("family_may_see")),
        }


class BaseMinutesSectionFormSet(forms.BaseFormSet):
    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        kwargs["number"] = (index or 0) + 1
        return kwargs

    def typed_rows(self) -> list[dict]:
        """What was typed in each row, uncleaned (to show it again with a new empty row)."""
        return [
            {
                "heading": form["heading"].value() or "",
                "text": form["text"].value() or "",
                "family_may_see": bool(form["family_may_see"].value()),
            }
            for form in self.forms
        ]


MinutesSectionFormSet = forms.formset_factory(
    MinutesSectionForm, formset=BaseMinutesSectionFormSet, extra=0, max_num=100, absolute_max=100
)


class ReturnMinutesForm(forms.Form):
    reason = _textarea(
        "What needs to change?", "The minute taker sees this with the minutes.", required=True
    )
    reason.error_messages["required"] = "Enter what needs to change"


class ApologiesCopiesForm(forms.Form):
    """The chair's choice: do the invited professionals who sent apologies receive the
    minutes?"""

    receive = forms.ChoiceField(
        label="Should the professionals who sent apologies receive the minutes?",
        help_text="They receive the full minutes by email, like the professionals who attended.",
        choices=[("yes", "Yes, send them the minutes"), ("no", "No, do not send them the minutes")],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select whether the professionals who sent apologies receive the minutes"
        },
    )

    def service_kwargs(self) -> dict:
        return {"receive": self.cleaned_data["receive"] == "yes"}


class AmendmentRequestForm(forms.Form):
    text = _textarea(
        "What should change in the minutes?",
        "Say which section, what it says now and what it should say. The chair decides.",
        rows=6,
        required=True,
    )
    text.error_messages["required"] = "Enter what should change in the minutes"


class DecideAmendmentForm(forms.Form):
    decision = forms.ChoiceField(
        label="Do you accept the amendment?",
        choices=[("accept", "Yes, accept it"), ("reject", "No, reject it")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether you accept the amendment"},
    )
    response = _textarea(
        "Your response",
        "The person who asked sees this: what you changed, or why not.",
        rows=4,
        required=True,
    )
    response.error_messages["required"] = "Enter your response to the amendment"

    def service_kwargs(self) -> dict:
        return {
            "accepted": self.cleaned_data["decision"] == "accept",
            "response": self.cleaned_data["response"],
        }


SCORES = [(str(n), str(n)) for n in range(1, 6)]


class FeedbackForm(forms.Form):
    understood = forms.TypedChoiceField(
        label="How well did you understand what was happening?",
        help_text="1 means not at all, 5 means completely.",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select how well you understood what was happening"},
    )
    listened_to = forms.TypedChoiceField(
        label="How well were you listened to?",
        help_text="1 means not at all, 5 means completely.",
        choices=SCORES,
        coerce=int,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select how well you were listened to"},
    )
    went_well = _textarea("What went well?", rows=4)
    could_be_better = _textarea("What could have been better?", rows=4)
    anonymous = forms.BooleanField(
        label="Do not record who gave this feedback",
        required=False,
        help_text="The chair and the conference service see the feedback without a name.",
    )

    def __init__(self, *args, coordinator: bool = False, invitations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.coordinator = coordinator
        self.invitations = {str(i.pk): i for i in invitations}
        if coordinator:
            # The coordinator types in a paper form: whose it is, optionally who by name.
            self.fields["from_family"] = forms.ChoiceField(
                label="Who filled in this form?",
                choices=[("yes", "A family member"), ("no", "A professional")],
                widget=forms.RadioSelect(attrs={"inline": True}),
                error_messages={"required": "Select who filled in this form"},
            )
            self.fields["invitation"] = forms.ChoiceField(
                label="Their name (optional)",
                required=False,
                choices=[("", "Not named")]
                + [
                    (str(i.pk), f"{i.name} ({i.connection or i.get_kind_display()})")
                    for i in invitations
                ],
            )
            self.order_fields(["from_family", "invitation"])

    def clean(self):
        cleaned = super().clean()
        if not self.coordinator:
            return cleaned
        invitation = self.invitations.get(cleaned.get("invitation") or "")
        from_family = cleaned.get("from_family")
        mismatch = (
            invitation is not None
            and from_family
            and (invitation.kind == "family") != (from_family == "yes")
        )
        if mismatch:
            self.add_error(
                "invitation",
                "Select a family member for a family member's form, or a professional for "
                "a professional's",
            )
        return cleaned

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        kwargs = {
            "understood": data["understood"],
            "listened_to": data["listened_to"],
            "went_well": data.get("went_well", ""),
            "could_be_better": data.get("could_be_better", ""),
            "anonymous": bool(data.get("anonymous")),
        }
        if self.coordinator:
            kwargs["from_family"] = data["from_family"] == "yes"
            kwargs["invitation"] = self.invitations.get(data.get("invitation") or "")
        return kwargs


class ChildFeedbackForm(forms.Form):
    """Issue 21 item 8: a child's feedback form, typed in by the conference service. The child's
    own questions, in plain words."""

    child = forms.TypedChoiceField(
        label="Which child filled in this form?",
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which child filled in this form",
            "invalid_choice": "Select a child the conference was about",
        },
    )
    knew_what_about = forms.ChoiceField(
        label="Did you know what the meeting was about?",
        choices=ChildFeedbackAnswer.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether the child knew what the meeting was about"},
    )
    felt_listened_to = forms.ChoiceField(
        label="Did people listen to you?",
        choices=ChildFeedbackAnswer.choices,
        widget=forms.RadioSelect(attrs={"inline": True}),
        error_messages={"required": "Select whether people listened to the child"},
    )
    went_well = _textarea("What was good?", rows=4)
    could_be_better = _textarea("What could be better?", rows=4)

    def __init__(self, *args, children=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["child"].choices = [(child.pk, child.legal_name) for child in children]

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "child_id": data["child"],
            "knew_what_about": data["knew_what_about"],
            "felt_listened_to": data["felt_listened_to"],
            "went_well": data.get("went_well", ""),
            "could_be_better": data.get("could_be_better", ""),
        }
