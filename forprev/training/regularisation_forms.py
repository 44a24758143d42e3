"""Forms of what happens after closing: support's changes and regularisation requests."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm
from forprev.referentials.models import ProgrammeLevel

from .enums import RegularisationKind
from .forms import LevelChoiceField, split_logins

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class AmendmentForm(DsfrForm):
    programme_level = LevelChoiceField(
        label=_("Dispositif et niveau"),
        queryset=ProgrammeLevel.objects.filter(delivered_by_inrs=False).select_related("programme"),
    )
    starts_on = forms.DateField(label=_("Premier jour"), widget=DATE_WIDGET)
    ends_on = forms.DateField(label=_("Dernier jour"), widget=DATE_WIDGET)
    place_address = forms.CharField(label=_("Adresse du lieu"), max_length=200)
    place_city = forms.CharField(label=_("Commune du lieu"), max_length=120)
    trainers = forms.CharField(
        label=_("Formateurs (numéros Forprev)"),
        help_text=_(
            "Un ou plusieurs numéros séparés par des virgules : les formateurs de la session ou "
            "des membres, actuels ou passés, de l'équipe pédagogique de l'entité."
        ),
        max_length=200,
    )
    reason = forms.CharField(
        label=_("Motif de la modification"),
        help_text=_("Conservé dans l'historique de la session et le journal."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )

    def clean_trainers(self):
        return split_logins(self.cleaned_data["trainers"])

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error(
                "ends_on", _("Le dernier jour doit être postérieur ou égal au premier jour.")
            )
        return data


class RegularisationForm(DsfrForm):
    kind = forms.ChoiceField(label=_("Motif de la demande"), choices=RegularisationKind.choices)
    session = forms.ModelChoiceField(
        label=_("Session concernée"),
        queryset=None,
        required=False,
        empty_label=_("Aucune (session oubliée)"),
        help_text=_("Sauf pour une session oubliée, qui n'est pas encore déclarée."),
    )
    explanation = forms.CharField(
        label=_("Explication"),
        help_text=_("Ce qui s'est passé et ce que vous demandez à la caisse."),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )

    def __init__(self, *args, sessions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].queryset = sessions
        self.fields["session"].to_field_name = "public_id"
        self.fields["session"].label_from_instance = lambda s: (
            f"{s.programme_level.programme.code} n{s.programme_level.level} — "
            f"{s.starts_on:%d/%m/%Y} — {s.place_city} ({s.get_status_display()})"
        )


class DecisionForm(DsfrForm):
    decision = forms.ChoiceField(
        label=_("Décision"),
        choices=[("authorise", _("Autoriser")), ("refuse", _("Refuser"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Motif"),
        help_text=_("Obligatoire en cas de refus ; transmis au demandeur."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=4000,
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "refuse" and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Indiquez le motif du refus."))
        return data
