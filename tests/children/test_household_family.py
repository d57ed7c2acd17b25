"""Issue 18 item 6: adding a brother or sister offers to link the family members already recorded
for the household, each with their own relationship to the new child."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from accounts.models import RoleCode
from children.household import FamilyLinkChoice, add_sibling_with_family, household_members
from children.models import Child, FamilyLink, Relationship, Sex
from children.services import ChildRecordError
from tests.auth import login
from tests.children.test_child_record import post_data
from tests.factories.children import ChildFactory, FamilyLinkFactory, PersonFactory

pytestmark = pytest.mark.django_db

WEDNESDAY = datetime.datetime(2026, 11, 4, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def _wednesday():
    with time_machine.travel(WEDNESDAY, tick=False):
        yield


@pytest.fixture
def family():
    """Amelia, her mother Sarah and her father Mark; and Leo (another household) with his own
    mother."""
    amelia = ChildFactory(legal_forename="Amelia", legal_surname="Jones")
    sarah = PersonFactory(forename="Sarah", surname="Jones")
    mark = PersonFactory(forename="Mark", surname="Jones")
    FamilyLinkFactory(child=amelia, person=sarah, relationship=Relationship.MOTHER)
    FamilyLinkFactory(child=amelia, person=mark, relationship=Relationship.FATHER)
    leo = ChildFactory(legal_forename="Leo", legal_surname="Other")
    stranger = PersonFactory(forename="Olive", surname="Other")
    FamilyLinkFactory(child=leo, person=stranger, relationship=Relationship.MOTHER)
    return {"amelia": amelia, "sarah": sarah, "mark": mark, "stranger": stranger}


def _details(**overrides):
    data = {
        "legal_forename": "Noah",
        "legal_surname": "Jones",
        "date_of_birth": datetime.date(2023, 5, 1),
        "sex": Sex.MALE,
    }
    data.update(overrides)
    return data


def test_household_members_are_the_people_linked_to_its_children(family):
    members = household_members(family["amelia"])
    assert [member.person for member in members] == [family["mark"], family["sarah"]]
    assert members[1].summary == "Mother of Amelia Jones"


def test_the_new_child_is_linked_with_each_chosen_relationship(family, social_worker):
    noah = add_sibling_with_family(
        by=social_worker,
        sibling=family["amelia"],
        family=[
            FamilyLinkChoice(
                person=family["sarah"],
                relationship=Relationship.MOTHER,
                has_parental_responsibility=True,
            ),
            FamilyLinkChoice(person=family["mark"], relationship=Relationship.STEP_PARENT),
        ],
        **_details(),
    )
    assert noah.household_id == family["amelia"].household_id
    links = {link.person_id: link for link in FamilyLink.objects.filter(child=noah)}
    assert links[family["sarah"].pk].relationship == Relationship.MOTHER
    assert links[family["sarah"].pk].has_parental_responsibility
    assert links[family["mark"].pk].relationship == Relationship.STEP_PARENT
    assert not links[family["mark"].pk].has_parental_responsibility


def test_someone_outside_the_household_cannot_be_linked_this_way(family, social_worker):
    with pytest.raises(ChildRecordError) as refused:
        add_sibling_with_family(
            by=social_worker,
            sibling=family["amelia"],
            family=[FamilyLinkChoice(person=family["stranger"], relationship=Relationship.MOTHER)],
            **_details(),
        )
    assert "not recorded as family of this household" in refused.value.message
    assert refused.value.field == f"relationship_{family['stranger'].pk}"
    # Nothing saved: neither the child nor a link.
    assert not Child.objects.filter(legal_forename="Noah").exists()


def test_the_page_offers_the_household_and_links_the_chosen_people(client, family, social_worker):
    url = f"/children/{family['amelia'].pk}/add-brother-or-sister/"
    login(client, social_worker)
    page = client.get(url).content.decode()
    assert "Family members already recorded for the household" in page
    assert "Sarah Jones&#x27;s relationship to the new child" in page
    assert "Mother of Amelia Jones" in page
    assert "Olive Other" not in page
    sarah, mark = family["sarah"].pk, family["mark"].pk
    # Parental responsibility without a relationship: shown next to the field, nothing saved.
    response = client.post(
        url,
        post_data(
            legal_forename="Noah",
            **{f"relationship_{sarah}": "", f"parental_responsibility_{sarah}": "on"},
        ),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "govuk-error-summary" in body and f'id="id_relationship_{sarah}-error"' in body
    assert not Child.objects.filter(legal_forename="Noah").exists()

    response = client.post(
        url,
        post_data(
            legal_forename="Noah",
            **{
                f"relationship_{sarah}": Relationship.MOTHER,
                f"parental_responsibility_{sarah}": "on",
                f"relationship_{mark}": "",
            },
        ),
    )
    assert response.status_code == 302
    noah = Child.objects.get(legal_forename="Noah")
    assert list(FamilyLink.objects.filter(child=noah).values_list("person_id", flat=True)) == [
        sarah
    ]


def test_only_those_who_may_change_the_child_see_the_page(client, family, make_user):
    login(client, make_user(RoleCode.CHAIR))
    url = f"/children/{family['amelia'].pk}/add-brother-or-sister/"
    assert client.get(url).status_code in (403, 404)
