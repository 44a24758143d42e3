"""What the staff lists (sessions, entities, applications) share: filters read from the address
(GET, so that a filtered list is a link one can send), checked by a form, and the total count.

The selects are plain choice fields filled from the référentiels and checked in Python, never
model choice fields: a hostile value (a NUL byte, a quote, 5,000 characters) is a French error
message on the form, and never reaches SQL. An invalid field is left out of the filtering and
said so above the list; the valid ones still apply.
"""

from django import forms
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.forms import DsfrForm
from forprev.referentials.models import Caisse, Department, Programme

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ListFilterForm(DsfrForm):
    """Text search, dispositif, caisse, département and a period. Subclasses add their state
    field and drop what their list has no use for (``drop``); ``scope_caisse`` narrows the
    départements to one caisse's and drops the caisse field (an instructor's lists)."""

    q = forms.CharField(label=_("Rechercher"), required=False, max_length=100)
    dispositif = forms.ChoiceField(label=_("Dispositif"), required=False)
    caisse = forms.ChoiceField(label=_("Caisse"), required=False)
    departement = forms.ChoiceField(label=_("Département"), required=False)
    du = forms.DateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    au = forms.DateField(label=_("Au"), required=False, widget=DATE_WIDGET)

    def __init__(self, data=None, *, drop=(), scope_caisse=None, **kwargs):
        super().__init__(data, **kwargs)
        if scope_caisse is not None:
            drop = {*drop, "caisse"}
        for name in drop:
            self.fields.pop(name, None)
        if "dispositif" in self.fields:
            self.fields["dispositif"].choices = [
                ("", _("Tous les dispositifs")),
                *(
                    (code, f"{code} — {name}")
                    for code, name in Programme.objects.order_by(
                        "display_order", "code"
                    ).values_list("code", "name")
                ),
            ]
        if "caisse" in self.fields:
            self.fields["caisse"].choices = [
                ("", _("Toutes les caisses")),
                *Caisse.objects.order_by("name").values_list("code", "name"),
            ]
        if "departement" in self.fields:
            departments = Department.objects.order_by("code")
            if scope_caisse is not None:
                departments = departments.filter(caisse_id=scope_caisse)
            self.fields["departement"].choices = [
                ("", _("Tous les départements")),
                *(
                    (code, f"{code} — {name}")
                    for code, name in departments.values_list("code", "name")
                ),
            ]

    def clean(self):
        data = super().clean()
        first, last = data.get("du"), data.get("au")
        if first and last and first > last:
            self.add_error(
                "au", _("La date de fin doit être postérieure ou égale à la date de début.")
            )
        if "q" in data:
            data["q"] = " ".join(data["q"].split())
        return data

    def filters(self) -> dict:
        """The valid filters, empty values left out (after ``is_valid()``)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in ("", None)}

    @property
    def is_filtering(self) -> bool:
        return bool(self.filters())


def grouped(count: int) -> str:
    """A count with French digit grouping (« 1 234 »), for ``ngettext(…) % {"count": …}``."""
    return number_format(count, force_grouping=True)


def filter_scope(request) -> dict:
    """What a list's filters offer the viewer: an entity's own list has no caisse nor
    département to choose; an instructor chooses among their caisse's départements; a trainer
    (sessions of several entities) has no caisse to choose."""
    if request.role.entity is not None:
        return {"drop": ("caisse", "departement")}
    if request.user.staff_role == StaffRole.INSTRUCTOR:
        return {"scope_caisse": request.user.caisse_id}
    if not request.role.is_staff:
        return {"drop": ("caisse",)}
    return {}
