"""Feedback on a conference once it has taken place: from an invited professional (as themselves
or anonymously), or a family member's or professional's paper form entered by the coordinator."""

from django.db import transaction

from accounts.models import RoleCode
from conferences.models import Conference, Invitation, InviteeKind

from ..models import ConferenceFeedback
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
