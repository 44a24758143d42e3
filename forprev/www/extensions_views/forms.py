from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forprev.accreditations.services.extensions import (
    MAX_MONTHS,
    ExtensionRule,
    extension_candidates,
)
from forprev.core.exceptions import DomainError
from forprev.core.forms import DsfrForm

DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ExtensionRuleForm(DsfrForm):
    """The rule: habilitations expiring from … to … (inclusive) are prolonged by N months."""

    expiring_from = forms.DateField(
        label=_("Échéance à partir du"), input_formats=DATE_INPUT_FORMATS, widget=DayInput
    )
    expiring_to = forms.DateField(
        label=_("Échéance jusqu'au"),
        help_text=_("Inclus."),
        input_formats=DATE_INPUT_FORMATS,
        widget=DayInput,
    )
    months = forms.IntegerField(
        label=_("Prolongation (en mois)"),
        help_text=format_lazy(_("De 1 à {max} mois."), max=MAX_MONTHS),
        min_value=1,
        max_value=MAX_MONTHS,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.rule: ExtensionRule | None = None

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            self.rule = ExtensionRule(
                expiring_from=cleaned["expiring_from"],
                expiring_to=cleaned["expiring_to"],
                months=cleaned["months"],
            )
        except DomainError as error:
            self.add_error(error.field, error.message)
        return cleaned


class ExtensionApplyForm(ExtensionRuleForm):
    """The same rule, confirmed with the count the preview showed."""

    expected_count = forms.IntegerField(
        required=False, min_value=0, max_value=10_000_000, widget=forms.HiddenInput
    )

    def clean(self):
        if self._errors.pop("expected_count", None):
            # A hidden field: its error goes with the form's own errors, where it is shown.
            self.add_error(
                None, _("Le nombre confirmé est illisible : affichez l'aperçu à nouveau.")
            )
        cleaned = super().clean()
        if (
            self.rule is not None
            and not self.errors
            and not extension_candidates(self.rule).exists()
        ):
            raise forms.ValidationError(
                _(
                    "Aucune habilitation à prolonger : aucune habilitation active n'arrive à "
                    "échéance dans cette période, ou cette règle a déjà été appliquée."
                ),
                code="empty",
            )
        return cleaned
