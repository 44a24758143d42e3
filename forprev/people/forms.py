from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm

from .requests import PersonRequestKind

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")


def _clean_text(value: str) -> str:
    if any(ord(c) < 32 for c in value):
        raise forms.ValidationError(_("Caractère non autorisé."))
    return value.strip()


class PersonSearchForm(DsfrForm):
    nom = forms.CharField(label=_("Nom"), max_length=150, required=False)
    prenom = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    naissance = forms.DateField(
        label=_("Date de naissance"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("Avec la date de naissance, la recherche tolère les fautes de frappe."),
    )
    numero = forms.CharField(
        label=_("Ou numéro Forprev"),
        max_length=8,
        required=False,
        help_text=_("Par exemple JKA37899"),
    )

    def clean_nom(self):
        return _clean_text(self.cleaned_data["nom"])

    def clean_prenom(self):
        return _clean_text(self.cleaned_data["prenom"])

    def clean_numero(self):
        return _clean_text(self.cleaned_data["numero"]).upper()

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("numero") and len(data.get("nom") or "") < 2:
            raise forms.ValidationError(
                _("Saisissez au moins deux lettres du nom, ou un numéro Forprev.")
            )
        return data


class PersonRequestForm(DsfrForm):
    kind = forms.ChoiceField(label=_("Motif"), choices=PersonRequestKind.choices)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    birth_date = forms.DateField(label=_("Date de naissance"), widget=DATE_WIDGET)
    email = forms.EmailField(
        label=_("Adresse électronique"),
        required=False,
        max_length=254,
        error_messages={
            "invalid": _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr.")
        },
        help_text=_("Format attendu : nom@exemple.fr. Laissez vide si vous ne la connaissez pas."),
    )
    explanation = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Pour une erreur de coordonnées, indiquez ci-dessus les nom, prénom, date de naissance et adresse électronique exacts."
        ),
    )

    def clean_last_name(self):
        return _clean_text(self.cleaned_data["last_name"])

    def clean_first_name(self):
        return _clean_text(self.cleaned_data["first_name"])


class PersonRequestAnswerForm(DsfrForm):
    person = forms.CharField(required=False, widget=forms.HiddenInput)
    resolution = forms.CharField(
        label=_("Réponse au demandeur"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
