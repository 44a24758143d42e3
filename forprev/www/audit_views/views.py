"""« Journal des modifications »: every change to business data, told in French sentences,
filtered by dates, author, action, kind of object and the object's name, with a total."""

from datetime import datetime, time, timedelta
from urllib.parse import urlencode

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_http_methods

from forprev.accounts.models import User
from forprev.accounts.rules import can_read_audit_log
from forprev.core.audit import audit_entries_visible_to, describe_entries
from forprev.core.saved_searches import recall_search, remember_search

from .forms import AuditFilterForm

PAGE_SIZE = 50
SEARCH_SCOPE = "audit"
# Counting a whole append-only log costs a scan of it: beyond this many matching entries the page
# says « plus de 10 000 » (and pages that far), and the filters narrow it down.
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    @cached_property
    def count(self) -> int:
        return self.object_list.order_by()[: COUNT_CAP + 1].count()

    @property
    def capped(self) -> bool:
        return self.count > COUNT_CAP


def _day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def _authors(text: str):
    """Accounts a typed author names: a numéro Forprev or an e-mail address exactly, or every
    word of a name in the first or last name."""
    words = text.split()
    matches = Q(forprev_id__iexact=text) | Q(email__iexact=text)
    if words:
        by_name = Q()
        for word in words[:5]:
            by_name &= Q(last_name__icontains=word) | Q(first_name__icontains=word)
        matches |= by_name
    return User.objects.filter(matches).values("pk")


def filtered_entries(user, data: dict):
    """The entries ``user`` may read that match the form's cleaned ``data``."""
    entries = audit_entries_visible_to(user)
    if data.get("du"):
        entries = entries.filter(timestamp__gte=_day_start(data["du"]))
    if data.get("au"):
        entries = entries.filter(timestamp__lt=_day_start(data["au"] + timedelta(days=1)))
    if data.get("auteur"):
        entries = entries.filter(actor__in=_authors(data["auteur"]))
    if data.get("action") not in (None, ""):
        entries = entries.filter(action=int(data["action"]))
    if data.get("type"):
        app_label, model = data["type"].split(".", 1)
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        entries = entries.filter(content_type=content_type)
    if data.get("objet"):
        entries = entries.filter(object_repr__icontains=data["objet"])
    return entries


@require_http_methods(["GET", "POST"])
def audit_log(request):
    """The filter may be a person's name: it is POSTed and kept in the session, the pages are
    ``?recherche=<id>&page=N`` (forprev.core.saved_searches)."""
    if not can_read_audit_log(request.user):
        raise PermissionDenied
    if request.method == "POST":
        form = AuditFilterForm(request.POST)
        if form.is_valid():
            search_id = remember_search(request, SEARCH_SCOPE, form.criteria())
            return redirect(f"{reverse('audit:audit_log')}?{urlencode({'recherche': search_id})}")
    else:
        criteria = recall_search(request, SEARCH_SCOPE, request.GET.get("recherche"))
        form = AuditFilterForm(criteria)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    entries = filtered_entries(request.user, data)
    page = CappedPaginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/audit_log.html",
        {
            "page": page,
            "lines": describe_entries(page),
            "form": form,
            "filtered": any(data.values()),
            "count_cap": COUNT_CAP,
        },
    )
