"""Issue 18 item 6: the page that adds a brother or sister also offers the household's family
members, each with their relationship to the new child (or not linked to them). One form, so the
error summary lists every problem."""

from django import forms

from .forms import ChildForm
from .household import FamilyLinkChoice
from .models import Relationship

NOT_LINKED = ""


class SiblingForm(ChildForm):
    """The child's record, and a relationship to the new child for each household member."""

    def __init__(self, *args, members=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.members = list(members)
        for member in self.members:
            person = member.person
            self.fields[f"relationship_{person.pk}"] = forms.ChoiceField(
                label=f"{person.full_name}'s relationship to the new child",
                required=False,
                choices=[(NOT_LINKED, "Not linked to this child"), *Relationship.choices],
                help_text=f"{member.summary}.",
            )
            self.fields[f"parental_responsibility_{person.pk}"] = forms.BooleanField(
                label=f"{person.full_name} has parental responsibility for the new child",
                required=False,
            )

    def clean(self):
        data = super().clean()
        for member in self.members:
            pk = member.person.pk
            if data.get(f"parental_responsibility_{pk}") and not data.get(f"relationship_{pk}"):
                self.add_error(
                    f"relationship_{pk}",
                    f"Choose {member.person.full_name}'s relationship to the child, or untick "
                    "parental responsibility",
                )
        return data

    def family_groups(self) -> list[dict]:
        return [
            {
                "member": member,
                "relationship": self[f"relationship_{member.person.pk}"],
                "parental_responsibility": self[f"parental_responsibility_{member.person.pk}"],
            }
            for member in self.members
        ]

    def family_choices(self) -> list[FamilyLinkChoice]:
        chosen = []
        for member in self.members:
            pk = member.person.pk
            relationship = self.cleaned_data.get(f"relationship_{pk}")
            if relationship:
                chosen.append(
                    FamilyLinkChoice(
                        person=member.person,
                        relationship=relationship,
                        has_parental_responsibility=bool(
                            self.cleaned_data.get(f"parental_responsibility_{pk}")
                        ),
                    )
                )
        return chosen
