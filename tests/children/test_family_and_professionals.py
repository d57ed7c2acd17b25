"""Family and network, households and siblings, and the professionals involved."""

import pytest

from accounts.models import AgencyKind, RoleCode
from children import services
from children.models import (
    FamilyLink,
    Person,
    ProfessionalInvolvement,
    ProfessionalRole,
    Relationship,
)
from children.selectors import siblings_of
from tests.auth import login
from tests.factories.accounts import AgencyFactory
from tests.factories.children import (
    ChildFactory,
    HouseholdFactory,
    PersonFactory,
    UnbornChildFactory,
)

pytestmark = pytest.mark.django_db


def family_post(children, **overrides):
    data = {
        "forename": "Sarah",
        "surname": "Jones",
        "relationship": "mother",
        "children": [str(child.pk) for child in children],
        "has_parental_responsibility": "on",
        "lives_with_child": "on",
        "date_of_birth_day": "",
        "date_of_birth_month": "",
        "date_of_birth_year": "",
        "phone": "01632 960123",
        "email": "",
        "address_line_1": "1 High Street",
        "address_line_2": "",
        "town": "Demo Town",
        "postcode": "ab1 2cd",
        "may_receive_documents": "on",
        "first_language": "English",
    }
    data.update(overrides)
    return data


def test_a_parent_is_linked_to_every_child_of_the_household(client, social_worker):
    household = HouseholdFactory()
    elder, younger = ChildFactory(household=household), ChildFactory(household=household)
    unborn = UnbornChildFactory(household=household)
    login(client, social_worker)
    page = client.get(f"/children/{elder.pk}/family/new/")
    assert {c[0] for c in page.context["form"].fields["children"].choices} == {
        str(elder.pk),
        str(younger.pk),
        str(unborn.pk),
    }
    response = client.post(
        f"/children/{elder.pk}/family/new/", family_post([elder, younger, unborn])
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert person.postcode == "AB1 2CD"
    links = FamilyLink.objects.filter(person=person)
    assert {link.child_id for link in links} == {elder.pk, younger.pk, unborn.pk}
    assert all(link.has_parental_responsibility and link.relationship == "mother" for link in links)
    assert person.history.count() == 1


def test_an_address_withheld_from_family_and_no_documents_are_recorded(client, social_worker):
    child = ChildFactory()
    login(client, social_worker)
    client.post(
        f"/children/{child.pk}/family/new/",
        family_post(
            [child],
            forename="Dean",
            relationship="father",
            address_withheld_from_family="on",
            may_receive_documents="",
        ),
    )
    person = Person.objects.get(forename="Dean")
    assert person.address_withheld_from_family and not person.may_receive_documents


def test_a_family_member_needs_a_name_a_relationship_and_a_child(client, social_worker):
    child = ChildFactory()
    login(client, social_worker)
    response = client.post(
        f"/children/{child.pk}/family/new/",
        family_post([], forename="", relationship=""),
    )
    errors = response.context["form"].errors
    assert errors["forename"] == ["Enter their first name"]
    assert errors["relationship"] == ["Choose their relationship to the child"]
    assert errors["children"] == ["Select at least one child"]
    assert Person.objects.count() == 0


def test_ending_a_link_keeps_it_in_history(client, social_worker):
    link = services.add_family_member(
        by=social_worker,
        children=[ChildFactory()],
        relationship=Relationship.FATHER,
        forename="Dean",
        surname="Jones",
    ).links.get()
    login(client, social_worker)
    response = client.post(f"/children/{link.child_id}/family/{link.pk}/end/", {"reason": ""})
    assert response.context["form"].errors["reason"]
    client.post(f"/children/{link.child_id}/family/{link.pk}/end/", {"reason": "Moved abroad"})
    link.refresh_from_db()
    assert link.ended_at is not None and link.end_reason == "Moved abroad"
    assert FamilyLink.objects.filter(pk=link.pk).exists()
    assert link.history.count() == 2


def test_siblings_are_the_household_and_children_sharing_a_parent(social_worker):
    household = HouseholdFactory()
    child = ChildFactory(household=household)
    same_household = ChildFactory(household=household)
    half_brother = ChildFactory()  # lives with his father elsewhere
    stranger = ChildFactory()
    father = PersonFactory()
    for each in (child, half_brother):
        FamilyLink.objects.create(child=each, person=father, relationship=Relationship.FATHER)
    grandmother = PersonFactory()
    for each in (child, stranger):  # a grandparent in common does not make a sibling
        FamilyLink.objects.create(
            child=each, person=grandmother, relationship=Relationship.GRANDPARENT
        )
    siblings = {s.pk: s.same_household for s in siblings_of(social_worker, child)}
    assert siblings == {same_household.pk: 1, half_brother.pk: 0}


def test_restricted_siblings_are_hidden_from_those_not_named(social_worker):
    household = HouseholdFactory()
    child = ChildFactory(household=household)
    ChildFactory(household=household, is_restricted=True)
    assert list(siblings_of(social_worker, child)) == []


def test_a_professional_who_uses_the_service_or_an_external_one(client, social_worker, make_user):
    health = AgencyFactory(kind=AgencyKind.HEALTH)
    visitor = make_user(RoleCode.AGENCY_PROFESSIONAL, agency=health, job_title="Health visitor")
    child = ChildFactory()
    login(client, social_worker)
    page = client.get(f"/children/{child.pk}/professionals/new/")
    assert visitor in page.context["form"].fields["user"].queryset
    response = client.post(
        f"/children/{child.pk}/professionals/new/",
        {
            "role": "health_visitor",
            "user": visitor.pk,
            "name": "",
            "job_title": "",
            "agency": "",
            "organisation": "",
            "email": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    involvement = ProfessionalInvolvement.objects.get(user=visitor)
    assert involvement.agency == health and involvement.contact_email == visitor.email
    response = client.post(
        f"/children/{child.pk}/professionals/new/",
        {
            "role": "gp",
            "user": "",
            "name": "Dr Priya Shah",
            "job_title": "GP",
            "agency": "",
            "organisation": "High Street Surgery",
            "email": "",
            "phone": "01632 960555",
        },
    )
    assert response.status_code == 302
    assert (
        ProfessionalInvolvement.objects.get(name="Dr Priya Shah").organisation_name
        == "High Street Surgery"
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"name": ""}, "name", "Choose a professional from the list or enter their name"),
        ({"email": "", "phone": ""}, "email", "Enter an email address or phone number"),
        ({"organisation": ""}, "organisation", "Choose their agency or enter their organisation"),
    ],
)
def test_an_external_professional_needs_a_name_contact_and_organisation(
    client, social_worker, data, field, message
):
    child = ChildFactory()
    login(client, social_worker)
    post = {
        "role": "police",
        "user": "",
        "name": "DC Amy Ward",
        "job_title": "",
        "agency": "",
        "organisation": "Demo Constabulary",
        "email": "amy.ward@police.example",
        "phone": "",
    }
    post.update(data)
    response = client.post(f"/children/{child.pk}/professionals/new/", post)
    assert response.status_code == 200
    assert response.context["form"].errors[field][0].startswith(message)
    assert ProfessionalInvolvement.objects.count() == 0


def test_ending_an_involvement(social_worker):
    involvement = services.add_professional(
        by=social_worker,
        child=ChildFactory(),
        role=ProfessionalRole.POLICE,
        name="DC Amy Ward",
        organisation="Demo Constabulary",
        phone="01632 960000",
    )
    with pytest.raises(services.ChildRecordError):
        services.end_professional_involvement(involvement=involvement, by=social_worker, reason=" ")
    services.end_professional_involvement(
        involvement=involvement, by=social_worker, reason="Case closed"
    )
    involvement.refresh_from_db()
    assert involvement.ended_on is not None and involvement.history.count() == 2


def test_only_record_keepers_change_the_family(client, make_user):
    child = ChildFactory()
    login(client, make_user(RoleCode.CHAIR))
    assert client.get(f"/children/{child.pk}/family/new/").status_code == 403
    assert client.get(f"/children/{child.pk}/professionals/new/").status_code == 403
