"""Issue 21 items 5 and 8. A child's feedback form beside the family's and professionals': the
child's own questions, per child, entered by the conference service, shown apart from the adults'
scores. Each parent's views on the shared social work report: recorded by the children's social
work team once it is shared, shown with the report to those who may see it."""

import pytest

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Invitation
from reports import selectors, services
from reports.models import ChildFeedbackAnswer, ConferenceFeedback, ParentViewOnReport
from reports.services import ReportError
from reports.sharing import reopen_social_work_report
from tests.auth import login
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    FamilyLinkFactory,
    PersonFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import booked_conference, send_request
from tests.factories.reports import held_conference, signed_off_report
from tests.shared_world import shareable

pytestmark = pytest.mark.django_db


@shareable
def held(worker, coordinator, chair, children, agency_user):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference, _ = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=UserFactory(roles=[RoleCode.MINUTE_TAKER]),
        professionals=[agency_user],
        slot=False,
    )
    return conference


def _child_form(held, by, child, **kwargs):
    values = {
        "knew_what_about": ChildFeedbackAnswer.A_BIT,
        "felt_listened_to": ChildFeedbackAnswer.YES,
        "went_well": "The chair was kind",
        "could_be_better": "Shorter words",
    }
    values.update(kwargs)
    return services.record_child_feedback(conference=held, by=by, child_id=child.pk, **values)


# --- The child's feedback (item 8) -------------------------------------------------------------


def test_each_child_gives_their_own_feedback(held, coordinator, children):
    amelia, noah = children
    first = _child_form(held, coordinator, amelia)
    second = _child_form(
        held, coordinator, noah, felt_listened_to=ChildFeedbackAnswer.NO, went_well=""
    )
    assert first.from_child and first.child == amelia and not first.from_family
    assert first.understood is None and first.listened_to is None
    assert second.child == noah and second.felt_listened_to == "no"
    assert first.respondent == "Child" and not first.is_anonymous


def test_a_childs_form_names_a_child_of_the_conference_and_answers_both_questions(
    held, coordinator, children
):
    with pytest.raises(ReportError) as error:
        _child_form(held, coordinator, UserFactory())  # not a child of the conference
    assert error.value.field == "child"
    with pytest.raises(ReportError) as error:
        _child_form(held, coordinator, children[0], knew_what_about="")
    assert error.value.field == "knew_what_about"
    with pytest.raises(ReportError) as error:
        _child_form(held, coordinator, children[0], felt_listened_to="maybe")
    assert error.value.field == "felt_listened_to"
    assert not ConferenceFeedback.objects.exists()


def test_only_the_conference_service_enters_a_childs_form(held, children, agency_user, chair):
    for user in (agency_user, chair):
        with pytest.raises(ReportError):
            _child_form(held, user, children[0])


def test_no_childs_feedback_before_the_conference(conference, coordinator, children):
    with pytest.raises(ReportError) as error:
        _child_form(conference, coordinator, children[0])
    assert "once the conference has taken place" in error.value.message


def test_the_feedback_page_shows_the_childrens_forms_apart_from_the_averages(
    client, held, coordinator, chair, children, agency_user, django_assert_max_num_queries
):
    services.record_feedback(conference=held, by=agency_user, understood=4, listened_to=2)
    _child_form(held, coordinator, children[0], went_well="I could draw my picture")
    login(client, chair)
    with django_assert_max_num_queries(25):
        page = client.get(f"/reports/conferences/{held.pk}/feedback/received/").content.decode()
    assert "Feedback from children" in page and "I could draw my picture" in page
    assert "Amelia Jones" in page
    assert "understanding what was happening 4.0, feeling listened to 2.0" in page
    assert "Enter a child&#x27;s feedback" not in page  # the chair does not type in forms


def test_the_coordinator_enters_a_childs_form_on_its_page(client, held, coordinator, children):
    login(client, coordinator)
    url = f"/reports/conferences/{held.pk}/feedback/child/"
    page = client.get(url).content.decode()
    assert "Did you know what the meeting was about?" in page
    assert "Did people listen to you?" in page
    response = client.post(url, {"child": str(children[1].pk)})
    assert "Select whether the child knew what the meeting was about" in response.content.decode()
    response = client.post(
        url,
        {
            "child": str(children[1].pk),
            "knew_what_about": "yes",
            "felt_listened_to": "a_bit",
            "could_be_better": "Snacks",
        },
    )
    assert response.status_code == 302
    feedback = ConferenceFeedback.objects.get()
    assert feedback.child == children[1] and feedback.could_be_better == "Snacks"


def test_others_may_not_enter_a_childs_form(client, held, chair, agency_user, worker):
    url = f"/reports/conferences/{held.pk}/feedback/child/"
    for user in (chair, agency_user, worker):
        login(client, user)
        assert client.get(url).status_code in (403, 404)
        assert client.post(url, {}).status_code in (403, 404)


def test_the_adults_feedback_keeps_its_scores(held, agency_user):
    with pytest.raises(ReportError):
        services.record_feedback(conference=held, by=agency_user, understood=0, listened_to=3)


# --- Each parent's views on the shared report (item 5) --------------------------------------------


@shareable
def two_parents_conference(worker, coordinator, chair, children, starts_at):
    father = PersonFactory(forename="Mark", surname="Jones")
    for child in children:
        FamilyLinkFactory(child=child, person=father, relationship=Relationship.FATHER)
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, starts_at=starts_at
    )
    return conference, father


def _parents(conference):
    return {p.name: p.person_id for p in services.parents_for_views(conference)}


def test_each_parent_says_their_own_about_the_shared_report(
    two_parents_conference, worker, manager
):
    conference, father = two_parents_conference
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    parents = _parents(conference)
    with pytest.raises(ReportError) as error:
        services.record_parents_views_on_report(
            report=report, by=worker, views={father.pk: "Disagrees"}
        )
    assert "shared with the parents" in error.value.message
    report = services.record_sharing_with_parents(
        report=report, by=worker, parents_views="Both read it with the social worker"
    )
    services.record_parents_views_on_report(
        report=report,
        by=worker,
        views={parents["Sarah Jones"]: "Agrees with most of it", father.pk: ""},
    )
    services.record_parents_views_on_report(
        report=report, by=manager, views={father.pk: "Disputes the bruising account"}
    )
    views = {row.person.full_name: row.views for row in selectors.parent_views_on(report)}
    assert views == {
        "Sarah Jones": "Agrees with most of it",
        "Mark Jones": "Disputes the bruising account",
    }
    # Views once recorded are corrected, never emptied.
    with pytest.raises(ReportError) as error:
        services.record_parents_views_on_report(report=report, by=worker, views={father.pk: " "})
    assert error.value.field == f"views_{father.pk}"


def test_only_the_childrens_social_work_team_records_the_parents_views(
    two_parents_conference, worker, manager, chair, coordinator
):
    conference, father = two_parents_conference
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.record_sharing_with_parents(report=report, by=worker, parents_views="Read")
    other_worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER])
    for user in (chair, coordinator, other_worker):
        with pytest.raises(ReportError):
            services.record_parents_views_on_report(
                report=report, by=user, views={father.pk: "Says it is unfair"}
            )
    with pytest.raises(ReportError):
        services.record_parents_views_on_report(
            report=report, by=worker, views={UserFactory().pk + 10_000: "Not a parent"}
        )
    assert not ParentViewOnReport.objects.exists()


def test_views_belong_to_the_version_shared(two_parents_conference, worker, manager):
    conference, father = two_parents_conference
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.record_sharing_with_parents(report=report, by=worker, parents_views="Read")
    services.record_parents_views_on_report(report=report, by=worker, views={father.pk: "Unfair"})
    report = reopen_social_work_report(report=report, by=worker, reason="New incident")
    assert selectors.parent_views_on(report) == []
    assert ParentViewOnReport.objects.count() == 1  # kept


def test_the_chair_sees_each_parents_views_with_the_report(
    client, two_parents_conference, worker, manager, chair, agency_user
):
    conference, father = two_parents_conference
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.record_sharing_with_parents(report=report, by=worker, parents_views="Read")
    login(client, worker)
    url = f"/reports/conferences/{conference.pk}/social-work-report/parents-views/"
    page = client.get(url).content.decode()
    assert "What Mark Jones said about the report" in page
    response = client.post(url, {f"views_{father.pk}": "He says the dates are wrong"})
    assert response.status_code == 302
    services.send_to_chair(report=report, by=worker)
    login(client, chair)
    page = client.get(f"/reports/conferences/{conference.pk}/social-work-report/")
    assert "He says the dates are wrong" in page.content.decode()
    assert client.get(url).status_code == 403  # the chair reads, does not record
    # An agency professional invited to the conference does not record the views either.
    Invitation.objects.create(
        conference=conference,
        kind="professional",
        user=agency_user,
        name="Hannah Visitor",
        connection="Health visitor",
        method="email",
    )
    login(client, agency_user)
    assert client.get(url).status_code in (403, 404)
    assert client.post(url, {f"views_{father.pk}": "x"}).status_code in (403, 404)


def test_the_report_page_with_views_is_bounded(
    client, two_parents_conference, worker, manager, django_assert_max_num_queries
):
    conference, father = two_parents_conference
    report = signed_off_report(conference=conference, worker=worker, manager=manager)
    report = services.record_sharing_with_parents(report=report, by=worker, parents_views="Read")
    services.record_parents_views_on_report(report=report, by=worker, views={father.pk: "Unfair"})
    login(client, worker)
    with django_assert_max_num_queries(40):
        client.get(f"/reports/conferences/{conference.pk}/social-work-report/")
    with django_assert_max_num_queries(40):
        client.get(f"/reports/conferences/{conference.pk}/social-work-report/parents-views/")
