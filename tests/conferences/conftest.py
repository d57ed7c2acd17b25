"""A household on the road to conference: a social worker with a line manager, two children, a
mother (with parental responsibility), a father whose address is withheld from the family, and a
health visitor. Synthetic data only."""

from django.utils import timezone

from accounts.models import RoleCode
from children.models import Relationship
from tests.factories.accounts import UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
    held_working_days_ago,
)
from tests.shared_world import shareable


@shareable
def manager(team):
    return UserFactory(roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency)


@shareable
def worker(team, manager):
    return UserFactory(
        roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency, line_manager=manager
    )


@shareable
def household(worker):
    """Amelia (8) and Noah (3) Jones, their mother Sarah, their father Mark (address withheld
    from the family, no documents) and Amelia's health visitor."""
    today = timezone.localdate()
    amelia = ChildFactory(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=today.replace(year=today.year - 8, day=1),
        lead_social_worker=worker,
    )
    noah = ChildFactory(
        legal_forename="Noah",
        legal_surname="Jones",
        household=amelia.household,
        date_of_birth=today.replace(year=today.year - 3, day=1),
        lead_social_worker=worker,
    )
    mother = PersonFactory(
        forename="Sarah", surname="Jones", phone="01632 960123", address_line_1="1 High Street"
    )
    father = PersonFactory(
        forename="Mark",
        surname="Jones",
        phone="01632 960456",
        address_line_1="9 Low Road",
        address_withheld_from_family=True,
        may_receive_documents=False,
    )
    for child in (amelia, noah):
        FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
        FamilyLinkFactory(child=child, person=father, relationship=Relationship.FATHER)
    health_visitor = ProfessionalInvolvementFactory(
        child=amelia, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    return {
        "amelia": amelia,
        "noah": noah,
        "mother": mother,
        "father": father,
        "health_visitor": health_visitor,
    }


@shareable
def enquiries(worker, household):
    """A strategy discussion yesterday decided S47 for both children; both enquiries found a
    conference is needed. The request is not sent yet."""
    return enquiries_needing_conference(
        by=worker, children=[household["amelia"], household["noah"]]
    )


@shareable
def late_enquiries(worker, household):
    """As `enquiries`, but the strategy discussion was 7 working days ago: day 5 has passed."""
    return enquiries_needing_conference(
        by=worker, children=[household["amelia"], household["noah"]], when=held_working_days_ago(7)
    )


@shareable
def conference_request(worker, enquiries):
    from tests.factories.conferences import send_request

    return send_request(by=worker, enquiries=enquiries)
