"""Demo census details for `seed_demo`: what the Children in Need census needs that the demo
families do not record (the referral, who made it, the primary need, why there is no UPN, a
disability code), written through children.services so history keeps it. Safe to run
repeatedly."""

import datetime

from django.utils import timezone

from accounts.models import User
from children import services
from children.demo import DEMO_ID_PREFIX
from children.models import Child, Disability, PrimaryNeed, ReferralSource, UpnUnknownReason


def seed(fake) -> dict:
    social_worker = User.objects.filter(email="social.worker@demo.example").first()
    if social_worker is None:
        return {}
    children = (
        Child.objects.filter(
            local_child_id__startswith=DEMO_ID_PREFIX, cin_referral_date__isnull=True
        )
        .prefetch_related("s47_enquiries", "strategy_discussions")
        .order_by("pk")
    )
    sources = [ReferralSource.SCHOOLS, ReferralSource.POLICE, ReferralSource.HEALTH_VISITOR]
    for index, child in enumerate(children):
        known = [enquiry.started_on for enquiry in child.s47_enquiries.all()] + [
            timezone.localdate(discussion.held_at)
            for discussion in child.strategy_discussions.all()
        ]
        first = min(known) if known else timezone.localdate()
        age = child.age_in_years()
        services.update_child(
            child=child,
            by=social_worker,
            allow_likely_duplicate=True,
            cin_referral_date=first - datetime.timedelta(days=2),
            referral_source=sources[index % len(sources)],
            primary_need=PrimaryNeed.N1,
            # The census asks for a disability code for every born child: 'none' if none.
            disabilities=child.disabilities or ([] if child.is_unborn else [Disability.NONE]),
            upn_unknown_reason=(
                ""
                if child.upn
                else UpnUnknownReason.UN1
                if child.is_unborn or (age is not None and age < 6)
                else UpnUnknownReason.UN5
            ),
        )
    return {}
