from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forprev.accounts.models import User
from forprev.core.forms import DsfrForm, DsfrModelForm

from .enums import DelegateRight
from .models import Entity
from .rules import LOCKED_FIELDS, MANAGER_EDITABLE_FIELDS
from .validators import nda_warnings, normalise_number


class EntityProfileForm(DsfrModelForm):
    """The tronc commun. Fields the user may not change are shown disabled (greyed); the
    service refuses them too, so a forged POST changes nothing."""

    # Wider than the stored 14/11 digits: people type spaces and dots, removed before validation.
    siret = forms.CharField(label=_("SIRET"), max_length=25)
    nda = forms.CharField(
        label=_("numéro de déclaration d'activité (NDA)"), max_length=25, required=False
    )

    class Meta:
        model = Entity
        fields = LOCKED_FIELDS + MANAGER_EDITABLE_FIELDS

    def __init__(self, *args, editable: tuple[str, ...], **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        for name, field in self.fields.items():
            if name not in editable:
                field.disabled = True
                field.help_text = _("Modifiable uniquement par votre caisse.")
        if "siret" in editable:
            self.fields["siret"].help_text = _("14 chiffres, espaces acceptés.")
        if "nda" in editable:
            self.fields["nda"].help_text = _("11 chiffres, pour un organisme de formation.")
        self.fields["siret"].widget.attrs["inputmode"] = "numeric"
        self.fields["nda"].widget.attrs["inputmode"] = "numeric"
        self.fields["postcode"].widget.attrs["autocomplete"] = "postal-code"
        self.fields["contact_email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"

    def clean_siret(self):
        if self.fields["siret"].disabled:
            return self.instance.siret
        value = normalise_number(self.cleaned_data.get("siret", ""))
        return value

    def clean_nda(self):
        if self.fields["nda"].disabled:
            return self.instance.nda
        value = normalise_number(self.cleaned_data.get("nda", ""))
        self.warnings.extend(nda_warnings(value))
        return value

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.changed_data}


class EntityFilterForm(DsfrForm):
    q = forms.CharField(
        label=_("Rechercher"),
        help_text=_("Raison sociale, nom commercial, SIRET ou NDA"),
        required=False,
        max_length=100,
    )


class DelegateRightsForm(DsfrForm):
    rights = forms.MultipleChoiceField(
        label=_("Droits délégués"),
        choices=DelegateRight.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class DelegateInviteForm(DelegateRightsForm):
    """What the manager types: an identifier and rights. No name: the invitee gives their own."""

    identifier = forms.CharField(
        label=_("Numéro Forprev ou adresse électronique"),
        help_text=_(
            "La personne reçoit une invitation par courriel et la retrouve dans son espace ; "
            "elle devient délégué(e) quand elle l'accepte."
        ),
        max_length=254,
    )

    field_order = ["identifier", "rights"]


class InvitationAccountForm(DsfrForm):
    """The invitee without an account opens one from the link of the e-mail."""

    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        elif first:
            candidate = User(
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned
