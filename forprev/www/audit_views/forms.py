"""The journal's filters: dates, author, action, kind of object and the object's name."""

from auditlog.models import LogEntry
from auditlog.registry import auditlog
from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")
ACTIONS = [
    ("", _("Toutes")),
    (str(LogEntry.Action.CREATE), _("Création")),
    (str(LogEntry.Action.UPDATE), _("Modification")),
    (str(LogEntry.Action.DELETE), _("Suppression")),
]
# The criteria as kept in the session (text values, as typed).
FIELDS = ("du", "au", "auteur", "action", "type", "objet")


def _no_control_characters(value: str) -> str:
    if any(ord(c) < 32 for c in value):
        raise forms.ValidationError(_("Caractère non autorisé."))
    return value.strip()


def object_kinds() -> list[tuple[str, str]]:
    """The audited models, as « app_label.model » → their French name, sorted by name."""
    types = ContentType.objects.get_for_models(*auditlog.get_models())
    kinds = [
        (f"{ct.app_label}.{ct.model}", str(model._meta.verbose_name).capitalize())
        for model, ct in types.items()
    ]
    return sorted(kinds, key=lambda kind: kind[1])


class AuditFilterForm(DsfrForm):
    du = forms.DateField(label=_("Du"), required=False, widget=DATE_WIDGET)
    au = forms.DateField(label=_("Au (inclus)"), required=False, widget=DATE_WIDGET)
    auteur = forms.CharField(
        label=_("Auteur"),
        help_text=_("Nom, numéro Forprev ou adresse électronique"),
        required=False,
        max_length=100,
    )
    action = forms.ChoiceField(label=_("Action"), choices=ACTIONS, required=False)
    type = forms.ChoiceField(label=_("Type d'objet"), required=False)
    objet = forms.CharField(
        label=_("Objet modifié"),
        help_text=_("Par exemple une raison sociale ou un nom"),
        required=False,
        max_length=100,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Tous")), *object_kinds()]

    def clean_auteur(self):
        return _no_control_characters(self.cleaned_data["auteur"])

    def clean_objet(self):
        return _no_control_characters(self.cleaned_data["objet"])

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end and start > end:
            self.add_error("au", _("La date de fin précède la date de début."))
        return data

    def criteria(self) -> dict[str, str]:
        """The valid criteria as text, to keep in the session."""
        return {
            name: value.isoformat() if hasattr(value, "isoformat") else str(value or "")
            for name, value in self.cleaned_data.items()
        }
