"""The coordinator's form for each family member's own arrangements when someone must attend
separately (issue 18 item 2): three fields per family member on the invite list."""

from django import forms

from children.forms import TimeOfDayField
from core.forms import GovukTextField

from .separate_attendance import ArrangementInput, field_names


class SeparateArrangementsForm(forms.Form):
    def __init__(self, *args, invitees=(), existing=None, **kwargs):
        existing = existing or {}
        initial = kwargs.pop("initial", None) or {}
        self.invitees = list(invitees)
        for invitee in self.invitees:
            row = existing.get(invitee.person_id)
            names = field_names(invitee.person_id)
            if row is not None and row.arrive_at is not None:
                initial.setdefault(names["arrive_at"], row.arrive_at.strftime("%H:%M"))
                initial.setdefault(names["meet_chair_at"], row.meet_chair_at.strftime("%H:%M"))
                initial.setdefault(names["room"], row.room)
        super().__init__(*args, initial=initial, **kwargs)
        for invitee in self.invitees:
            names = field_names(invitee.person_id)
            self.fields[names["arrive_at"]] = TimeOfDayField(
                label=f"{invitee.name}'s arrival time",
                required=False,
                help_text="For example, 9:15am. Leave empty if they have no separate arrangements.",
            )
            self.fields[names["meet_chair_at"]] = TimeOfDayField(
                label=f"Time {invitee.name} meets the chair",
                required=False,
                help_text="Before the conference starts.",
            )
            self.fields[names["room"]] = GovukTextField(
                label=f"{invitee.name}'s room (optional)",
                required=False,
                max_length=200,
                help_text="For example, Room 2, first floor.",
            )

    def groups(self) -> list[dict]:
        """One fieldset per family member, for the template."""
        return [
            {
                "invitee": invitee,
                "fields": [self[name] for name in field_names(invitee.person_id).values()],
            }
            for invitee in self.invitees
        ]

    def arrangements(self) -> dict[int, ArrangementInput]:
        data = self.cleaned_data
        result = {}
        for invitee in self.invitees:
            names = field_names(invitee.person_id)
            result[invitee.person_id] = ArrangementInput(
                arrive_at=data.get(names["arrive_at"]),
                meet_chair_at=data.get(names["meet_chair_at"]),
                room=data.get(names["room"]) or "",
            )
        return result
