"""Choice fields the conference forms share."""

from django import forms


class UserChoiceField(forms.ModelChoiceField):
    """A user, named by their full name."""

    def label_from_instance(self, obj):
        return obj.full_name
