"""The child's voice (issue 21): for each child of a conference, whether the child was seen and
consulted, the child's wishes and feelings in their own words, advocacy, what the child is told
and how the child took part. Always one record per child, never one answer for all siblings
(001 §1, §2, §5, §10; 004 chairs' items 2, 7 and the social workers' table).

Nothing here is deleted: every change is in history, a withdrawn upload stays."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords


class ConsultationMethod(models.TextChoices):
    MET_SOCIAL_WORKER = "met_social_worker", "Met the social worker"
    MET_CHAIR_ALONE = "met_chair_alone", "Met the chair before the conference, alone"
    MET_CHAIR_WITH_ADVOCATE = (
        "met_chair_with_advocate",
        "Met the chair before the conference, with an advocate",
    )
    ADVOCATE_SPOKE = "advocate_spoke", "An advocate spoke for the child"
    WRITTEN_OR_ONLINE = "written_or_online", "A written or online consultation"
    WORDS_AND_PICTURES = "words_and_pictures", "Words and pictures"
    THROUGH_PARENT = "through_parent", "Through a parent"


class AdvocacyAnswer(models.TextChoices):
    NOT_ASKED = "not_asked", "Not asked yet"
    ACCEPTED = "accepted", "The child accepted an advocate"
    DECLINED = "declined", "The child declined an advocate"


class AdvocatePart(models.TextChoices):
    NOT_YET = "not_yet", "Not known yet"
    ATTENDED = "attended", "The advocate attended the conference"
    SENT_VIEWS = "sent_views", "The advocate sent the child's views"
    NEITHER = "neither", "Neither"


class ChairMeetsChild(models.TextChoices):
    NO = "no", "No"
    ALONE = "alone", "Yes, the child alone"
    WITH_ADVOCATE = "with_advocate", "Yes, the child with their advocate"


class Participation(models.TextChoices):
    """How the child took part in the conference (it replaces Conference.child_participation,
    which was one answer for all siblings)."""

    ATTENDED = "attended", "Attended the conference"
    PART = "part", "Attended part of the conference"
    ADVOCATE = "advocate", "Took part through an advocate"
    VIEWS_SENT = "views_sent", "Sent their views"
    DID_NOT_TAKE_PART = "did_not_take_part", "Did not take part"


class ChildVoice(models.Model):
    """What one child said, and how the child was seen, consulted and took part, for one
    conference. Written by the child's social worker (or their team manager); the chair records
    why a child was not seen, the chair's notes and the meeting with the child beforehand."""

    conference = models.ForeignKey(
        "conferences.Conference", on_delete=models.PROTECT, related_name="child_voices"
    )
    child = models.ForeignKey("children.Child", on_delete=models.PROTECT, related_name="voices")
    # Seen (before an initial conference, for a born child).
    seen_on = models.DateField(null=True, blank=True)
    seen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    seen_by_name = models.CharField(max_length=200, blank=True)
    seen_alone = models.BooleanField(null=True, blank=True)
    not_seen_reason = models.TextField(
        blank=True,
        help_text="The chair's reason for holding the conference without the child seen.",
    )
    not_seen_reason_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # Consulted.
    # ConsultationMethod values; JSON rather than an array so `make run` works on SQLite.
    consultation_methods = models.JSONField(default=list, blank=True)
    not_consulted_reason = models.TextField(blank=True)
    next_time = models.TextField(blank=True, help_text="What will change next time.")
    consultation_chair_note = models.TextField(blank=True)
    # The child's views.
    views = models.TextField(blank=True, help_text="The child's wishes and feelings.")
    views_not_sought_reason = models.TextField(blank=True)
    views_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    views_recorded_at = models.DateTimeField(null=True, blank=True)
    # Advocacy (the referral itself is conferences.AdvocacyReferral).
    advocacy = models.CharField(
        max_length=20, choices=AdvocacyAnswer.choices, default=AdvocacyAnswer.NOT_ASKED
    )
    advocate_name = models.CharField(max_length=200, blank=True)
    advocate_organisation = models.CharField(max_length=200, blank=True)
    advocate_part = models.CharField(
        max_length=20, choices=AdvocatePart.choices, default=AdvocatePart.NOT_YET
    )
    advocacy_chair_note = models.TextField(blank=True)
    # The child at the conference (the chair's decision on attendance is ChairDecision).
    told_before = models.TextField(blank=True)
    told_during = models.TextField(blank=True)
    chair_meets_child = models.CharField(max_length=20, choices=ChairMeetsChild.choices, blank=True)
    chair_meets_child_at = models.DateTimeField(null=True, blank=True)
    participation = models.CharField(max_length=20, choices=Participation.choices, blank=True)
    participation_reason = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["conference", "child__date_of_birth", "child", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "child"], name="child_voice_once"),
            models.CheckConstraint(
                condition=~models.Q(participation="did_not_take_part")
                | ~models.Q(participation_reason=""),
                name="child_voice_no_part_has_reason",
                violation_error_message="Enter why the child did not take part.",
            ),
        ]

    def __str__(self):
        return f"The voice of {self.child} at {self.conference}"

    @property
    def is_seen(self) -> bool:
        return self.seen_on is not None

    @property
    def has_views(self) -> bool:
        """The child's views, or the reason they were not sought, are recorded."""
        return bool(self.views.strip() or self.views_not_sought_reason.strip())

    @property
    def consultation_methods_display(self) -> list[str]:
        labels = dict(ConsultationMethod.choices)
        return [labels.get(method, method) for method in self.consultation_methods]


def upload_path(instance, filename: str) -> str:
    """voice/2026/03/<random>.png: the stored name says nothing about the child or the file."""
    suffix = PurePath(filename).suffix.lower()[:10]
    return f"voice/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{suffix}"


class ChildVoiceUpload(models.Model):
    """Something the child made (a drawing, a letter, a recording), checked by voice.uploads,
    kept in private storage and served only by the permission-checked voice:upload view."""

    voice = models.ForeignKey(ChildVoice, on_delete=models.PROTECT, related_name="uploads")
    file = models.FileField(upload_to=upload_path, max_length=300)
    description = models.CharField(max_length=200, blank=True)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["uploaded_at", "pk"]

    def __str__(self):
        return self.original_name

    @property
    def size_text(self) -> str:
        if self.size >= 1024 * 1024:
            return f"{self.size / (1024 * 1024):.1f}MB"
        return f"{max(1, round(self.size / 1024))}KB"
