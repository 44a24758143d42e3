"""Filters of the entities list (« Entités »): type, state (recognised or provisional), caisse,
département, dispositif (an active habilitation today), habilitations reaching their échéance
within a period, and a text search (raison sociale, nom commercial, SIRET, NDA)."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.accreditations.enums import AccreditationStatus
from forprev.accreditations.models import Accreditation
from forprev.entities.enums import EntityKind, EntityStatus
from forprev.entities.validators import normalise_number
from forprev.www.list_filters import ListFilterForm


class EntityListFilterForm(ListFilterForm):
    type = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous"))] + EntityKind.choices
    )
    etat = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + EntityStatus.choices
    )
    field_order = ["q", "type", "etat", "dispositif", "caisse", "departement", "du", "au"]

    def __init__(self, data=None, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["q"].help_text = _("Raison sociale, nom commercial, SIRET ou NDA")
        self.fields["dispositif"].label = _("Habilitée pour le dispositif")
        self.fields["du"].label = _("Échéance d'une habilitation à partir du")
        self.fields["au"].label = _("Échéance d'une habilitation jusqu'au")

    def apply(self, entities):
        filters = self.filters()
        if kind := filters.get("type"):
            entities = entities.filter(kind=kind)
        if status := filters.get("etat"):
            entities = entities.filter(status=status)
        if code := filters.get("caisse"):
            entities = entities.filter(caisse__code=code)
        if code := filters.get("departement"):
            entities = entities.filter(department__code=code)
        code, first, last = filters.get("dispositif"), filters.get("du"), filters.get("au")
        if code or first or last:
            # Through the habilitations (thousands of rows, indexed by state and échéance):
            # active today for the dispositif, and/or reaching their échéance in the period.
            accreditations = Accreditation.objects.filter(status=AccreditationStatus.ACTIVE)
            if code:
                today = timezone.localdate()
                accreditations = accreditations.filter(
                    programme_level__programme__code=code,
                    starts_on__lte=today,
                    expires_on__gte=today,
                )
            if first:
                accreditations = accreditations.filter(expires_on__gte=first)
            if last:
                accreditations = accreditations.filter(expires_on__lte=last)
            entities = entities.filter(pk__in=accreditations.values("entity_id"))
        if text := filters.get("q"):
            condition = Q(name__icontains=text) | Q(trade_name__icontains=text)
            number = normalise_number(text)
            if number.isdigit():
                condition |= Q(siret__startswith=number) | Q(nda__startswith=number)
            entities = entities.filter(condition)
        return entities
