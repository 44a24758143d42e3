"""``{% freeze_notices %}``: the banner of announced freezes in the header of the people they
concern. At most one query per page (the selectors' cached list)."""

from django import template

from forprev.freezes.rules import sees_freeze_notices
from forprev.freezes.selectors import announced_freezes

register = template.Library()


@register.inclusion_tag("freezes/includes/notices.html", takes_context=True)
def freeze_notices(context):
    request = context.get("request")
    role = getattr(request, "role", None)
    if request is None or role is None or not sees_freeze_notices(request.user, role):
        return {"freezes": []}
    return {"freezes": announced_freezes()}
