"""The minutes page and copy downloads: permission-checked (a draft is hidden from invited
professionals, an uninvited one gets 404), downloads as attachments."""

import datetime

from django.urls import reverse
from django.utils import timezone

from accounts.models import RoleCode
from core.templatetags.govuk import govuk_date
from reports import services
from reports.models import (
    AmendmentStatus,
    ConferenceFeedback,
    ConferenceMinutes,
    MinutesCopy,
    MinutesStatus,
)
from tests.factories.accounts import UserFactory
from tests.factories.children import enquiries_needing_conference
from tests.factories.conferences import send_request
from tests.factories.reports import complete_minutes, held_conference
from tests.shared_world import shareable


@shareable
def minute_taker(db):
    return UserFactory(roles=[RoleCode.MINUTE_TAKER])


@shareable
def held(worker, coordinator, chair, children, agency_user, minute_taker):
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=children)
    )
    conference, _ = held_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        professionals=[agency_user],
    )
    return conference


def test_minutes_pages(client, held, minute_taker, chair, coordinator, agency_user):
    url = reverse("reports:minutes", args=[held.pk])
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker, slot_text="Secret police intelligence")

    client.force_login(minute_taker)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Secret police intelligence" in response.content
    assert b"Not in the family copy" in response.content

    client.force_login(agency_user)
    assert client.get(url).status_code == 403  # a draft: not for invited professionals
    client.force_login(stranger)
    assert client.get(url).status_code == 404

    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    services.approve_minutes(minutes=minutes, by=chair)
    services.circulate_minutes(minutes=minutes, by=coordinator)
    professional = MinutesCopy.objects.get(is_family_copy=False)
    family = MinutesCopy.objects.get(is_family_copy=True)

    client.force_login(agency_user)
    response = client.get(url)
    assert response.status_code == 200
    assert b"Secret police intelligence" not in response.content  # reads the copy, not drafts
    assert b"Sarah Jones" not in response.content  # no family copies listed
    response = client.get(reverse("reports:minutes-copy", args=[professional.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert client.get(reverse("reports:minutes-copy", args=[family.pk])).status_code == 403

    client.force_login(stranger)
    assert client.get(reverse("reports:minutes-copy", args=[professional.pk])).status_code == 404
    client.force_login(coordinator)
    response = client.get(reverse("reports:minutes-copy", args=[family.pk]))
    assert response.status_code == 200
    assert "family" in response["Content-Disposition"]


# --- The pages that act on the minutes --------------------------------------------------------------


def error_next_to(content: bytes, field_id: str, message: str) -> bool:
    """The message is in the error summary (linking to the field) and next to the field."""
    html = content.decode()
    error_id = field_id.removesuffix("_0")  # radios: the summary links to the first option
    return (
        "govuk-error-summary" in html
        and f'href="#{field_id}"' in html
        and f'id="{error_id}-error"' in html
        and message in html
    )


def sections_post(rows, **extra):
    data = {
        "sections-TOTAL_FORMS": str(len(rows)),
        "sections-INITIAL_FORMS": "0",
        "sections-MIN_NUM_FORMS": "0",
        "sections-MAX_NUM_FORMS": "100",
    }
    for index, (heading, text, family) in enumerate(rows):
        data[f"sections-{index}-heading"] = heading
        data[f"sections-{index}-text"] = text
        if family:
            data[f"sections-{index}-family_may_see"] = "on"
    data.update(extra)
    return data


@shareable
def stranger(db):
    return UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])


def test_start_minutes_button_and_page(client, held, minute_taker, coordinator, stranger):
    page = reverse("reports:minutes", args=[held.pk])
    start = reverse("reports:start-minutes", args=[held.pk])
    client.force_login(coordinator)
    assert b"Start the minutes" not in client.get(page).content  # only for who may
    assert client.post(start).status_code == 403
    client.force_login(stranger)
    assert client.post(start).status_code == 404
    client.force_login(minute_taker)
    assert b"Start the minutes" in client.get(page).content
    assert client.get(start).status_code == 405
    response = client.post(start)
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:edit-minutes", args=[held.pk])
    assert ConferenceMinutes.objects.filter(conference=held).exists()


def test_edit_minutes_formset(client, held, minute_taker, coordinator, agency_user, stranger):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    url = reverse("reports:edit-minutes", args=[held.pk])
    for user, status in ((coordinator, 403), (agency_user, 403), (stranger, 404)):
        client.force_login(user)
        assert client.get(url).status_code == status
        assert client.post(url, sections_post([("A", "B", True)])).status_code == status

    client.force_login(minute_taker)
    response = client.get(url)
    assert response.status_code == 200
    assert b"The family may see this section" in response.content
    assert b"Professionals-only discussion" in response.content

    # "Add another section": what was typed comes back, with an empty row, and nothing saved.
    response = client.post(
        url, sections_post([("Decision", "Typed but unsaved", True)], add_section="1")
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Typed but unsaved" in html
    assert 'name="sections-TOTAL_FORMS" value="2"' in html
    assert 'name="sections-1-heading"' in html
    assert "govuk-error-summary" not in html
    assert not minutes.sections.filter(text="Typed but unsaved").exists()

    # Text without a heading: the error next to the field, everything typed kept.
    response = client.post(
        url, sections_post([("Decision", "Plan agreed", True), ("", "Orphan text", False)])
    )
    assert response.status_code == 200
    assert error_next_to(response.content, "id_sections-1-heading", "Enter a heading for section 2")
    assert b"Orphan text" in response.content and b"Plan agreed" in response.content
    assert b"<title>Error:" in response.content
    # A heading too long.
    response = client.post(url, sections_post([("x" * 201, "Text", True)]))
    assert error_next_to(response.content, "id_sections-0-heading", "200 characters or fewer")
    # Nothing at all: the service's message in the summary.
    response = client.post(url, sections_post([("", "", True)]))
    assert b"The minutes need at least one section" in response.content

    # Saved: one section not for the family; an empty row is left out.
    response = client.post(
        url,
        sections_post(
            [("Decision", "Plan: neglect", True), ("Police slot", "Intel", False), ("", "", True)]
        ),
    )
    assert response.status_code == 302
    assert [(s.heading, s.family_may_see) for s in minutes.sections.order_by("position")] == [
        ("Decision", True),
        ("Police slot", False),
    ]


def test_submit_return_and_approve(client, held, minute_taker, chair, coordinator, stranger):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    page = reverse("reports:minutes", args=[held.pk])
    submit = reverse("reports:submit-minutes", args=[held.pk])
    approve = reverse("reports:approve-minutes", args=[held.pk])
    back = reverse("reports:return-minutes", args=[held.pk])

    client.force_login(coordinator)
    assert client.post(submit).status_code == 403
    client.force_login(minute_taker)
    assert b"Send the minutes to the chair" in client.get(page).content
    assert b"Approve the minutes" not in client.get(page).content
    assert client.post(submit).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.WITH_CHAIR
    assert b"Send the minutes to the chair" not in client.get(page).content
    for url in (approve, back):
        assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(stranger)
    assert client.post(approve).status_code == 404

    client.force_login(chair)
    content = client.get(page).content
    assert b"Approve the minutes" in content and b"Send back to the minute taker" in content
    response = client.post(back, {"reason": "  "})
    assert response.status_code == 200
    assert error_next_to(response.content, "id_reason", "Enter what needs to change")
    response = client.post(back, {"reason": "Add the GP's view"})
    assert response.status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.DRAFT and minutes.return_reason == "Add the GP's view"

    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    assert client.post(approve).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.APPROVED
    assert b"Circulate the minutes" in client.get(page).content


def test_circulate_confirmation(client, held, minute_taker, chair, coordinator, agency_user):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    services.approve_minutes(minutes=minutes, by=chair)
    url = reverse("reports:circulate-minutes", args=[held.pk])
    for user in (minute_taker, agency_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url).status_code == 403
    client.force_login(coordinator)
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Sarah Jones" in html and "Family copy" in html
    assert "Hannah Visitor" in html and "Email to hannah.visitor@health.example" in html
    assert not MinutesCopy.objects.exists()  # looking sends nothing
    assert client.post(url).status_code == 302
    minutes.refresh_from_db()
    assert minutes.status == MinutesStatus.CIRCULATED
    assert MinutesCopy.objects.count() == 2
    # Once circulated, the confirmation page sends the user back to the minutes.
    assert client.get(url).status_code == 302


@shareable
def circulated(held, minute_taker, chair, coordinator):
    minutes = services.start_minutes(conference=held, by=minute_taker)
    complete_minutes(minutes=minutes, by=minute_taker)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    services.approve_minutes(minutes=minutes, by=chair)
    return services.circulate_minutes(minutes=minutes, by=coordinator)


def test_request_amendment_page(client, held, circulated, coordinator, agency_user, stranger):
    professional = MinutesCopy.objects.get(is_family_copy=False)
    family = MinutesCopy.objects.get(is_family_copy=True)
    url = reverse("reports:request-amendment", args=[professional.pk])

    client.force_login(coordinator)  # not on behalf of a professional who signs in
    assert client.get(url).status_code == 403
    client.force_login(stranger)
    assert client.get(url).status_code == 404
    client.force_login(agency_user)
    assert client.get(reverse("reports:request-amendment", args=[family.pk])).status_code == 403
    content = client.get(reverse("reports:minutes", args=[held.pk])).content
    assert url.encode() in content  # the link is offered to the recipient
    response = client.get(url)
    assert response.status_code == 200
    assert govuk_date(professional.amend_by_day).encode() in response.content
    response = client.post(url, {"text": " "})
    assert error_next_to(response.content, "id_text", "Enter what should change in the minutes")
    response = client.post(url, {"text": "I said weekly visits, not monthly."})
    assert response.status_code == 302
    assert professional.amendment_requests.get().text == "I said weekly visits, not monthly."

    # The coordinator enters a family member's; after the window, refused next to the field.
    client.force_login(coordinator)
    family_url = reverse("reports:request-amendment", args=[family.pk])
    assert client.get(family_url).status_code == 200
    MinutesCopy.objects.filter(pk=family.pk).update(
        amend_by=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.post(family_url, {"text": "My name is spelt wrong"})
    assert response.status_code == 200
    assert error_next_to(response.content, "id_text", "within 5 working days")
    assert b"My name is spelt wrong" in response.content
    assert not family.amendment_requests.exists()


def test_decide_amendment_page(client, held, circulated, chair, minute_taker, agency_user):
    professional = MinutesCopy.objects.get(is_family_copy=False)
    amendment = services.request_minutes_amendment(
        copy=professional, by=agency_user, text="Weekly, not monthly."
    )
    url = reverse("reports:decide-amendment", args=[amendment.pk])
    for user in (minute_taker, agency_user):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert url.encode() not in client.get(reverse("reports:minutes", args=[held.pk])).content
    client.force_login(UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]))
    assert client.get(url).status_code == 404

    client.force_login(chair)
    assert url.encode() in client.get(reverse("reports:minutes", args=[held.pk])).content
    response = client.post(url, {"response": "Typed response"})
    assert error_next_to(response.content, "id_decision_0", "Select whether you accept")
    assert b"Typed response" in response.content
    response = client.post(url, {"decision": "accept", "response": ""})
    assert error_next_to(response.content, "id_response", "Enter your response to the amendment")
    response = client.post(url, {"decision": "accept", "response": "Corrected: weekly."})
    assert response.status_code == 302
    amendment.refresh_from_db()
    assert amendment.status == AmendmentStatus.ACCEPTED and amendment.decided_by == chair
    assert client.get(url).status_code == 302  # already decided


def test_feedback_pages(client, held, agency_user, coordinator, chair, qa_manager, worker):
    url = reverse("reports:feedback", args=[held.pk])
    listing = reverse("reports:feedback-list", args=[held.pk])
    client.force_login(worker)  # sees the conference, was not invited as a professional
    assert client.get(url).status_code == 403
    assert client.get(listing).status_code == 403
    client.force_login(UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL]))
    assert client.get(url).status_code == 404

    client.force_login(agency_user)
    assert client.get(listing).status_code == 403
    response = client.get(url)
    assert response.status_code == 200
    assert b"Who filled in this form?" not in response.content  # the coordinator's option only
    response = client.post(url, {"listened_to": "4", "went_well": "Clear agenda"})
    assert error_next_to(response.content, "id_understood_0", "Select how well you understood")
    assert b"Clear agenda" in response.content
    response = client.post(
        url, {"understood": "5", "listened_to": "4", "went_well": "Clear agenda"}
    )
    assert response.status_code == 302
    own = ConferenceFeedback.objects.get()
    assert own.invitation.user == agency_user and not own.from_family

    client.force_login(coordinator)
    response = client.get(url)
    assert b"Who filled in this form?" in response.content
    response = client.post(url, {"understood": "2", "listened_to": "3"})
    assert error_next_to(response.content, "id_from_family_0", "Select who filled in this form")
    mother = held.invitations.get(kind="family")
    professional = held.invitations.get(user=agency_user)
    response = client.post(
        url,
        {
            "understood": "2",
            "listened_to": "3",
            "from_family": "yes",
            "invitation": str(professional.pk),
            "could_be_better": "Too many people",
        },
    )
    assert error_next_to(response.content, "id_invitation", "Select a family member")
    response = client.post(
        url,
        {
            "understood": "2",
            "listened_to": "3",
            "from_family": "yes",
            "invitation": str(mother.pk),
            "anonymous": "on",
            "could_be_better": "Too many people",
        },
    )
    assert response.status_code == 302
    paper = ConferenceFeedback.objects.exclude(pk=own.pk).get()
    assert paper.from_family and paper.invitation is None and paper.entered_by == coordinator

    for user in (chair, coordinator, qa_manager):
        client.force_login(user)
        response = client.get(listing)
        assert response.status_code == 200
        assert b"Too many people" in response.content and b"Anonymous" in response.content
