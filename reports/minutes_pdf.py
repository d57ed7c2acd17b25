"""The minutes as a tagged PDF (core.pdf, like every PDF the service makes): plain English, the
children's names and the date, marked "Family copy" or "Professional copy". A family copy carries
only the sections the family may see."""

from django.conf import settings
from django.template.loader import render_to_string

from conferences.letters import children_names, conference_reference
from core.pdf import render_pdf
from core.templatetags.govuk import govuk_date

FAMILY_COPY = "Family copy"
PROFESSIONAL_COPY = "Professional copy"


def sections_for(sections, *, family: bool) -> list:
    return [section for section in sections if section.family_may_see or not family]


def minutes_html(*, minutes, conference, children, sections, family: bool, amend_by=None) -> str:
    from django.utils import timezone

    return render_to_string(
        "reports/minutes/pdf.html",
        {
            "authority_name": settings.AUTHORITY_NAME,
            "reference": conference_reference(conference),
            "copy_label": FAMILY_COPY if family else PROFESSIONAL_COPY,
            "is_family_copy": family,
            "kind": conference.get_kind_display(),
            "combined_review": conference.combined_review_text,
            "early_review": conference.get_early_review_trigger_display()
            if conference.early_review_trigger
            else "",
            "children_names": children_names(children),
            "date": govuk_date(timezone.localdate(conference.starts_at)),
            "chair_name": conference.chair.full_name if conference.chair_id else "",
            "minute_taker_name": (
                conference.minute_taker.full_name if conference.minute_taker_id else ""
            ),
            "approved_on": govuk_date(timezone.localdate(minutes.approved_at))
            if minutes.approved_at
            else "",
            "amend_by": govuk_date(amend_by) if amend_by else "5 working days after receiving them",
            "sections": sections_for(sections, family=family),
        },
    )


def render_minutes(**kwargs) -> bytes:
    return render_pdf(minutes_html(**kwargs))


def attachment_name(conference, *, family: bool) -> str:
    """No names in file names."""
    kind = "family" if family else "professional"
    return f"minutes-{conference_reference(conference)}-{kind}-copy.pdf"
