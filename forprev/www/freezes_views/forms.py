from django import forms

from forprev.core.forms import DsfrModelForm
from forprev.freezes.models import FeatureFreeze

DATE_WIDGET = forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d")


class FeatureFreezeForm(DsfrModelForm):
    """A freeze of the schedule; the model's validation (dates, message, overlap) applies."""

    class Meta:
        model = FeatureFreeze
        fields = ("action", "starts_on", "ends_on", "announce_days", "message")
        widgets = {
            "starts_on": DATE_WIDGET,
            "ends_on": DATE_WIDGET,
            "message": forms.Textarea(attrs={"rows": 4}),
        }

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}
