"""`{% fragment "name.jinja" key=value ... %}`: a Jinja2 fragment inside a Django template
(core.fragments, ADR 77). A builtin, like the GOV.UK tags."""

from django import template

from core.fragments import render_fragment

register = template.Library()


@register.simple_tag
def fragment(name: str, **context):
    return render_fragment(name, context)
