from django import forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm
from forprev.referentials.models import Programme, ProgrammeLevel

from .enums import Decision, DocumentKind, Opinion, RequestKind, RequestStatus


class ProgrammeLevelChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.programme.code} — {obj.label}"


class RequestCreateForm(DsfrForm):
    kind = forms.ChoiceField(label=_("Type de demande"), choices=RequestKind.choices)
    programme_levels = ProgrammeLevelChoiceField(
        label=_("Dispositifs demandés"),
        help_text=_("Plusieurs dispositifs peuvent être demandés ensemble (cumul)."),
        queryset=ProgrammeLevel.objects.filter(
            programme__is_active=True, delivered_by_inrs=False
        ).select_related("programme"),
        widget=forms.CheckboxSelectMultiple,
    )


class DocumentForm(DsfrForm):
    prefix = "document"

    kind = forms.ChoiceField(label=_("Type de document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, PNG ou JPEG, 10 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.png,.jpg,.jpeg"}),
    )


class CommentForm(DsfrForm):
    prefix = "comment"

    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class ComplementsForm(DsfrForm):
    prefix = "complements"

    message = forms.CharField(
        label=_("Compléments attendus"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )


class CompleteForm(DsfrForm):
    prefix = "complete"

    message = forms.CharField(
        label=_("Message à la caisse (facultatif)"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OpinionForm(DsfrForm):
    prefix = "opinion"

    opinion = forms.ChoiceField(
        label=_("Avis de la caisse"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Motifs"),
        required=False,
        max_length=5000,
        help_text=_("Obligatoires pour un avis défavorable."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(DsfrForm):
    prefix = "decision"

    decision = forms.ChoiceField(
        label=_("Décision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Motifs"),
        required=False,
        max_length=5000,
        help_text=_("Obligatoires pour un refus."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class QueueFilterForm(DsfrForm):
    ASSIGNEE_CHOICES = [("", _("Toutes")), ("me", _("Les miennes")), ("none", _("Non attribuées"))]

    status = forms.ChoiceField(
        label=_("État"), required=False, choices=[("", _("Tous"))] + RequestStatus.choices
    )
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous"))] + RequestKind.choices
    )
    programme = forms.ModelChoiceField(
        label=_("Dispositif"),
        required=False,
        queryset=Programme.objects.all(),
        empty_label=_("Tous"),
        to_field_name="code",
    )
    assignee = forms.ChoiceField(label=_("Instructeur"), required=False, choices=ASSIGNEE_CHOICES)
    older_than_days = forms.IntegerField(
        label=_("Transmises depuis plus de (jours)"), required=False, min_value=0, max_value=3650
    )


class ProposeTrainerForm(DsfrForm):
    prefix = "trainer"

    login = forms.CharField(
        label=_("Numéro Forprev du formateur"),
        help_text=_("Par exemple JKA37899."),
        max_length=254,
    )
