"""Issue 21 item 5: the chair's meetings with the family before a conference, as the chair's
page and the holding page show them. Three queries whatever the family's size."""

from dataclasses import dataclass

from ..models import ChairMeeting, ChairMeetingKind, ParentAdvisedNotToAttend


@dataclass
class MeetingPrompt:
    """One meeting the chair should hold before the conference, and its record if any."""

    kind: str
    title: str
    person_id: int | None
    meeting: ChairMeeting | None
    advised: ParentAdvisedNotToAttend | None = None

    @property
    def recorded(self) -> bool:
        return self.meeting is not None


def family_preparation_of(conference) -> list[MeetingPrompt]:
    """The meeting with the parents first, then one for each family member advised not to
    attend (the advice still standing)."""
    meetings = {
        (meeting.kind, meeting.person_id): meeting
        for meeting in ChairMeeting.objects.filter(conference=conference).select_related(
            "recorded_by"
        )
    }
    prompts = [
        MeetingPrompt(
            ChairMeetingKind.PARENTS,
            "Meeting the parents before the conference",
            None,
            meetings.get((ChairMeetingKind.PARENTS, None)),
        )
    ]
    advised_rows = (
        ParentAdvisedNotToAttend.objects.filter(conference=conference, is_active=True)
        .select_related("person")
        .order_by("person__surname", "person__forename", "pk")
    )
    for advised in advised_rows:
        prompts.append(
            MeetingPrompt(
                ChairMeetingKind.ABSENT_PARENT,
                f"Meeting {advised.person.full_name}, advised not to attend",
                advised.person_id,
                meetings.get((ChairMeetingKind.ABSENT_PARENT, advised.person_id)),
                advised,
            )
        )
    return prompts
