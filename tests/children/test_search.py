"""Finding a child from one box: by name (any order, sound-alike spellings, the start of a name),
date of birth, NHS number, child ID or UPN, scoped to what the user may see."""

import datetime

import pytest

from accounts.models import RoleCode
from children import services
from children.models import NamedAccess
from children.selectors import SEARCH_LIMIT, search_children
from tests.auth import login
from tests.factories.children import (
    ChildFactory,
    UnbornChildFactory,
    synthetic_nhs_number,
    synthetic_upn,
)

pytestmark = pytest.mark.django_db

BORN = datetime.date(2019, 3, 12)


@pytest.fixture
def catherine():
    return ChildFactory(
        legal_forename="Catherine",
        legal_surname="Smith",
        known_as="Kate",
        date_of_birth=BORN,
        nhs_number=synthetic_nhs_number(100),
        upn=synthetic_upn(100),
        local_child_id="CH-10234",
    )


@pytest.fixture
def others():
    return [
        ChildFactory(legal_forename="Oliver", legal_surname="Smith", date_of_birth=BORN),
        ChildFactory(legal_forename="Catherine", legal_surname="Brown"),
        ChildFactory(legal_forename="Noah", legal_surname="Patel"),
    ]


def found(user, query):
    return [child.legal_name for child in search_children(user=user, query=query).children]


@pytest.mark.parametrize(
    "query",
    [
        "Catherine Smith",
        "smith catherine",  # any order
        "Kathryn Smyth",  # spelt as it sounds
        "Cath Smi",  # the start of each name
        "Kate Smith",  # the name she is known by
        "SMITH, Catherine",
        "Catherine Smith 12/03/2019",
        "12 March 2019 smith",
    ],
)
def test_finds_a_child_by_name_tolerantly(social_worker, catherine, others, query):
    assert found(social_worker, query)[0] == "Catherine Smith"
    assert "Noah Patel" not in found(social_worker, query)


def test_every_word_must_match_something(social_worker, catherine, others):
    assert found(social_worker, "Catherine Patel") == []


def test_exact_names_rank_above_sound_alikes(social_worker, catherine):
    ChildFactory(legal_forename="Kathryn", legal_surname="Smyth")
    assert found(social_worker, "Kathryn Smyth") == ["Kathryn Smyth", "Catherine Smith"]


@pytest.mark.parametrize(
    "query",
    ["12/03/2019", "2019-03-12", "CH-10234", "ch-10234"],
)
def test_finds_by_date_of_birth_or_child_id(social_worker, catherine, others, query):
    names = found(social_worker, query)
    assert "Catherine Smith" in names
    assert "Noah Patel" not in names


def test_finds_by_nhs_number_with_or_without_spaces(social_worker, catherine, others):
    number = catherine.nhs_number
    assert found(social_worker, number) == ["Catherine Smith"]
    assert found(social_worker, f"{number[:3]} {number[3:6]} {number[6:]}") == ["Catherine Smith"]


def test_finds_by_unique_pupil_number(social_worker, catherine):
    assert found(social_worker, catherine.upn) == ["Catherine Smith"]


def test_finds_an_unborn_child_by_surname_and_due_date(social_worker):
    unborn = UnbornChildFactory(legal_surname="Okafor")
    assert found(social_worker, "okafor") == ["Unborn baby Okafor"]
    due = unborn.expected_date_of_delivery
    assert found(social_worker, f"{due.day}/{due.month}/{due.year}") == ["Unborn baby Okafor"]


def test_a_name_change_is_searchable_at_once(social_worker, catherine):
    services.update_child(child=catherine, by=social_worker, legal_surname="Okonkwo")
    assert found(social_worker, "okonkwo") == ["Catherine Okonkwo"]
    assert found(social_worker, "catherine smith") == []


def test_results_are_capped_and_say_there_are_more(social_worker):
    for _ in range(SEARCH_LIMIT + 3):
        ChildFactory(legal_surname="Jones")
    results = search_children(user=social_worker, query="jones")
    assert results.count == SEARCH_LIMIT and results.has_more


def test_restricted_records_are_found_only_by_the_people_named_on_them(make_user, catherine):
    named, other = make_user(RoleCode.SOCIAL_WORKER), make_user(RoleCode.SOCIAL_WORKER)
    catherine.is_restricted = True
    catherine.save()
    NamedAccess.objects.create(child=catherine, user=named, granted_by=named)
    assert found(named, "catherine smith") == ["Catherine Smith"]
    assert found(other, "catherine smith") == []
    assert found(other, catherine.nhs_number) == []


@pytest.mark.parametrize(
    "role",
    [
        RoleCode.SOCIAL_WORKER,
        RoleCode.TEAM_MANAGER,
        RoleCode.SERVICE_MANAGER,
        RoleCode.HEAD_OF_SERVICE,
        RoleCode.CONFERENCE_COORDINATOR,
        RoleCode.QA_MANAGER,
        RoleCode.CHAIR,
        RoleCode.MINUTE_TAKER,
    ],
)
def test_staff_roles_find_the_authoritys_children(make_user, catherine, role):
    assert found(make_user(role), "catherine smith") == ["Catherine Smith"]


def test_agency_professionals_find_nothing_yet(client, make_user, catherine):
    professional = make_user(RoleCode.AGENCY_PROFESSIONAL)
    assert found(professional, "catherine smith") == []
    assert found(professional, catherine.nhs_number) == []
    login(client, professional)
    response = client.get("/children/", {"q": "catherine smith"})
    assert response.status_code == 200
    assert "Catherine" not in response.content.decode()
    assert "No children found" in response.content.decode()


def test_enquirers_and_people_without_a_role_cannot_search(client, make_user, catherine):
    for user in (make_user(RoleCode.ENQUIRER), make_user()):
        login(client, user)
        assert client.get("/children/", {"q": "catherine smith"}).status_code == 403
        assert found(user, "catherine smith") == []


def test_the_search_page_lists_matches_with_links(client, social_worker, catherine, others):
    login(client, social_worker)
    response = client.get("/children/", {"q": "kathryn smyth"})
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="/children/{catherine.pk}/"' in body
    assert "1 child found" in body
    assert "12 March 2019" in body


def test_an_empty_search_shows_only_the_box(client, social_worker):
    login(client, social_worker)
    response = client.get("/children/")
    assert response.status_code == 200
    assert response.context["results"] is None
