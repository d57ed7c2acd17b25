"""The two rules of the child's voice that other services hold (issue 21; 001 §1, §10):
an initial conference is not started for a born child who has not been seen unless the chair
recorded why, and a born child's decision is not finalised until the child's views, or the
reason they were not sought, are recorded. Pre-birth conferences (an unborn child) are exempt.

Kept apart from voice.services so conferences.services can import it without a cycle: it
reads only, and the caller raises its own error naming the child."""

from conferences.models import ConferenceKind

from .models import ChildVoice

PRE_BIRTH_KINDS = (ConferenceKind.PRE_BIRTH, ConferenceKind.PRE_BIRTH_REVIEW)


def _voices_by_child(conference) -> dict:
    return {voice.child_id: voice for voice in ChildVoice.objects.filter(conference=conference)}


def born_children_of(conference) -> list:
    return [
        link.child
        for link in conference.conference_children.select_related("child").order_by("child_id")
        if not link.child.is_unborn
    ]


def children_not_seen(conference) -> list:
    """The born children of an initial conference neither seen nor excused by the chair."""
    if conference.kind != ConferenceKind.INITIAL:
        return []
    voices = _voices_by_child(conference)
    missing = []
    for child in born_children_of(conference):
        voice = voices.get(child.pk)
        if voice is None or not (voice.is_seen or voice.not_seen_reason.strip()):
            missing.append(child)
    return missing


def has_views(conference, child) -> bool:
    """The child's views or the reason they were not sought are recorded (always true for an
    unborn child and at a pre-birth conference)."""
    if child.is_unborn or conference.kind in PRE_BIRTH_KINDS:
        return True
    voice = ChildVoice.objects.filter(conference=conference, child=child).first()
    return voice is not None and voice.has_views
