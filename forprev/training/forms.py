import re

from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm, DsfrModelForm
from forprev.referentials.models import ProgrammeLevel

from .models import TrainingSession


class LevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code} — {obj.label}"


class SessionForm(DsfrModelForm):
    programme_level = LevelChoiceField(
        label=_("Dispositif et niveau"),
        queryset=ProgrammeLevel.objects.filter(delivered_by_inrs=False).select_related("programme"),
    )
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=500)
    trainers = forms.CharField(
        label=_("Formateurs (numéros Forprev)"),
        help_text=_("Un ou plusieurs numéros séparés par des virgules, par exemple JKA37899."),
        max_length=200,
    )

    class Meta:
        model = TrainingSession
        fields = [
            "programme_level",
            "kind",
            "starts_on",
            "ends_on",
            "place_address",
            "place_city",
            "is_inter",
            "is_public",
            "capacity",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def clean_trainers(self):
        logins = [item for item in re.split(r"[,;\s]+", self.cleaned_data["trainers"]) if item]
        if not logins:
            raise forms.ValidationError(_("Nommez au moins un formateur."))
        return logins


class ImportForm(DsfrForm):
    file = forms.FileField(
        label=_("Fichier des stagiaires"),
        help_text=_(
            "CSV (séparateur ; ou ,) ou XLSX, colonnes nom, prénom, date de naissance, e-mail."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}(\.(csv|xlsx|txt))?$", max_length=40)
