"""Reading the child's voice: per child, per conference, in a bounded number of queries."""

from conferences.models import AdvocacyReferral

from .models import ChildVoice, ChildVoiceUpload


def children_of(conference) -> list:
    """The conference's children, eldest first (one query)."""
    return [
        link.child
        for link in conference.conference_children.select_related(
            "child", "child__lead_social_worker"
        ).order_by("child__date_of_birth", "child__expected_date_of_delivery", "child_id")
    ]


def child_of(conference, child_pk):
    """One child of the conference, or None."""
    link = (
        conference.conference_children.select_related("child", "child__lead_social_worker")
        .filter(child_id=child_pk)
        .first()
    )
    return link.child if link else None


def blank_voice(conference, child) -> ChildVoice:
    return ChildVoice(conference=conference, child=child)


def advocacy_referral_of(conference, child):
    """The child's advocacy referral for the conference (or opt-out), if any."""
    return AdvocacyReferral.objects.filter(conference=conference, child=child).first()


def voices_of(conference) -> dict:
    """Each child's record for the conference, by child id (one query, uploads in a second)."""
    return {
        voice.child_id: voice
        for voice in ChildVoice.objects.filter(conference=conference)
        .select_related("seen_by", "views_recorded_by", "not_seen_reason_by")
        .prefetch_related("uploads")
    }


def voice_for(conference, child) -> ChildVoice:
    """The child's record for the conference, or an unsaved one (nothing recorded yet)."""
    voice = (
        ChildVoice.objects.filter(conference=conference, child=child)
        .select_related("seen_by", "views_recorded_by", "not_seen_reason_by")
        .first()
    )
    return voice or blank_voice(conference, child)


def shown_uploads(voice) -> list:
    if voice.pk is None:
        return []
    return [row for row in voice.uploads.all() if row.withdrawn_at is None]


def upload_for(pk):
    """An upload with its child and conference, or None (also for a pk that is not a number)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return (
        ChildVoiceUpload.objects.select_related("voice__conference", "voice__child")
        .filter(pk=pk)
        .first()
    )


def latest_voices_for(children) -> dict:
    """Each child's views from their latest conference that holds them, by child id (one query)."""
    latest = {}
    for voice in (
        ChildVoice.objects.filter(child__in=children)
        .exclude(views="", views_not_sought_reason="")
        .select_related("conference")
        .order_by("child_id", "-conference__starts_at", "-pk")
    ):
        latest.setdefault(voice.child_id, voice)
    return latest


def visible_voices(user, conference, children) -> list:
    """(child, voice or None) for each child whose voice the user may see (one query, then the
    rules per child)."""
    voices = voices_of(conference)
    rows = []
    for child in children:
        voice = voices.get(child.pk)
        if user.has_perm("voice.view_child_voice", voice or blank_voice(conference, child)):
            rows.append((child, voice))
    return rows


def latest_visible_voice(user, child):
    """The child's views from their latest conference that holds them, if the user may see
    them (for the plan page): with only what the page and voice.view_child_voice read of it and
    of its conference. One query, and the rule's."""
    voice = (
        ChildVoice.objects.filter(child_id=child.pk)
        .exclude(views="", views_not_sought_reason="")
        .select_related("conference")
        .only(
            "child",
            "views",
            "views_not_sought_reason",
            *(
                f"conference__{name}"
                for name in ("kind", "starts_at", "chair", "minute_taker", "status", "started_at")
            ),
        )
        .order_by("-conference__starts_at", "-pk")
        .first()
    )
    if voice is None:
        return None
    voice.child = child  # the page's own child: the rule reads its lead social worker
    if not user.has_perm("voice.view_child_voice", voice):
        return None
    return voice
