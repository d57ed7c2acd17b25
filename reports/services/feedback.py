"""Feedback on a conference once it has taken place: from an invited professional (as themselves
or anonymously), or a family member's, professional's or child's paper form entered by the
coordinator."""

from django.db import transaction

from accounts.models import RoleCode
from conferences.models import Conference, ConferenceChild, Invitation, InviteeKind

from ..models import ChildFeedbackAnswer, ConferenceFeedback
from ._common import ReportError


def record_feedback(
    *,
    conference: Conference,
    by,
    understood: int,
    listened_to: int,
    went_well: str = "",
    could_be_better: str = "",
    from_family: bool = False,
    invitation: Invitation | None = None,
    anonymous: bool = False,
):
    """An invited professional gives feedback on the conference (as themselves or anonymously);
    the coordinator enters a family member's (or a professional's) paper form, naming the
    invitation or not."""
    for field, value in (("understood", understood), ("listened_to", listened_to)):
        if value not in (1, 2, 3, 4, 5):
            raise ReportError("Select a score from 1 to 5", field=field)
    is_coordinator = by.has_role(RoleCode.CONFERENCE_COORDINATOR)
    own = (
        conference.invitations.filter(user_id=by.pk, is_active=True, kind=InviteeKind.PROFESSIONAL)
        .order_by("pk")
        .first()
    )
    if own is not None and not (is_coordinator and from_family):
        from_family, invitation = False, own
    elif is_coordinator:
        if invitation is not None and invitation.conference_id != conference.pk:
            raise ReportError("Select someone invited to this conference", field="invitation")
        if invitation is not None:
            from_family = invitation.kind == InviteeKind.FAMILY
    else:
        raise ReportError("Only people invited to the conference can give feedback on it")
    with transaction.atomic():
        locked = Conference.objects.select_for_update(of=("self",)).get(pk=conference.pk)
        if locked.started_at is None:
            raise ReportError("Feedback can be given once the conference has taken place")
        return ConferenceFeedback.objects.create(
            conference=locked,
            from_family=bool(from_family),
            invitation=None if anonymous else invitation,
            understood=understood,
            listened_to=listened_to,
            went_well=(went_well or "").strip(),
            could_be_better=(could_be_better or "").strip(),
            entered_by=by,
        )


def record_child_feedback(
    *,
    conference: Conference,
    by,
    child_id: int,
    knew_what_about: str,
    felt_listened_to: str,
    went_well: str = "",
    could_be_better: str = "",
):
    """Issue 21 item 8 (004 chairs' item 11: feedback forms for the child and family): the
    coordinator types in a child's paper form, naming which child it is from. A child answers
    their own questions (did you know what the meeting was about, did people listen to you, what
    was good, what could be better), not the adults' 1 to 5 scores."""
    if not by.has_role(RoleCode.CONFERENCE_COORDINATOR):
        raise ReportError("Only the conference service can enter a child's feedback form")
    if not ConferenceChild.objects.filter(conference=conference, child_id=child_id).exists():
        raise ReportError("Select a child the conference was about", field="child")
    if knew_what_about not in ChildFeedbackAnswer.values:
        raise ReportError(
            "Select whether the child knew what the meeting was about", field="knew_what_about"
        )
    if felt_listened_to not in ChildFeedbackAnswer.values:
        raise ReportError("Select whether people listened to the child", field="felt_listened_to")
    with transaction.atomic():
        locked = Conference.objects.select_for_update(of=("self",)).get(pk=conference.pk)
        if locked.started_at is None:
            raise ReportError("Feedback can be given once the conference has taken place")
        return ConferenceFeedback.objects.create(
            conference=locked,
            from_family=False,
            from_child=True,
            child_id=child_id,
            knew_what_about=knew_what_about,
            felt_listened_to=felt_listened_to,
            went_well=(went_well or "").strip(),
            could_be_better=(could_be_better or "").strip(),
            entered_by=by,
        )
