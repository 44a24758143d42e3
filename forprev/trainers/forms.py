from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm
from forprev.referentials.models import ProgrammeLevel


class TeamInviteForm(DsfrForm):
    """What the inviting side types: an identifier only (no name: the trainer gives their own)."""

    identifier = forms.CharField(
        label=_("Numéro Forprev ou adresse électronique du formateur"),
        help_text=_(
            "Le formateur reçoit une invitation par courriel et la retrouve dans son espace ; "
            "il rejoint l'équipe quand il l'accepte."
        ),
        max_length=254,
    )


class TrainerLevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code} — {obj.label}"


class CertificateRecordForm(DsfrForm):
    holder = forms.CharField(label=_("Numéro Forprev du titulaire"), max_length=8)
    programme_level = TrainerLevelChoiceField(
        label=_("Dispositif et niveau"),
        queryset=ProgrammeLevel.objects.filter(level__gte=2).select_related("programme"),
    )
    issued_on = forms.DateField(
        label=_("Délivré le"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
