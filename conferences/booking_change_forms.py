"""The form for changing a booking (issue 18 item 1): the booking form without the minute taker,
with an optional reason for the change (kept in the conference's history)."""

from django import forms

from accounts.models import User
from core.forms import NOTE, GovukTextField

from .forms import BookConferenceForm


class ChangeBookingForm(BookConferenceForm):
    reason = GovukTextField(
        max_length=NOTE,
        label="Why is the booking changing? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Kept in the conference's history.",
    )

    def __init__(self, *args, venues=None, pre_birth=False, **kwargs):
        super().__init__(
            *args, venues=venues, minute_takers=User.objects.none(), pre_birth=pre_birth, **kwargs
        )
        del self.fields["minute_taker"]
        self.fields["late_reason"].help_text = (
            "Needed when the new date is after a child's initial conference due date. It is "
            "recorded on the child's timescale for a manager to sign off."
        )
