from django import template
from django.utils.html import format_html

from forprev.core.badges import level_for

register = template.Library()


@register.simple_tag
def status_badge(obj, field="status", size=""):
    """``{% status_badge session %}``: the state's label in the badge of its level."""
    level = level_for(obj, field)
    classes = (
        "fr-badge"
        + (f" fr-badge--{level}" if level else "")
        + (" fr-badge--sm" if size == "sm" else "")
    )
    label = getattr(obj, f"get_{field}_display")()
    return format_html('<span class="{}">{}</span>', classes, label)
