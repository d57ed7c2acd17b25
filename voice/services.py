"""Recording the child's voice (issue 21), per child and per conference, each action in one
transaction with history. Who may do what is voice.rules; each service checks it again, so a
call from anywhere else (a task, the demo) keeps the same rules."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from conferences.models import Conference, ConferenceChild, ConferenceStatus
from core.history import save_as

from . import uploads
from .errors import VoiceError
from .models import (
    AdvocacyAnswer,
    AdvocatePart,
    ChairMeetsChild,
    ChildVoice,
    ConsultationMethod,
    Participation,
)


def _name(child) -> str:
    return child.legal_name


def _require(by, perm: str, voice: ChildVoice, action: str) -> None:
    if by is None or not by.has_perm(perm, voice):
        who = {
            "voice.record_child_voice": "the child's social worker or their team manager",
            "voice.record_chair_notes": "the conference's chair",
            "voice.record_participation": "the conference's chair or minute taker",
        }[perm]
        raise VoiceError(f"Only {who} can {action}")


def _locked_voice(conference: Conference, child, by, perm: str, action: str) -> ChildVoice:
    """The child's record for the conference (made on first use), locked."""
    if not ConferenceChild.objects.filter(conference=conference, child=child).exists():
        raise VoiceError(f"{_name(child)} is not a child of this conference")
    _require(by, perm, ChildVoice(conference=conference, child=child), action)
    if conference.status not in (ConferenceStatus.BOOKED, ConferenceStatus.HELD):
        raise VoiceError(
            f"This conference is {conference.get_status_display().lower()}: "
            "the child's voice cannot be recorded"
        )
    ChildVoice.objects.get_or_create(conference=conference, child=child)
    return (
        ChildVoice.objects.select_for_update(of=("self",))
        .select_related("conference", "child")
        .get(conference=conference, child=child)
    )


def _save(voice: ChildVoice, by, reason: str) -> ChildVoice:
    voice.updated_by, voice.updated_at = by, timezone.now()
    save_as(voice, by=by, reason=reason)
    return voice


def record_seen(
    *,
    conference,
    child,
    by,
    seen_on: datetime.date | None,
    seen_alone: bool | None,
    seen_by=None,
    seen_by_name: str = "",
) -> ChildVoice:
    """The date the child was seen, by whom (a user, or a name) and whether alone."""
    if child.is_unborn:
        raise VoiceError(f"{_name(child)} is not born yet: record the visit after the birth")
    if seen_on is None:
        raise VoiceError(f"Enter the date {_name(child)} was seen", field="seen_on")
    if seen_on > timezone.localdate():
        raise VoiceError(
            f"The date {_name(child)} was seen must be today or in the past", field="seen_on"
        )
    seen_by_name = (seen_by_name or "").strip()
    if seen_by is None and not seen_by_name:
        raise VoiceError(f"Enter who saw {_name(child)}", field="seen_by_name")
    if seen_alone is None:
        raise VoiceError(f"Select whether {_name(child)} was seen alone", field="seen_alone")
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_child_voice", "record when the child was seen"
        )
        voice.seen_on, voice.seen_by, voice.seen_alone = seen_on, seen_by, seen_alone
        voice.seen_by_name = seen_by_name or (seen_by.full_name or seen_by.email)
        return _save(voice, by, "The child was seen")


def record_not_seen_reason(*, conference, child, by, reason: str) -> ChildVoice:
    """The chair's reason to hold an initial conference although the child was not seen."""
    reason = (reason or "").strip()
    if not reason:
        raise VoiceError(
            f"Enter why the conference goes ahead although {_name(child)} was not seen",
            field="reason",
        )
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_chair_notes", "record why the child was not seen"
        )
        voice.not_seen_reason, voice.not_seen_reason_by = reason, by
        return _save(voice, by, "The chair recorded why the child was not seen")


def record_consultation(
    *, conference, child, by, methods, not_consulted_reason: str = "", next_time: str = ""
) -> ChildVoice:
    """How the child was consulted, or why not and what will change next time."""
    methods = list(dict.fromkeys(methods or ()))
    if any(method not in ConsultationMethod.values for method in methods):
        raise VoiceError(f"Select how {_name(child)} was consulted", field="methods")
    not_consulted_reason = (not_consulted_reason or "").strip()
    next_time = (next_time or "").strip()
    if not methods and not not_consulted_reason:
        raise VoiceError(
            f"Select how {_name(child)} was consulted, or enter why they were not consulted",
            field="methods",
        )
    if methods and not_consulted_reason:
        raise VoiceError(
            f"Either select how {_name(child)} was consulted or enter why not, not both",
            field="not_consulted_reason",
        )
    if not_consulted_reason and not next_time:
        raise VoiceError("Enter what will change next time", field="next_time")
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_child_voice", "record how the child was consulted"
        )
        voice.consultation_methods = methods
        voice.not_consulted_reason = not_consulted_reason
        voice.next_time = next_time if not_consulted_reason else ""
        return _save(voice, by, "How the child was consulted")


def record_views(
    *, conference, child, by, views: str = "", not_sought_reason: str = ""
) -> ChildVoice:
    """The child's wishes and feelings in their own words, or why they were not sought."""
    views = (views or "").strip()
    not_sought_reason = (not_sought_reason or "").strip()
    if not views and not not_sought_reason:
        raise VoiceError(
            f"Enter {_name(child)}'s views, or why they were not sought", field="views"
        )
    if views and not_sought_reason:
        raise VoiceError(
            f"Either enter {_name(child)}'s views or why they were not sought, not both",
            field="not_sought_reason",
        )
    # The chair may also record why the views were not sought (001 §10: the chair notes it);
    # the views themselves come from the child's social worker.
    perm = "voice.record_child_voice"
    if (
        not views
        and by is not None
        and not by.has_perm(perm, ChildVoice(conference=conference, child=child))
    ):
        perm = "voice.record_chair_notes"
    with transaction.atomic():
        voice = _locked_voice(conference, child, by, perm, "record the child's views")
        voice.views, voice.views_not_sought_reason = views, not_sought_reason
        voice.views_recorded_by, voice.views_recorded_at = by, timezone.now()
        return _save(voice, by, "The child's views")


def record_advocacy(
    *,
    conference,
    child,
    by,
    advocacy: str,
    advocate_name: str = "",
    advocate_organisation: str = "",
    advocate_part: str = AdvocatePart.NOT_YET,
) -> ChildVoice:
    """Whether the child accepted an advocate, who the advocate is and what they did. The
    referral (automatic at 10 and over) and an opt-out are conferences.AdvocacyReferral."""
    if advocacy not in AdvocacyAnswer.values:
        raise VoiceError(f"Select whether {_name(child)} accepted an advocate", field="advocacy")
    if advocate_part not in AdvocatePart.values:
        raise VoiceError("Select what the advocate did", field="advocate_part")
    advocate_name = (advocate_name or "").strip()
    advocate_organisation = (advocate_organisation or "").strip()
    if advocacy != AdvocacyAnswer.ACCEPTED:
        advocate_name = advocate_organisation = ""
        advocate_part = AdvocatePart.NOT_YET
    elif advocate_part in (AdvocatePart.ATTENDED, AdvocatePart.SENT_VIEWS) and not (
        advocate_name and advocate_organisation
    ):
        raise VoiceError("Enter the advocate's name and organisation", field="advocate_name")
    with transaction.atomic():
        voice = _locked_voice(conference, child, by, "voice.record_child_voice", "record advocacy")
        voice.advocacy = advocacy
        voice.advocate_name, voice.advocate_organisation = advocate_name, advocate_organisation
        voice.advocate_part = advocate_part
        return _save(voice, by, "Advocacy")


def record_telling(*, conference, child, by, told_before: str, told_during: str) -> ChildVoice:
    """What the child will be told before and during the conference."""
    told_before, told_during = (told_before or "").strip(), (told_during or "").strip()
    if not told_before:
        raise VoiceError(
            f"Enter what {_name(child)} will be told before the conference", field="told_before"
        )
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_child_voice", "record what the child will be told"
        )
        voice.told_before, voice.told_during = told_before, told_during
        return _save(voice, by, "What the child will be told")


def record_chair_notes(
    *,
    conference,
    child,
    by,
    consultation_chair_note: str = "",
    advocacy_chair_note: str = "",
    chair_meets_child: str = "",
    chair_meets_child_at: datetime.datetime | None = None,
) -> ChildVoice:
    """The chair's notes on the consultation and advocacy, and whether (and when) the chair
    meets the child before the conference. 001 §1 and §10: a child not consulted needs the
    chair's note."""
    if chair_meets_child and chair_meets_child not in ChairMeetsChild.values:
        raise VoiceError(
            f"Select whether you meet {_name(child)} beforehand", field="chair_meets_child"
        )
    if (
        chair_meets_child in (ChairMeetsChild.ALONE, ChairMeetsChild.WITH_ADVOCATE)
        and not chair_meets_child_at
    ):
        raise VoiceError(f"Enter when you meet {_name(child)}", field="chair_meets_child_at")
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_chair_notes", "record the chair's notes"
        )
        if voice.not_consulted_reason and not (consultation_chair_note or "").strip():
            raise VoiceError(
                f"{_name(child)} was not consulted: enter your note on why",
                field="consultation_chair_note",
            )
        voice.consultation_chair_note = (consultation_chair_note or "").strip()
        voice.advocacy_chair_note = (advocacy_chair_note or "").strip()
        voice.chair_meets_child = chair_meets_child or ""
        voice.chair_meets_child_at = (
            chair_meets_child_at if chair_meets_child not in ("", ChairMeetsChild.NO) else None
        )
        return _save(voice, by, "The chair's notes on the child's voice")


def record_participation(*, conference, by, answers: dict) -> list[ChildVoice]:
    """How each child took part in the conference: `answers` maps a child's id to
    (participation, reason). A child who did not take part needs the reason. An empty answer
    leaves that child's record as it is."""
    children = {
        link.child_id: link.child
        for link in ConferenceChild.objects.filter(conference=conference).select_related("child")
    }
    cleaned = {}
    for child_id, (participation, reason) in answers.items():
        child = children.get(child_id)
        if child is None:
            raise VoiceError("Select a child of this conference")
        if not participation:
            continue
        reason = (reason or "").strip()
        if participation not in Participation.values:
            raise VoiceError(
                f"Select how {_name(child)} took part", field=f"participation_{child_id}"
            )
        if participation == Participation.DID_NOT_TAKE_PART and not reason:
            raise VoiceError(
                f"Enter why {_name(child)} did not take part",
                field=f"participation_reason_{child_id}",
            )
        cleaned[child_id] = (participation, reason)
    saved = []
    with transaction.atomic():
        locked = Conference.objects.select_for_update().get(pk=conference.pk)
        if locked.started_at is None or locked.status != ConferenceStatus.BOOKED:
            raise VoiceError("Start the conference before recording how the children took part")
        for child_id, (participation, reason) in cleaned.items():
            voice = _locked_voice(
                locked,
                children[child_id],
                by,
                "voice.record_participation",
                "record how the child took part",
            )
            if (voice.participation, voice.participation_reason) == (participation, reason):
                continue
            voice.participation, voice.participation_reason = participation, reason
            saved.append(_save(voice, by, "How the child took part"))
    return saved


def add_upload(*, conference, child, by, upload, description: str = ""):
    """Keep something the child made with their record (checked by voice.uploads)."""
    with transaction.atomic():
        voice = _locked_voice(
            conference, child, by, "voice.record_child_voice", "add what the child made"
        )
        try:
            return uploads.store_upload(voice=voice, upload=upload, description=description, by=by)
        except ValidationError as error:
            raise VoiceError(error.messages[0], field="upload") from error


def withdraw_upload(*, upload, by):
    """Withdraw an upload (kept, not shown): never deleted."""
    with transaction.atomic():
        voice = _locked_voice(
            upload.voice.conference,
            upload.voice.child,
            by,
            "voice.record_child_voice",
            "withdraw what the child made",
        )
        row = voice.uploads.select_for_update().get(pk=upload.pk)
        if row.withdrawn_at is None:
            row.withdrawn_at = timezone.now()
            save_as(row, by=by, reason="Withdrawn")
        return row
