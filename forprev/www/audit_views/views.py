from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forprev.accounts.rules import can_read_audit_log
from forprev.core.audit import audit_entries_visible_to
from forprev.core.forms import AuditFilterForm

PAGE_SIZE = 50


@require_safe
def audit_log(request):
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    entries = audit_entries_visible_to(request.user)
    form = AuditFilterForm(request.GET or None)
    if form.is_valid() and (objet := form.cleaned_data["objet"].strip()):
        entries = entries.filter(object_repr__icontains=objet)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [
        {
            "entry": entry,
            "changes": [
                {"field": field, "before": values[0], "after": values[1]}
                for field, values in (entry.changes_display_dict or {}).items()
            ],
        }
        for entry in page
    ]
    return render(request, "audit/audit_log.html", {"page": page, "rows": rows, "form": form})
