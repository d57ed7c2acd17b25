"""The child's voice (issue 21), recorded through voice.services: each born child seen before
an initial conference and each child's views before a decision is finalised. By the child's
social worker where the child has one; otherwise the chair records why (as the rules allow)."""

from django.utils import timezone

from voice import services
from voice.checks import born_children_of
from voice.models import ChildVoice

DEFAULT_VIEWS = "I like living with my mum. I feel scared when the grown-ups shout."


def _worker_may_record(conference, child):
    worker = child.lead_social_worker
    if worker is None:
        return None
    blank = ChildVoice(conference=conference, child=child)
    return worker if worker.has_perm("voice.record_child_voice", blank) else None


def child_seen(conference, child, *, by=None, seen_alone=True, seen_on=None):
    worker = by or _worker_may_record(conference, child)
    if worker is None:
        return services.record_not_seen_reason(
            conference=conference,
            child=child,
            by=conference.chair,
            reason="The child was in hospital; the social worker sees them tomorrow.",
        )
    return services.record_seen(
        conference=conference,
        child=child,
        by=worker,
        seen_on=seen_on or timezone.localdate(),
        seen_alone=seen_alone,
        seen_by=worker,
    )


def children_seen(conference):
    """Every born child of the conference seen (unless already seen or excused)."""
    voices = {voice.child_id: voice for voice in ChildVoice.objects.filter(conference=conference)}
    for child in born_children_of(conference):
        voice = voices.get(child.pk)
        if voice is None or not (voice.seen_on or voice.not_seen_reason):
            child_seen(conference, child)


def child_views(conference, child, *, views=DEFAULT_VIEWS, by=None):
    worker = by or _worker_may_record(conference, child)
    if worker is None:
        return services.record_views(
            conference=conference,
            child=child,
            by=conference.chair,
            not_sought_reason="The child was too unwell to be asked before the conference.",
        )
    return services.record_views(conference=conference, child=child, by=worker, views=views)


def children_views(conference):
    """Every born child's views recorded (unless already recorded)."""
    voices = {voice.child_id: voice for voice in ChildVoice.objects.filter(conference=conference)}
    for child in born_children_of(conference):
        voice = voices.get(child.pk)
        if voice is None or not voice.has_views:
            child_views(conference, child)
