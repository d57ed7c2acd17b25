"""Reads of deadlines that other apps' pages share. Each is one query with the joins it needs."""

from django.contrib.contenttypes.models import ContentType

from .models import LIVE_STATUSES, Deadline


def _with_people(queryset):
    return queryset.select_related("responsible", "team", "child", "chair")


def deadlines_for(subject):
    """Every deadline of one subject (a strategy discussion, a conference), live ones first."""
    return _with_people(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
    ).order_by("met_at", "due_at", "pk")


def open_deadlines_for_child(child):
    """What is still to happen for a child, soonest (or most overdue) first."""
    return _with_people(Deadline.objects.filter(child=child, status__in=LIVE_STATUSES)).order_by(
        "due_at", "pk"
    )


def live_deadlines_for_subjects(rule: str, subjects) -> dict:
    """The live deadline of one rule for many subjects of one model, keyed by subject id."""
    subjects = list(subjects)
    if not subjects:
        return {}
    deadlines = Deadline.objects.filter(
        rule=rule,
        subject_type=ContentType.objects.get_for_model(subjects[0]),
        subject_id__in=[s.pk for s in subjects],
        status__in=LIVE_STATUSES,
    )
    return {d.subject_id: d for d in deadlines}


def get_deadline(pk):
    """One deadline with everyone its page names, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _with_people(Deadline.objects.all()).select_related(
            "delay_reason_signed_off_by", "not_applicable_signed_off_by", "subject_type"
        ),
        pk=pk,
    )
