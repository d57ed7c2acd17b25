"""Names are saved without bidirectional control characters (core.text.strip_bidi), whatever
form or service wrote them: one pre_save hook per model that holds a person's name, so the rule
lives in one place and every record's history holds the clean name."""

from django.apps import apps
from django.db.models import Q
from django.db.models.signals import pre_save

from .text import BIDI_PATTERN, strip_bidi

# model label -> the fields that hold a person's name
NAME_FIELDS = {
    "accounts.User": ("full_name",),
    "children.Child": ("legal_forename", "legal_surname", "known_as"),
    "children.Person": ("forename", "surname"),
    "children.ProfessionalInvolvement": ("name",),
    "conferences.ConferenceRequestInvitee": ("name",),
    "conferences.Invitation": ("name", "substitute_name"),
    "conferences.Attendance": ("name",),
    "conferences.ProfessionalView": ("name",),
    "plans.CoreGroupMember": ("name",),
    "plans.PlanNotice": ("name",),
    "reports.MinutesCopy": ("recipient_name",),
}


def _strip_names(sender, instance, **kwargs):
    for field in NAME_FIELDS.get(sender._meta.label, ()):
        value = getattr(instance, field, None)
        if isinstance(value, str):
            setattr(instance, field, strip_bidi(value))


def connect() -> None:
    """Called from CoreConfig.ready(), once every app's models are loaded."""
    for label in NAME_FIELDS:
        model = apps.get_model(label)  # a model renamed or moved fails here, loudly
        pre_save.connect(_strip_names, sender=model, dispatch_uid=f"strip-bidi-{label}")


def strip_saved_names(registry=apps) -> int:
    """Strip the names saved before the rule (core migration 0002 runs this once). Only rows
    that hold a control character are written; returns how many."""
    changed = 0
    for label, fields in NAME_FIELDS.items():
        model = registry.get_model(label)
        holds_control = Q()
        for field in fields:
            holds_control |= Q(**{f"{field}__regex": BIDI_PATTERN})
        for row in model._base_manager.filter(holds_control).only("pk", *fields):
            for field in fields:
                setattr(row, field, strip_bidi(getattr(row, field)))
            row.save(update_fields=list(fields))
            changed += 1
    return changed
