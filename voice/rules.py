"""Who may see and write the child's voice (issue 21). Default deny. The object is a ChildVoice
(saved or not yet) naming its conference and child.

- The child's social worker, and that worker's team manager, record seen, consulted, views,
  advocacy and what the child will be told.
- Only the conference's chair records why a child was not seen, the chair's notes and the
  meeting with the child beforehand.
- The chair or the minute taker records how the child took part, at the conference.
- Whoever may see the conference (agency professionals only when invited) may read the views,
  and only of a child they may see (a restricted record stays restricted)."""

import rules

from accounts.line_management import manages
from children.rules import may_see_child


@rules.predicate
def is_childs_social_worker(user, voice) -> bool:
    if voice is None or not (user and user.is_authenticated):
        return False
    worker = voice.child.lead_social_worker
    if worker is None:
        return False
    return worker.pk == user.pk or manages(user, worker)


@rules.predicate
def sees_the_child(user, voice) -> bool:
    """The child's record is open to the user, or (an invited agency professional) the child
    is on a conference the user may see and the child's record is not restricted."""
    if voice is None:
        return False
    if may_see_child(user, voice.child):
        return True
    return not voice.child.is_restricted and user.has_perm(
        "conferences.view_conference", voice.conference
    )


@rules.predicate
def chairs_the_conference(user, voice) -> bool:
    return voice is not None and voice.conference.chair_id == user.pk


@rules.predicate
def holds_the_conference(user, voice) -> bool:
    return voice is not None and user.pk in {
        voice.conference.chair_id,
        voice.conference.minute_taker_id,
    } - {None}


@rules.predicate
def sees_the_conference(user, voice) -> bool:
    return voice is not None and user.has_perm("conferences.view_conference", voice.conference)


rules.add_perm("voice.record_child_voice", is_childs_social_worker & sees_the_child)
rules.add_perm("voice.record_chair_notes", chairs_the_conference & sees_the_child)
rules.add_perm("voice.record_participation", holds_the_conference & sees_the_child)
rules.add_perm(
    "voice.view_child_voice",
    (is_childs_social_worker | chairs_the_conference | sees_the_conference) & sees_the_child,
)
