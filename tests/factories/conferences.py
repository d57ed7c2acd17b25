"""Conference requests, made through conferences.services so deadlines and QANs are real."""

from children.models import FamilyLink, ProfessionalInvolvement
from conferences import services
from conferences.models import ChildAttendance

from .children import enquiries_needing_conference


def send_request(*, by, enquiries, **needs):
    """Send a request inviting everyone linked to the enquiries' children."""
    children = [enquiry.child for enquiry in enquiries]
    people = {
        link.person
        for link in FamilyLink.objects.filter(
            child__in=children, ended_at__isnull=True
        ).select_related("person")
    }
    professionals = list(ProfessionalInvolvement.objects.filter(child__in=children))
    needs.setdefault("child_attending", ChildAttendance.NOT_DECIDED)
    return services.send_conference_request(
        by=by,
        enquiries=enquiries,
        family_members=sorted(people, key=lambda person: person.pk),
        professionals=professionals,
        **needs,
    )


def conference_request_for(*, by, children, when=None, **needs):
    """Strategy discussion, S47 outcome 'conference needed' and a sent request, for children
    that already have at least one family member or professional linked."""
    enquiries = enquiries_needing_conference(by=by, children=children, when=when)
    return send_request(by=by, enquiries=enquiries, **needs)
