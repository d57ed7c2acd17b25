"""Reads for enquiries: matching the child asked about (through the child search's token table,
ADR 20), the plans an answer needs, and the enquiries and notices a user may see.

Matching is deliberately stricter than the staff search box: every word of the name must be a
whole name of the child or sound like one (no prefixes), and the date of birth or the address
must match too, so a caller is never told about the wrong child.
"""

from functools import reduce
from operator import or_

from django.db.models import Count, Prefetch, Q
from django.http import Http404

from children.models import Child, ChildSearchToken, SearchTokenKind
from children.search import MAX_NAME_TERMS, normalise_name, phonetic_key
from plans.models import ChildProtectionPlan

from .models import CallBack, EnquiryMatch, EnquiryNotice, PlanEnquiry
from .normalisers import postcode_variants

MATCH_LIMIT = 10


def match_children(
    *, forename: str, surname: str, date_of_birth=None, address_line_1: str = "", postcode: str = ""
) -> list[Child]:
    """Children whose every name word matches (exactly or by sound) and whose date of birth (or
    expected date of delivery) or address matches. Two queries, whatever the authority's size."""
    terms = normalise_name(f"{forename} {surname}").split()[:MAX_NAME_TERMS]
    if not terms:
        return []
    identity = Q()
    if date_of_birth is not None:
        identity |= Q(date_of_birth=date_of_birth) | Q(expected_date_of_delivery=date_of_birth)
    if address_line_1.strip() and postcode.strip():
        identity |= Q(
            address_line_1__iexact=" ".join(address_line_1.split()),
            postcode__in=postcode_variants(postcode),
        )
    if not identity:
        return []
    candidates = Child.objects.filter(identity)
    per_term = {}
    for index, term in enumerate(terms):
        per_term[f"term_{index}"] = Count(
            "pk",
            filter=Q(kind=SearchTokenKind.NAME, token=term)
            | Q(kind=SearchTokenKind.SOUND, token=phonetic_key(term)),
        )
    any_term = reduce(
        or_,
        (
            Q(kind=SearchTokenKind.NAME, token=term)
            | Q(kind=SearchTokenKind.SOUND, token=phonetic_key(term))
            for term in terms
        ),
    )
    ids = list(
        ChildSearchToken.objects.filter(any_term, child__in=candidates)
        .values("child_id")
        .annotate(**per_term)
        .filter(**{f"{name}__gt": 0 for name in per_term})
        .order_by("child_id")
        .values_list("child_id", flat=True)[:MATCH_LIMIT]
    )
    return list(
        Child.objects.filter(pk__in=ids)
        .select_related("lead_social_worker", "lead_social_worker__team")
        .order_by("legal_surname", "legal_forename", "pk")
    )


def active_plans_for(child_ids) -> dict[int, ChildProtectionPlan]:
    """Each child's active or interim plan (issue 17: a child on an interim plan is subject to
    one), with the conference an interim plan waits for."""
    return {
        plan.child_id: plan
        for plan in ChildProtectionPlan.objects.current()
        .filter(child_id__in=child_ids)
        .select_related("started_by_conference")
    }


def plans_at_addresses(addresses) -> list[ChildProtectionPlan]:
    """Active plans of children living at any of these (first line, postcode) addresses."""
    condition = reduce(
        or_,
        (
            Q(
                child__address_line_1__iexact=" ".join(line.split()),
                child__postcode__in=postcode_variants(postcode),
            )
            for line, postcode in addresses
        ),
    )
    return list(
        ChildProtectionPlan.objects.current()
        .filter(condition)
        .select_related("child", "child__lead_social_worker")
    )


def earlier_unknown_enquiries(enquiry: PlanEnquiry):
    """Earlier answered enquiries about the same child, unknown to the authority then: the same
    name and the same date of birth or address."""
    same_child = Q(pk__in=[])
    if enquiry.date_of_birth:
        same_child |= Q(date_of_birth=enquiry.date_of_birth)
    if enquiry.address_key:
        same_child |= Q(address_key=enquiry.address_key)
    return PlanEnquiry.objects.filter(
        same_child,
        name_key=enquiry.name_key,
        child_known=False,
        answered_at__isnull=False,
    ).exclude(pk=enquiry.pk)


# --- What pages show ---------------------------------------------------------------------------------


def enquiry_for(user, pk) -> PlanEnquiry:
    """An enquiry the user recorded, with its call-backs and matches; anyone else: not found."""
    enquiry = (
        PlanEnquiry.objects.filter(pk=pk, recorded_by=user)
        .select_related("agency", "recorded_by")
        .prefetch_related(
            Prefetch("call_backs", queryset=CallBack.objects.order_by("recorded_at", "pk")),
            Prefetch(
                "matches",
                queryset=EnquiryMatch.objects.select_related("child").order_by("pk"),
            ),
        )
        .first()
    )
    if enquiry is None:
        raise Http404("No enquiry found")
    return enquiry


def enquiries_recorded_by(user):
    return (
        PlanEnquiry.objects.filter(recorded_by=user)
        .select_related("agency")
        .order_by("-received_at", "-pk")
    )


def notices_for(user):
    """Notices addressed to the user, newest first, with what they need to show."""
    return (
        EnquiryNotice.objects.filter(recipient=user)
        .select_related("enquiry", "enquiry__agency", "enquiry__recorded_by", "child")
        .order_by("-sent_at", "-pk")
    )
