from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from forprev.accounts.rules import can_read_audit_log
from forprev.core.audit import audit_entries_visible_to
from forprev.core.forms import AuditFilterForm
from forprev.core.saved_searches import recall_search, remember_search

PAGE_SIZE = 50


SEARCH_SCOPE = "audit"


@require_http_methods(["GET", "POST"])
def audit_log(request):
    """The filter may be a person's name: it is POSTed and kept in the session, the pages are
    ``?recherche=<id>&page=N`` (forprev.core.saved_searches)."""
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = AuditFilterForm(request.POST)
        if form.is_valid():
            search_id = remember_search(
                request, SEARCH_SCOPE, {"objet": form.cleaned_data["objet"]}
            )
            return redirect(f"{reverse('audit:audit_log')}?{urlencode({'recherche': search_id})}")
    else:
        criteria = recall_search(request, SEARCH_SCOPE, request.GET.get("recherche"))
        form = AuditFilterForm(criteria)
    entries = audit_entries_visible_to(request.user)
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
