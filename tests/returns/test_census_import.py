"""Bringing a CIN census return in (issue 23 item 1, ADR 66): broken children are refused whole
with their reasons and the rest come in; the same file twice changes nothing; a later year's
file updates what changed; a file that is not a return is refused with a message."""

import datetime
import io
import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from accounts.models import RoleCode
from children.models import Child, S47Enquiry, S47Outcome
from conferences.models import Conference, ConferenceStatus
from plans.models import ChildInNeedPlan, ChildProtectionPlan, PlanCategory, PlanStatus
from returns.census_import.apply import check_upload, confirm_import, import_census
from returns.census_import.parse import CensusFileError, RawChild
from returns.census_import.plan import plan_child
from returns.models import CensusAssessment, CensusImportStatus
from tests.factories.accounts import UserFactory
from tests.factories.clock import LONDON
from timescales.models import Deadline, DeadlineStatus, RuleCode

D = datetime.date
pytestmark = pytest.mark.django_db
ERRORS_FILE = Path(__file__).parent / "census_files" / "deliberate_errors.xml"


@pytest.fixture
def importer(db):
    return UserFactory(roles=[RoleCode.QA_MANAGER])


def _outcomes(report):
    return {child["child"]: child["outcome"] for child in report["children"]}


def _reasons(report, label):
    return next(c["reasons"] for c in report["children"] if c["child"] == label)


def test_the_deliberate_errors_file_refuses_exactly_the_broken_children(importer):
    report = import_census(content=ERRORS_FILE.read_bytes(), by=importer, dry_run=False)
    no_id = "Child 4 in the file (no child ID)"
    assert _outcomes(report) == {
        "GOOD1": "created",
        "BADCODE": "refused",
        "BADDATES": "refused",
        no_id: "refused",
        "OVERLAP": "refused",
        "ID WITH SPACES#": "refused",
        "GOOD2": "created",
    }
    assert _reasons(report, "BADCODE") == ["'X' is not a valid code for the sex (Sex)."]
    assert _reasons(report, "BADDATES") == [
        "The plan's start date (1 August 2025) is after the plan's end date (1 July 2025): the "
        "dates are out of order."
    ]
    assert "no child ID" in _reasons(report, no_id)[0]
    assert _reasons(report, "OVERLAP") == [
        "Two child protection plans overlap: the one from 1 May 2025 ends on 1 December 2025, "
        "but another starts on 1 October 2025."
    ]
    assert "not in a format this service knows" in _reasons(report, "ID WITH SPACES#")[0]
    assert set(Child.objects.values_list("local_child_id", flat=True)) == {"GOOD1", "GOOD2"}

    good1 = Child.objects.get(local_child_id="GOOD1")
    assert good1.legal_surname == "Name not recorded"
    assert (good1.sex, good1.ethnicity, good1.cin_referral_date) == ("F", "WBRI", D(2025, 5, 28))
    plan = ChildProtectionPlan.objects.get(child=good1)
    assert plan.status == PlanStatus.ACTIVE
    assert plan.category == PlanCategory.EMOTIONAL_ABUSE
    assert list(plan.category_changes.values_list("to_category", flat=True)) == [
        PlanCategory.NEGLECT,
        PlanCategory.EMOTIONAL_ABUSE,
    ]
    icpc = plan.started_by_conference
    assert icpc.status == ConferenceStatus.HELD and icpc.brought_in_from_census
    assert not hasattr(icpc, "signs_of_safety") or icpc.signs_of_safety is None
    assert icpc.conference_children.get().enquiry.started_on == D(2025, 6, 2)
    # The next review counts from the last review (RCPC_NEXT, 6 months from 9 March 2026).
    review = Deadline.objects.get(rule=RuleCode.RCPC_NEXT, subject_id=plan.pk)
    assert review.due_on == D(2026, 9, 9)
    plan.refresh_from_db()
    assert plan.next_review_due == D(2026, 9, 9)
    assert Deadline.objects.filter(subject_id=plan.pk, rule=RuleCode.LONG_PLAN).exists()
    assert ChildInNeedPlan.objects.get(child=good1).ended_on == D(2025, 6, 19)
    assert CensusAssessment.objects.get(child=good1).factors == ["3A"]
    history = ChildProtectionPlan.history.filter(id=plan.pk).first()
    assert history.history_user == importer

    good2 = Child.objects.get(local_child_id="GOOD2")
    assert S47Enquiry.objects.get(child=good2).outcome == S47Outcome.NO_CONFERENCE


def test_importing_the_same_file_twice_changes_nothing(importer):
    import_census(content=ERRORS_FILE.read_bytes(), by=importer, dry_run=False)
    counts = _row_counts()
    report = import_census(content=ERRORS_FILE.read_bytes(), by=importer, dry_run=False)
    assert _outcomes(report)["GOOD1"] == "unchanged"
    assert _outcomes(report)["GOOD2"] == "unchanged"
    assert report["totals"]["refused"] == 5
    assert _row_counts() == counts


def _row_counts():
    return [
        model.objects.count()
        for model in (Child, S47Enquiry, Conference, ChildProtectionPlan, ChildInNeedPlan, Deadline)
    ] + [
        model.history.count()
        for model in (Child, S47Enquiry, Conference, ChildProtectionPlan, CensusAssessment)
    ]


def test_a_dry_run_saves_nothing_and_reports_what_confirming_does(importer):
    upload = check_upload(filename="cin.xml", content=ERRORS_FILE.read_bytes(), by=importer)
    assert not Child.objects.exists()
    assert upload.status == CensusImportStatus.CHECKED
    applied = confirm_import(upload=upload, by=importer)
    assert applied.status == CensusImportStatus.APPLIED
    assert applied.report["children"] == [
        {**child, "outcome": child["outcome"]} for child in upload.dry_run_report["children"]
    ]
    assert applied.report["totals"] == upload.dry_run_report["totals"]
    assert Child.objects.count() == 2


def test_a_later_years_file_updates_what_changed(importer):
    import_census(content=ERRORS_FILE.read_bytes(), by=importer, dry_run=False)
    later = (
        ERRORS_FILE.read_text()
        .replace("<ReferenceDate>2026-03-31", "<ReferenceDate>2027-03-31")
        .replace(
            "<CPPreviewDate>2026-03-09</CPPreviewDate>",
            "<CPPreviewDate>2026-03-09</CPPreviewDate></Reviews>"
            "<CPPendDate>2026-09-01</CPPendDate><Reviews><CPPreviewDate>2026-09-01</CPPreviewDate>",
        )
    )
    # the end date belongs before the categories in the schema; the reader takes either order
    report = import_census(content=later.encode(), by=importer, dry_run=False)
    good1 = next(c for c in report["children"] if c["child"] == "GOOD1")
    assert good1["outcome"] == "updated"
    assert any("ended on 1 September 2026" in item for item in good1["updated"])
    plan = ChildProtectionPlan.objects.get(child__local_child_id="GOOD1")
    assert (plan.status, plan.ended_on) == (PlanStatus.ENDED, D(2026, 9, 1))
    assert not Deadline.objects.filter(
        subject_id=plan.pk, status__in=[DeadlineStatus.OPEN, DeadlineStatus.BREACHED]
    ).exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<Message><Header>", "not well-formed XML"),
        (b"", "The file is empty"),
        (b"<html><body>hello</body></html>", "not a census message"),
        (
            b"<Message><Header><CollectionDetails><Collection>SCHOOL</Collection>"
            b"</CollectionDetails></Header></Message>",
            "another collection (SCHOOL)",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaa">]><Message>&a;</Message>',
            "not well-formed XML",
        ),
    ],
)
def test_a_file_that_is_not_a_return_is_refused_with_a_message(importer, content, message):
    with pytest.raises(CensusFileError, match=re.escape(message)):
        import_census(content=content, by=importer, dry_run=True)
    upload = check_upload(filename="x.xml", content=content, by=importer)
    assert upload.status == CensusImportStatus.REFUSED
    assert message in upload.dry_run_report["file_refused"]


def test_the_command_reports_per_child_and_refuses_a_broken_file(importer, tmp_path):
    out = io.StringIO()
    call_command("import_cin_census", str(ERRORS_FILE), "--dry-run", stdout=out)
    assert "Dry run: nothing was saved. 2 children new, 0 updated, 0 unchanged, 5 refused." in (
        out.getvalue()
    )
    assert "refused: 'X' is not a valid code for the sex (Sex)." in out.getvalue()
    assert not Child.objects.exists()
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<Message><Chil")
    with pytest.raises(CommandError, match="not well-formed XML"):
        call_command("import_cin_census", str(broken), stdout=io.StringIO())


def test_a_review_in_a_later_years_file_moves_the_review_clock(importer, clock):
    import_census(content=ERRORS_FILE.read_bytes(), by=importer, dry_run=False)
    clock.move_to(datetime.datetime(2027, 4, 7, 10, 0, tzinfo=LONDON))
    # The next year's return lists only that year's reviews.
    later = (
        ERRORS_FILE.read_text()
        .replace("<ReferenceDate>2026-03-31", "<ReferenceDate>2027-03-31")
        .replace(
            "<CPPreviewDate>2025-09-15</CPPreviewDate><CPPreviewDate>2026-03-09</CPPreviewDate>",
            "<CPPreviewDate>2026-09-01</CPPreviewDate>",
        )
    )
    report = import_census(content=later.encode(), by=importer, dry_run=False)
    good1 = next(c for c in report["children"] if c["child"] == "GOOD1")
    assert any("1 review added" in item for item in good1["updated"]), good1
    plan = ChildProtectionPlan.objects.get(child__local_child_id="GOOD1")
    assert plan.reviews_held == 3
    assert plan.next_review_due == D(2027, 3, 1)
    live = Deadline.objects.filter(
        subject_id=plan.pk,
        rule__in=[RuleCode.RCPC_FIRST, RuleCode.RCPC_NEXT],
        status__in=[DeadlineStatus.OPEN, DeadlineStatus.BREACHED],
    )
    assert [(d.rule, d.due_on) for d in live] == [(RuleCode.RCPC_NEXT, D(2027, 3, 1))]


@pytest.mark.parametrize("child_id", ["CH-0001", "A" * 21, "ÉCOLE1"])
def test_a_child_id_the_service_would_not_take_on_entry_is_refused(child_id):
    """The importer holds the same rule as the child record (DfE rules 1570, 1580): a child it
    brought in must go out again in next year's census."""
    raw = RawChild(
        position=1,
        items={"LAchildID": child_id, "PersonBirthDate": "2015-07-07", "Sex": "F"},
        disabilities=[],
        episodes=[],
    )
    refused = plan_child(raw, datetime.date(2026, 3, 31))
    assert isinstance(refused, list)
    assert any("not in a format this service knows" in reason for reason in refused)
