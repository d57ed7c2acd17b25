"""Reads for the audit pages: a record's history (from django-simple-history) and the access log.

History is shown as entries "who did what to which part of the record, when", each with the
fields it changed, before and after. The diffs are computed here, pairwise over each object's
historical rows, rather than with `HistoricalRecord.diff_against`/`prev_record`, which ask the
database once per row: a page costs one query per historical table, one per related table named
in the changes (to show a person's name rather than a number) and nothing per row (ADR 28).
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Paginator
from django.db import models

from children.models import Child, ChildRecordView, FamilyLink, NamedAccess, ProfessionalInvolvement
from conferences.models import (
    Attendance,
    ChairDecision,
    ChildDecision,
    Conference,
    ConferenceChild,
    Invitation,
)
from core.templatetags.govuk import govuk_date, govuk_datetime
from plans.models import ChildProtectionPlan, CoreGroupMember, PlanAction, PlanDangerStatement

PAGE_SIZE = 50
NOT_RECORDED = "Not recorded"
KINDS = {"+": "Created", "~": "Changed", "-": "Removed"}
# Columns that change with every save and tell the reader nothing.
NOISE = frozenset({"id", "updated_at", "modified_at", "search_text"})


@dataclass(frozen=True)
class Change:
    field: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    when: datetime.datetime
    who: str
    part: str  # which part of the record: "Child's details", "Family and network"...
    subject: str  # which object, by kind and number ("Family link 12"): no query per row
    kind: str
    reason: str
    changes: list[Change] = field(default_factory=list)


@dataclass(frozen=True)
class HistorySource:
    """One historical table and the rows of it that belong to the record."""

    part: str
    history: models.Manager  # Model.history
    filters: dict


def _tracked_fields(model) -> list[models.Field]:
    return [f for f in model._meta.concrete_fields if f.name not in NOISE]


def _display(value, model_field, related: dict) -> str:
    if value is None or value == "":
        return NOT_RECORDED
    if model_field.is_relation:
        label = related.get(model_field.related_model, {}).get(value)
        return str(label) if label is not None else f"{NOT_RECORDED} (number {value})"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return govuk_datetime(value)
    if isinstance(value, datetime.date):
        return govuk_date(value)
    return str(value)


def _related_labels(rows_by_model) -> dict:
    """{related model: {pk: object}} for every foreign key value in the rows: one query per
    related model, however many rows."""
    wanted = defaultdict(set)
    for model, rows in rows_by_model.items():
        for model_field in _tracked_fields(model):
            if model_field.is_relation:
                for row in rows:
                    value = getattr(row, model_field.attname)
                    if value is not None:
                        wanted[model_field.related_model].add(value)
    return {
        related_model: related_model._default_manager.in_bulk(ids)
        for related_model, ids in wanted.items()
    }


def _entries_for(model, part, rows, related) -> list[HistoryEntry]:
    fields = _tracked_fields(model)
    by_object = defaultdict(list)
    for row in rows:
        by_object[row.id].append(row)
    entries = []
    for versions in by_object.values():
        versions.sort(key=lambda row: (row.history_date, row.history_id))
        previous = None
        for row in versions:
            changes = []
            for model_field in fields:
                after = getattr(row, model_field.attname)
                before = getattr(previous, model_field.attname) if previous else None
                if previous is None and after in (None, ""):
                    continue
                if previous is not None and before == after:
                    continue
                changes.append(
                    Change(
                        field=str(model_field.verbose_name).capitalize(),
                        before=_display(before, model_field, related) if previous else "",
                        after=_display(after, model_field, related),
                    )
                )
            user = row.history_user
            entries.append(
                HistoryEntry(
                    when=row.history_date,
                    who=user.full_name if user else "The system",
                    part=part,
                    subject=f"{str(model._meta.verbose_name).capitalize()} {row.id}",
                    kind=KINDS.get(row.history_type, row.history_type),
                    reason=row.history_change_reason or "",
                    changes=changes,
                )
            )
            previous = row
    return entries


def history_page(sources: list[HistorySource], page_number=1):
    """Every change to the record's parts, newest first, a page at a time."""
    rows_by_model = {}
    parts = {}
    for source in sources:
        model = source.history.model.instance_type
        rows_by_model[model] = list(
            source.history.filter(**source.filters).select_related("history_user")
        )
        parts[model] = source.part
    related = _related_labels(rows_by_model)
    entries = [
        entry
        for model, rows in rows_by_model.items()
        for entry in _entries_for(model, parts[model], rows, related)
    ]
    entries.sort(key=lambda entry: entry.when, reverse=True)
    return Paginator(entries, PAGE_SIZE).get_page(page_number)


def child_history_sources(child) -> list[HistorySource]:
    return [
        HistorySource("Child's details", Child.history, {"id": child.pk}),
        HistorySource("Family and network", FamilyLink.history, {"child_id": child.pk}),
        HistorySource("Professionals", ProfessionalInvolvement.history, {"child_id": child.pk}),
        HistorySource("Named access", NamedAccess.history, {"child_id": child.pk}),
    ]


def conference_history_sources(conference) -> list[HistorySource]:
    on = {"conference_id": conference.pk}
    return [
        HistorySource("Conference", Conference.history, {"id": conference.pk}),
        HistorySource("Children", ConferenceChild.history, on),
        HistorySource("Invitations", Invitation.history, on),
        HistorySource("Attendance", Attendance.history, on),
        HistorySource("Chair's decisions", ChairDecision.history, on),
        HistorySource("Decision", ChildDecision.history, on),
    ]


def plan_history_sources(plan) -> list[HistorySource]:
    on = {"plan_id": plan.pk}
    return [
        HistorySource("Plan", ChildProtectionPlan.history, {"id": plan.pk}),
        HistorySource("Danger statements", PlanDangerStatement.history, on),
        HistorySource("Actions", PlanAction.history, on),
        HistorySource("Core group", CoreGroupMember.history, on),
    ]


def access_log_page(child, page_number=1):
    """Who looked at the child's record, newest first: two queries (count and page)."""
    views = (
        ChildRecordView.objects.filter(child=child)
        .select_related("user", "user__team", "user__agency")
        .order_by("-viewed_at", "-pk")
    )
    return Paginator(views, PAGE_SIZE).get_page(page_number)
