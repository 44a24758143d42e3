"""Filters of the applications list (« Demandes d'habilitation »): those of the caisse's queue
(state, type, dispositif, instructor, age) and those every staff list has (caisse, département,
transmitted within a period, text: raison sociale, SIRET or NDA of the entity)."""

from datetime import datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.accreditations.forms import QueueFilterForm
from forprev.entities.models import Entity
from forprev.entities.validators import normalise_number
from forprev.www.list_filters import ListFilterForm


def _start_of(day):
    return timezone.make_aware(datetime.combine(day, time.min))


class RequestListFilterForm(ListFilterForm, QueueFilterForm):
    field_order = ["q", "status", "kind", "programme", "caisse", "departement", "du", "au"]

    def __init__(self, data=None, *, drop=(), **kwargs):
        # The queue's own « programme » field is the dispositif.
        super().__init__(data, drop={*drop, "dispositif"}, **kwargs)
        self.fields["q"].help_text = _("Entité : raison sociale, SIRET ou NDA")
        self.fields["du"].label = _("Transmise à partir du")
        self.fields["au"].label = _("Transmise jusqu'au")

    def apply(self, applications):
        """The filters the queue does not know: the entity's caisse, département and names or
        numbers (a subquery on the entities), and the period of transmission."""
        filters = self.filters()
        entities = None
        if code := filters.get("caisse"):
            entities = Entity.objects.filter(caisse__code=code)
        if code := filters.get("departement"):
            entities = (entities if entities is not None else Entity.objects).filter(
                department__code=code
            )
        if text := filters.get("q"):
            condition = Q(name__icontains=text) | Q(trade_name__icontains=text)
            number = normalise_number(text)
            if number.isdigit():
                condition |= Q(siret__startswith=number) | Q(nda__startswith=number)
            entities = (entities if entities is not None else Entity.objects).filter(condition)
        if entities is not None:
            applications = applications.filter(entity__in=entities.values("pk"))
        if first := filters.get("du"):
            applications = applications.filter(transmitted_at__gte=_start_of(first))
        if last := filters.get("au"):
            applications = applications.filter(
                transmitted_at__lt=_start_of(last + timedelta(days=1))
            )
        return applications
