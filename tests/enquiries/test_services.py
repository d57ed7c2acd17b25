"""The rules of the plan list: no answer without a verified call-back; every enquiry, its answer
and the advice recorded (append-only, with history); the lead social worker told; the
same-address and second-enquiry rules."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from enquiries import services
from enquiries.models import (
    CallBack,
    EnquiryMatch,
    EnquiryNotice,
    EnquiryResult,
    NoticeKind,
    PlanEnquiry,
)
from tests.factories.census import held_conference_on, plan_on
from tests.factories.children import ChildFactory

from .conftest import ADDRESS, call_details

pytestmark = pytest.mark.django_db


def _answer(enquiry, by, **child):
    child.setdefault("forename", "Amelia")
    child.setdefault("surname", "Jones")
    return services.answer_enquiry(enquiry=enquiry, by=by, **child)


# --- The call-back ---------------------------------------------------------------------------------


def test_an_answer_is_refused_without_a_verified_call_back(enquirer, police, amelia, amelias_plan):
    enquiry = services.record_enquiry(
        by=enquirer, **call_details(police, called_back_on="07700 900123")
    )
    assert enquiry.call_backs.get().verified is False
    with pytest.raises(services.EnquiryRefused, match="known number"):
        _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    enquiry.refresh_from_db()
    assert not enquiry.is_answered
    assert enquiry.result == ""
    assert not EnquiryMatch.objects.exists()
    assert not EnquiryNotice.objects.exists()
    # ...and the enquiry itself is still on the record.
    assert PlanEnquiry.objects.filter(pk=enquiry.pk).exists()


def test_an_agency_without_a_known_number_cannot_be_verified(enquirer, police):
    police.known_phone_number = ""
    police.save()
    enquiry = services.record_enquiry(
        by=enquirer, **call_details(police, called_back_on="01632 960222")
    )
    assert enquiry.call_backs.get().verified is False


def test_the_known_number_matches_however_it_is_written(enquirer, police):
    enquiry = services.record_enquiry(
        by=enquirer, **call_details(police, called_back_on="+44 (0)1632 960222")
    )
    assert enquiry.call_backs.get().verified is True
    assert services.normalise_phone("0044 1632 960 222") == "01632960222"


def test_a_second_call_back_to_the_known_number_allows_the_answer(
    enquirer, police, amelia, amelias_plan
):
    enquiry = services.record_enquiry(
        by=enquirer, **call_details(police, called_back_on="07700 900123")
    )
    services.record_call_back(enquiry=enquiry, by=enquirer, called_back_on="01632960222")
    assert list(CallBack.objects.filter(enquiry=enquiry).values_list("verified", flat=True)) == [
        False,
        True,
    ]
    answered = _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    assert answered.result == EnquiryResult.SUBJECT_TO_PLAN


def test_only_an_enquirer_may_record_an_enquiry(worker, police):
    with pytest.raises(services.EnquiryRefused):
        services.record_enquiry(by=worker, **call_details(police))


# --- The answer -------------------------------------------------------------------------------


def test_an_enquiry_about_a_child_on_a_plan_is_answered_and_recorded(
    enquirer, police, amelia, amelias_plan, worker, django_capture_on_commit_callbacks
):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with django_capture_on_commit_callbacks(execute=True):
        answered = _answer(enquiry, enquirer, forename="amelia", date_of_birth=amelia.date_of_birth)
    assert answered.result == EnquiryResult.SUBJECT_TO_PLAN
    assert answered.answered_at is not None
    match = answered.matches.get()
    assert match.child == amelia
    assert match.plan == amelias_plan
    assert match.category == "Neglect"
    assert match.plan_started_on == amelias_plan.started_on
    assert (match.lead_name, match.lead_phone, match.lead_email, match.lead_team) == (
        "Wendy Worker",
        "01632 960555",
        "wendy.worker@council.example",
        "Assessment Team North",
    )
    # The lead social worker is told: a notice they can read, and an email.
    notice = EnquiryNotice.objects.get()
    assert (notice.kind, notice.recipient, notice.child) == (
        NoticeKind.LEAD_SOCIAL_WORKER,
        worker,
        amelia,
    )
    assert [message.to for message in mail.outbox] == [["wendy.worker@council.example"]]
    assert "Amelia" not in mail.outbox[0].body  # the details stay in the service
    # History keeps the enquiry's every write.
    assert answered.history.count() == 2


def test_a_child_matched_by_address_and_a_sound_alike_name(enquirer, police, amelia, amelias_plan):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    answered = _answer(
        enquiry,
        enquirer,
        forename="Amilia",
        surname="Jones",
        address_line_1="12 acacia avenue",
        postcode="de12ab",
    )
    assert answered.result == EnquiryResult.SUBJECT_TO_PLAN


def test_the_name_alone_or_the_wrong_date_of_birth_is_not_a_match(
    enquirer, police, amelia, amelias_plan
):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with pytest.raises(services.EnquiryError, match="date of birth"):
        _answer(enquiry, enquirer)
    answered = _answer(
        enquiry, enquirer, date_of_birth=amelia.date_of_birth + datetime.timedelta(days=1)
    )
    assert answered.result == EnquiryResult.NOT_SUBJECT_TO_PLAN
    assert answered.child_known is False


def test_a_child_whose_plan_has_ended_is_not_subject_to_a_plan(enquirer, police, amelia, chair):
    conference = held_conference_on(
        child=amelia, on=timezone.localdate() - datetime.timedelta(days=400), chair=chair
    )
    plan_on(child=amelia, conference=conference, ended_on=timezone.localdate())
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    answered = _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    assert answered.result == EnquiryResult.NOT_SUBJECT_TO_PLAN
    assert answered.child_known is True
    assert answered.matches.get().on_plan is False


def test_an_enquiry_is_answered_once_and_its_advice_recorded_once(
    enquirer, police, amelia, amelias_plan
):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with pytest.raises(services.EnquiryRefused, match="Answer the enquiry"):
        services.record_advice(enquiry=enquiry, by=enquirer, advice="Call the social worker")
    _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    with pytest.raises(services.EnquiryError, match="already been answered"):
        _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    services.record_advice(enquiry=enquiry, by=enquirer, advice="Speak to Wendy Worker today.")
    with pytest.raises(services.EnquiryError, match="already recorded"):
        services.record_advice(enquiry=enquiry, by=enquirer, advice="Something else")
    enquiry.refresh_from_db()
    assert enquiry.advice == "Speak to Wendy Worker today."
    assert enquiry.history.count() == 3  # recorded, answered, advice


def test_enquiry_records_are_never_deleted(enquirer, police):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with pytest.raises(PermissionError):
        enquiry.delete()
    with pytest.raises(PermissionError):
        PlanEnquiry.objects.all().delete()
    with pytest.raises(PermissionError):
        CallBack.objects.all().delete()


def test_only_the_enquirer_who_took_the_call_answers_it(enquirer, police, amelia, make_user):
    other = make_user("enquirer")
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with pytest.raises(services.EnquiryRefused):
        _answer(enquiry, other, date_of_birth=amelia.date_of_birth)


# --- Who is told ------------------------------------------------------------------------------------


def test_a_child_not_on_a_plan_at_the_address_of_a_child_on_a_plan_goes_to_that_childs_worker(
    enquirer, police, amelia, amelias_plan, worker, make_user, django_capture_on_commit_callbacks
):
    # Amelia's cousin Ben lives at the same address: known to the authority, not on a plan,
    # with a different social worker.
    bens_worker = make_user("social_worker", email="bens.worker@council.example")
    ben = ChildFactory(
        legal_forename="Ben",
        legal_surname="Smith",
        date_of_birth=datetime.date(2020, 5, 1),
        lead_social_worker=bens_worker,
        address_line_1="12 Acacia Avenue",
        postcode="DE12AB",
    )
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    with django_capture_on_commit_callbacks(execute=True):
        answered = _answer(
            enquiry, enquirer, forename="Ben", surname="Smith", date_of_birth=ben.date_of_birth
        )
    # The caller is told only about Ben.
    assert answered.result == EnquiryResult.NOT_SUBJECT_TO_PLAN
    assert list(answered.matches.values_list("child", flat=True)) == [ben.pk]
    notices = {(n.kind, n.recipient_id, n.child_id) for n in EnquiryNotice.objects.all()}
    assert notices == {
        (NoticeKind.LEAD_SOCIAL_WORKER, bens_worker.pk, ben.pk),
        (NoticeKind.SAME_ADDRESS, worker.pk, amelia.pk),
    }
    assert {message.to[0] for message in mail.outbox} == {
        "bens.worker@council.example",
        "wendy.worker@council.example",
    }


def test_a_child_unknown_to_the_authority_at_the_address_of_a_child_on_a_plan(
    enquirer, police, amelia, amelias_plan, worker
):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    answered = _answer(
        enquiry,
        enquirer,
        forename="Zac",
        surname="Unknown",
        address_line_1="12 Acacia Avenue",
        postcode="DE1 2AB",
    )
    assert answered.result == EnquiryResult.NOT_SUBJECT_TO_PLAN
    notice = EnquiryNotice.objects.get()
    assert (notice.kind, notice.recipient, notice.child) == (
        NoticeKind.SAME_ADDRESS,
        worker,
        amelia,
    )


def test_no_same_address_notice_for_a_different_address(enquirer, police, amelia, amelias_plan):
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    _answer(
        enquiry,
        enquirer,
        forename="Zac",
        surname="Unknown",
        address_line_1="14 Acacia Avenue",
        postcode="DE1 2AB",
    )
    assert not EnquiryNotice.objects.exists()


def test_a_second_enquiry_about_an_unknown_child_alerts_the_designated_manager(
    enquirer, police, service_manager, django_capture_on_commit_callbacks
):
    child = {"forename": "Zac", "surname": "Unknown", "date_of_birth": datetime.date(2019, 1, 2)}
    first = services.record_enquiry(by=enquirer, **call_details(police))
    _answer(first, enquirer, **child)
    assert not EnquiryNotice.objects.exists()

    second = services.record_enquiry(
        by=enquirer, **call_details(police, caller_name="Nurse Nora", reason="A&E attendance")
    )
    with django_capture_on_commit_callbacks(execute=True):
        _answer(
            second,
            enquirer,
            forename="zac",
            surname="UNKNOWN",
            date_of_birth=child["date_of_birth"],
        )
    notice = EnquiryNotice.objects.get()
    assert (notice.kind, notice.recipient, notice.enquiry) == (
        NoticeKind.REPEAT_UNKNOWN,
        service_manager,
        second,
    )
    assert [message.to for message in mail.outbox] == [["sam@council.example"]]


def test_the_second_enquiry_rule_matches_by_address_too(enquirer, police, service_manager):
    for _ in range(2):
        enquiry = services.record_enquiry(by=enquirer, **call_details(police))
        _answer(
            enquiry,
            enquirer,
            forename="Zac",
            surname="Unknown",
            address_line_1="1 Nowhere Lane",
            postcode="ZZ9 9ZZ",
        )
    assert EnquiryNotice.objects.filter(kind=NoticeKind.REPEAT_UNKNOWN).count() == 1


def test_two_enquiries_about_different_unknown_children_alert_nobody(
    enquirer, police, service_manager
):
    for forename in ("Zac", "Yusuf"):
        enquiry = services.record_enquiry(by=enquirer, **call_details(police))
        _answer(
            enquiry,
            enquirer,
            forename=forename,
            surname="Unknown",
            date_of_birth=datetime.date(2019, 1, 2),
        )
    assert not EnquiryNotice.objects.exists()


def test_a_second_enquiry_about_a_known_child_does_not_alert_the_manager(
    enquirer, police, amelia, service_manager
):
    for _ in range(2):
        enquiry = services.record_enquiry(by=enquirer, **call_details(police))
        _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    assert not EnquiryNotice.objects.filter(kind=NoticeKind.REPEAT_UNKNOWN).exists()


def test_the_designated_manager_role_is_a_setting(enquirer, police, make_user, settings):
    settings.PLAN_ENQUIRY_DESIGNATED_ROLE = "head_of_service"
    head = make_user("head_of_service")
    make_user("service_manager")
    for _ in range(2):
        enquiry = services.record_enquiry(by=enquirer, **call_details(police))
        _answer(
            enquiry,
            enquirer,
            forename="Zac",
            surname="Unknown",
            date_of_birth=datetime.date(2019, 1, 2),
        )
    assert list(EnquiryNotice.objects.values_list("recipient", flat=True)) == [head.pk]


def test_a_restricted_childs_plan_is_still_answered_without_its_address(
    enquirer, police, amelia, amelias_plan
):
    amelia.is_restricted = True
    amelia.address_do_not_disclose = True
    amelia.save()
    enquiry = services.record_enquiry(by=enquirer, **call_details(police))
    answered = _answer(enquiry, enquirer, date_of_birth=amelia.date_of_birth)
    assert answered.result == EnquiryResult.SUBJECT_TO_PLAN


def test_address_fixture_is_what_the_tests_say(amelia):
    assert amelia.address_line_1 == ADDRESS["address_line_1"]
