"""``{% load audit_sentences %}`` — ``{{ entry|audit_sentences }}``: one audit entry told in
French (``core.audit``). For a list of entries prefer ``describe_entries`` in the view and
``audit/includes/history.html``: it names the foreign keys of a whole page in one query per
model, this filter in one per entry."""

from django import template

from forprev.core.audit import describe_entries

register = template.Library()


@register.filter
def audit_sentences(entry) -> list[str]:
    if entry is None:
        return []
    return describe_entries([entry])[0].sentences
