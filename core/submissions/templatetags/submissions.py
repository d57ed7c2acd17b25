"""{% submission_token %}: the hidden one-time token every POST form carries, next to
{% csrf_token %} (ADR 49)."""

from django import template
from django.utils.html import format_html

from core.submissions.services import FIELD_NAME, new_token

register = template.Library()


@register.simple_tag
def submission_token() -> str:
    return format_html('<input type="hidden" name="{}" value="{}">', FIELD_NAME, new_token())
