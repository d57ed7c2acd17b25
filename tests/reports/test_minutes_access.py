"""Who may see the minutes: the minute taker and chair write, the coordinator and QA manager read,
an invited professional reads only the professional copy once circulated, nobody else."""

from accounts.models import RoleCode
from reports import services
from reports.models import MinutesCopy
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


def test_permissions_through_the_minutes_life(
    held, minute_taker, chair, coordinator, qa_manager, agency_user, worker
):
    stranger = UserFactory(roles=[RoleCode.AGENCY_PROFESSIONAL])
    minutes = services.start_minutes(conference=held, by=minute_taker)
    for user in (minute_taker, chair):
        assert user.has_perm("reports.write_minutes", held)
    assert chair.has_perm("reports.approve_minutes", held)
    assert not minute_taker.has_perm("reports.approve_minutes", held)
    for user in (minute_taker, chair, coordinator, qa_manager):
        assert user.has_perm("reports.view_minutes", held)
    for user in (agency_user, stranger, worker):
        assert not user.has_perm("reports.view_minutes", held)
        assert not user.has_perm("reports.write_minutes", held)
    # A draft is not visible to an invited professional.
    assert not agency_user.has_perm("reports.view_professional_minutes", held)

    complete_minutes(minutes=minutes, by=minute_taker)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    services.approve_minutes(minutes=minutes, by=chair)
    assert not agency_user.has_perm("reports.view_professional_minutes", held)
    services.circulate_minutes(minutes=minutes, by=coordinator)

    assert agency_user.has_perm("reports.view_professional_minutes", held)
    assert not stranger.has_perm("reports.view_professional_minutes", held)
    professional = MinutesCopy.objects.get(is_family_copy=False)
    family = MinutesCopy.objects.get(is_family_copy=True)
    assert agency_user.has_perm("reports.download_minutes_copy", professional)
    assert not agency_user.has_perm("reports.download_minutes_copy", family)
    assert not stranger.has_perm("reports.download_minutes_copy", professional)
    for user in (coordinator, qa_manager, chair, minute_taker):
        assert user.has_perm("reports.download_minutes_copy", family)
    assert agency_user.has_perm("reports.request_minutes_amendment", professional)
    assert not coordinator.has_perm("reports.request_minutes_amendment", professional)
    assert coordinator.has_perm("reports.request_minutes_amendment", family)
    assert chair.has_perm("reports.decide_minutes_amendment", held)
    assert not minute_taker.has_perm("reports.decide_minutes_amendment", held)


def test_the_conference_page_links_the_minutes_only_to_those_who_may_read_them(
    client, held, minute_taker, chair, coordinator, agency_user, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    page = f"/conferences/{held.pk}/"
    minutes_url = f"/reports/conferences/{held.pk}/minutes/"
    minutes = services.start_minutes(conference=held, by=minute_taker)
    for user in (minute_taker, chair, coordinator):
        client.force_login(user)
        assert minutes_url in client.get(page).content.decode()
    client.force_login(agency_user)
    assert minutes_url not in client.get(page).content.decode()  # a draft

    complete_minutes(minutes=minutes, by=minute_taker)
    services.submit_minutes_to_chair(minutes=minutes, by=minute_taker)
    services.approve_minutes(minutes=minutes, by=chair)
    services.circulate_minutes(minutes=minutes, by=coordinator)
    assert minutes_url in client.get(page).content.decode()
