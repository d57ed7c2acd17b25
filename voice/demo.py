"""The child's voice in the demo (issue 21): core.demo_stages calls these through the services
as it holds each demo conference, so every born child is seen before an initial conference and
heard before a decision; siblings say different things, and a child of 10 or over has an
advocate."""

from django.utils import timezone

from . import services
from .checks import born_children_of
from .models import AdvocacyAnswer, AdvocatePart, ChildVoice, ConsultationMethod

WORDS = (
    "I like it when Nan picks me up from school. I don't like it when mum and dad shout; "
    "I go to my room and put my headphones on.",
    "I want to stay at home with my brother. I would like someone to check we have had tea.",
    "Sometimes I am scared at night. I feel safe at school and at Nan's house.",
)


def _worker(conference, child):
    worker = child.lead_social_worker
    if worker and worker.has_perm(
        "voice.record_child_voice", ChildVoice(conference=conference, child=child)
    ):
        return worker
    return None


def see_children(conference) -> None:
    """Each born child seen by their social worker (alone when 5 or over) and consulted."""
    seen = set(
        ChildVoice.objects.filter(conference=conference, seen_on__isnull=False).values_list(
            "child_id", flat=True
        )
    )
    for child in born_children_of(conference):
        if child.pk in seen:
            continue
        worker = _worker(conference, child)
        if worker is None:
            services.record_not_seen_reason(
                conference=conference,
                child=child,
                by=conference.chair,
                reason="The social worker's visit is booked for the day after the conference.",
            )
            continue
        age = child.age_in_years() or 0
        services.record_seen(
            conference=conference,
            child=child,
            by=worker,
            seen_on=timezone.localdate(),
            seen_alone=age >= 5,
            seen_by=worker,
        )
        methods = [ConsultationMethod.MET_SOCIAL_WORKER]
        if age >= 5:
            methods.append(ConsultationMethod.WORDS_AND_PICTURES)
        services.record_consultation(conference=conference, child=child, by=worker, methods=methods)
        if age >= 10:
            services.record_advocacy(
                conference=conference,
                child=child,
                by=worker,
                advocacy=AdvocacyAnswer.ACCEPTED,
                advocate_name="Jordan Ellis",
                advocate_organisation="Demo Children's Advocacy Service",
                advocate_part=AdvocatePart.SENT_VIEWS,
            )


def hear_children(conference) -> None:
    """Each born child's views (different for each sibling), or why they were not sought."""
    heard = {
        voice.child_id
        for voice in ChildVoice.objects.filter(conference=conference)
        if voice.has_views
    }
    for number, child in enumerate(born_children_of(conference)):
        if child.pk in heard:
            continue
        worker = _worker(conference, child)
        if worker is not None and (child.age_in_years() or 0) >= 3:
            services.record_views(
                conference=conference, child=child, by=worker, views=WORDS[number % len(WORDS)]
            )
        else:
            services.record_views(
                conference=conference,
                child=child,
                by=worker or conference.chair,
                not_sought_reason="The child is too young to give their views; the social "
                "worker observed them at home with their mother.",
            )
