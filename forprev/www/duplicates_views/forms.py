from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm


def _clean_text(value: str) -> str:
    if any(ord(c) < 32 and c not in "\r\n\t" for c in value):
        raise forms.ValidationError(_("Caractère non autorisé."))
    return value.strip()


class MergeForm(DsfrForm):
    """Which record is kept, and why (the others are merged into it)."""

    kept = forms.ChoiceField(
        label=_("Individu conservé"),
        widget=forms.RadioSelect,
        help_text=_(
            "Les autres lui sont rattachés : inscriptions, certificats, compte et historique. "
            "Leur numéro Forprev reste valable et mène à lui."
        ),
    )
    reason = forms.CharField(
        label=_("Motif de la fusion"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : même nom, même date de naissance, même adresse électronique."),
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.people = {str(p.public_id): p for p in people}
        self.fields["kept"].choices = [(str(p.public_id), f"{p.forprev_id} — {p}") for p in people]

    def clean_reason(self):
        return _clean_text(self.cleaned_data["reason"])

    @property
    def kept_person(self):
        return self.people[self.cleaned_data["kept"]]

    @property
    def removed_people(self):
        kept = self.cleaned_data["kept"]
        return [p for key, p in self.people.items() if key != kept]


class MergeRequestForm(DsfrForm):
    other_forprev_id = forms.CharField(
        label=_("Numéro Forprev de l'autre compte"),
        max_length=12,
        help_text=_("3 lettres et 5 chiffres, par exemple JKA37899"),
    )
    explanation = forms.CharField(
        label=_("Explication"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Comment avez-vous eu deux comptes ? (ancienne adresse électronique, compte ouvert "
            "par un autre organisme…)"
        ),
    )

    def clean_other_forprev_id(self):
        return _clean_text(self.cleaned_data["other_forprev_id"]).upper()

    def clean_explanation(self):
        return _clean_text(self.cleaned_data["explanation"])


class RejectForm(DsfrForm):
    response = forms.CharField(
        label=_("Réponse au demandeur"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean_response(self):
        return _clean_text(self.cleaned_data["response"])
