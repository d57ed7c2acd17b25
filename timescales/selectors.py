"""Reads of deadlines that other apps' pages share. Each is one query with the joins it needs."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q

from accounts.rules import is_staff_member
from children.selectors import visible_child_q

from .models import LIVE_STATUSES, Deadline, QualityAssuranceNotification, RuleCode


def _with_people(queryset):
    return queryset.select_related("responsible", "team", "child", "chair", "agency")


def deadlines_for(subject):
    """Every deadline of one subject (a strategy discussion, a conference), live ones first."""
    return _with_people(
        Deadline.objects.filter(
            subject_type=ContentType.objects.get_for_model(subject), subject_id=subject.pk
        )
    ).order_by("met_at", "due_at", "pk")


def deadlines_for_plan(plan):
    """The plan's deadlines, and the child's deadline to reconvene after the birth (whose
    subject is the child: a baby may be born before any plan), live ones first. One query."""
    return _with_people(
        Deadline.objects.filter(
            Q(subject_type=ContentType.objects.get_for_model(plan), subject_id=plan.pk)
            | Q(child_id=plan.child_id, rule=RuleCode.BIRTH_RECONVENE)
        )
    ).order_by("met_at", "due_at", "pk")


def open_deadlines_for_child(child):
    """What is still to happen for a child, soonest (or most overdue) first."""
    return _with_people(Deadline.objects.filter(child=child, status__in=LIVE_STATUSES)).order_by(
        "due_at", "pk"
    )


def open_deadlines_on_child_page(child, fields):
    """open_deadlines_for_child as the child's page lists them: only `fields` and the responsible
    person are read, since building the other joins' columns costs more than the query (issue 25)."""
    return (
        Deadline.objects.filter(child=child, status__in=LIVE_STATUSES)
        .select_related("responsible")
        .only(*fields)
        .order_by("due_at", "pk")
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


def _in_child_scope(queryset, user):
    """Only rows about no child or about a child the user may see (issue 9): anything else is
    "page not found", so a guessed number reveals nothing. Only staff see deadlines and QANs."""
    from django.db.models import Q

    if not is_staff_member(user):
        return queryset.none()
    return queryset.filter(Q(child__isnull=True) | visible_child_q(user))


def get_deadline(pk, *, user):
    """One deadline with everyone its page names, if it is in the user's scope, or 404."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        _with_people(_in_child_scope(Deadline.objects.all(), user)).select_related(
            "delay_reason_signed_off_by", "not_applicable_signed_off_by", "subject_type"
        ),
        pk=pk,
    )


def require_qan_in_scope(user, pk) -> None:
    """404 unless the QAN is about no child or a child the user may see (the QAN page's own
    read, timescales.dashboard.get_qan, then fetches it; whether it is theirs is a 403)."""
    from django.http import Http404

    if not _in_child_scope(QualityAssuranceNotification.objects.filter(pk=pk), user).exists():
        raise Http404("No Quality Assurance notification found")


def chase_for(deadline):
    """The agency and professional a deadline is owed by when nobody who signs in is responsible
    for it (the coordinator chases it), else None. At most one query."""
    # Imported here: timescales.chase imports timescales.selectors (via core.worklists and plans.selectors).
    from .chase import chase_for as build

    return build(deadline)
