"""DSFR rendering for every form of the application (labels, hints, error groups)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from dsfr.forms import DsfrBoundField
from dsfr.utils import dsfr_input_class_attr


class DsfrFormMixin:
    template_name = "dsfr/form_snippet.html"
    bound_field_class = DsfrBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for visible in self.visible_fields():
            dsfr_input_class_attr(visible)
        # The classes live on the widgets; drop the bound fields built above so that changes a
        # subclass makes to its fields after this (help texts, disabled) show when rendered.
        self._bound_fields_cache.clear()


class DsfrForm(DsfrFormMixin, forms.Form):
    pass


class DsfrModelForm(DsfrFormMixin, forms.ModelForm):
    pass


class AuditFilterForm(DsfrForm):
    objet = forms.CharField(
        label=_("Objet modifié"),
        help_text=_("Par exemple une raison sociale ou un nom"),
        required=False,
        max_length=100,
    )
