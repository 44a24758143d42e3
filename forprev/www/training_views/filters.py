"""Filters of the sessions list (« Sessions de formation »): state, dispositif, caisse and
département of the entity, first day within a period, and a text search (entity's name, SIRET or
NDA, commune of the place)."""

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forprev.entities.models import Entity
from forprev.entities.validators import normalise_number
from forprev.referentials.models import ProgrammeLevel
from forprev.training.enums import SessionStatus
from forprev.www.list_filters import ListFilterForm


class SessionFilterForm(ListFilterForm):
    etat = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + SessionStatus.choices
    )
    field_order = ["q", "etat", "dispositif", "caisse", "departement", "du", "au"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].help_text = _("Entité (raison sociale, SIRET ou NDA) ou commune du lieu")
        self.fields["du"].label = _("Premier jour à partir du")
        self.fields["au"].label = _("Premier jour jusqu'au")

    def apply(self, sessions):
        """``sessions`` narrowed by the valid filters. Conditions on the entity are a subquery
        on the entities (thousands of rows), never a join of the sessions (hundreds of
        thousands) with them."""
        filters = self.filters()
        if status := filters.get("etat"):
            sessions = sessions.filter(status=status)
        if code := filters.get("dispositif"):
            sessions = sessions.filter(
                programme_level__in=ProgrammeLevel.objects.filter(programme__code=code).values("pk")
            )
        if first := filters.get("du"):
            sessions = sessions.filter(starts_on__gte=first)
        if last := filters.get("au"):
            sessions = sessions.filter(starts_on__lte=last)
        entities = None
        if code := filters.get("caisse"):
            entities = Entity.objects.filter(caisse__code=code)
        if code := filters.get("departement"):
            entities = (entities or Entity.objects).filter(department__code=code)
        if entities is not None:
            sessions = sessions.filter(entity__in=entities.values("pk"))
        if text := filters.get("q"):
            condition = Q(name__icontains=text) | Q(trade_name__icontains=text)
            number = normalise_number(text)
            if number.isdigit():
                condition |= Q(siret__startswith=number) | Q(nda__startswith=number)
            sessions = sessions.filter(
                Q(entity__in=Entity.objects.filter(condition).values("pk"))
                | Q(place_city__icontains=text)
            )
        return sessions
