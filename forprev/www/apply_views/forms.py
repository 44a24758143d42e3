"""The public application form: the entity's tronc commun and its manager (CEH) on one page.

It checks only what was typed, never what the database holds: whether the e-mail address or
the SIRET/NDA is already known must not change its answer (no enumeration). Those questions are
settled after the address is confirmed (``forprev.entities.application``)."""

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from forprev.accounts.models import User
from forprev.core.forms import DsfrForm
from forprev.entities.enums import EntityKind
from forprev.entities.models import Entity
from forprev.entities.validators import nda_warnings, normalise_number, validate_nda, validate_siret
from forprev.referentials.models import Department

ENTITY_FIELDS = (
    "kind",
    "name",
    "trade_name",
    "siret",
    "nda",
    "address_line",
    "address_complement",
    "postcode",
    "city",
    "department",
    "head_name",
    "phone",
    "contact_email",
)
MANAGER_FIELDS = ("last_name", "first_name", "email")
# Room for the spaces and dots people type in a SIRET or an NDA; removed before validation.
NUMBER_MAX_LENGTH = 25
PASSWORD_MAX_LENGTH = 128


def _entity_field(name, **overrides):
    """The form field of an ``Entity`` field: same label, length and optionality as the model."""
    return Entity._meta.get_field(name).formfield(**overrides)


def _user_field(name, **overrides):
    return User._meta.get_field(name).formfield(**overrides)


class ApplyForm(DsfrForm):
    kind = forms.ChoiceField(
        label=_("Type d'entité"), choices=EntityKind.choices, widget=forms.RadioSelect
    )
    name = _entity_field(
        "name",
        help_text=_("Telle qu'elle figure au registre (avis de situation SIRENE)."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    trade_name = _entity_field("trade_name", help_text=_("S'il diffère de la raison sociale."))
    siret = forms.CharField(
        label=_("SIRET"),
        max_length=NUMBER_MAX_LENGTH,
        help_text=_("14 chiffres, espaces acceptés. Par exemple 123 456 789 00012."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    nda = forms.CharField(
        label=_("Numéro de déclaration d'activité (NDA)"),
        max_length=NUMBER_MAX_LENGTH,
        required=False,
        help_text=_("11 chiffres. Obligatoire pour un organisme de formation."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    address_line = _entity_field(
        "address_line", widget=forms.TextInput(attrs={"autocomplete": "address-line1"})
    )
    address_complement = _entity_field(
        "address_complement", widget=forms.TextInput(attrs={"autocomplete": "address-line2"})
    )
    postcode = forms.CharField(
        label=_("Code postal"),
        max_length=5,
        validators=[
            RegexValidator(r"^\d{5}\Z", _("Le code postal comporte exactement 5 chiffres."))
        ],
        widget=forms.TextInput(attrs={"autocomplete": "postal-code", "inputmode": "numeric"}),
    )
    city = _entity_field("city", widget=forms.TextInput(attrs={"autocomplete": "address-level2"}))
    department = forms.ModelChoiceField(
        label=_("Département"),
        queryset=Department.objects.order_by("code"),
        to_field_name="code",
        empty_label=_("Choisissez le département"),
        help_text=_("Celui de l'adresse de l'entité : il détermine votre caisse de rattachement."),
    )
    head_name = _entity_field(
        "head_name",
        label=_("Responsable de l'entité"),
        help_text=_("Prénom et nom du dirigeant ou du responsable légal."),
    )
    phone = _entity_field(
        "phone",
        label=_("Téléphone de l'entité"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    contact_email = _entity_field(
        "contact_email",
        help_text=_("Adresse générique de l'entité, par exemple contact@entreprise.fr."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    last_name = _user_field(
        "last_name", widget=forms.TextInput(attrs={"autocomplete": "family-name"})
    )
    first_name = _user_field(
        "first_name", widget=forms.TextInput(attrs={"autocomplete": "given-name"})
    )
    email = _user_field(
        "email",
        label=_("Adresse électronique personnelle"),
        help_text=_("Elle sert à recevoir vos identifiants et à réinitialiser votre mot de passe."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Confirmation du mot de passe"),
        strip=False,
        max_length=PASSWORD_MAX_LENGTH,
        help_text=_("Saisissez le même mot de passe."),
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    consent = forms.BooleanField(
        label=_(
            "J'ai pris connaissance du règlement d'habilitation et je m'engage, pour l'entité, "
            "à le respecter."
        ),
        error_messages={"required": _("Cochez cette case pour créer le compte.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.warnings: list[str] = []
        self.fields["password1"].help_text = " ".join(
            str(text) for text in password_validation.password_validators_help_texts()
        )

    def fieldsets(self):
        """(legend, hint, bound fields) for the template: the entity, then its manager."""
        return [
            (
                _("Entité"),
                _("Le tronc commun : vous pourrez le compléter après la création du compte."),
                [self[name] for name in ENTITY_FIELDS],
            ),
            (
                _("Gestionnaire (CEH)"),
                _(
                    "La personne qui gère le compte de l'entité sur Forprev et transmet les "
                    "demandes d'habilitation. Elle reçoit un numéro Forprev, son identifiant."
                ),
                [self[name] for name in (*MANAGER_FIELDS, "password1", "password2")],
            ),
        ]

    def clean_siret(self):
        value = normalise_number(self.cleaned_data["siret"])
        validate_siret(value)
        return value

    def clean_nda(self):
        value = normalise_number(self.cleaned_data["nda"])
        if value:
            validate_nda(value)
            self.warnings.extend(nda_warnings(value))
        return value

    def clean_email(self):
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("kind")
        if kind == EntityKind.TRAINING_ORG and not cleaned.get("nda") and "nda" not in self.errors:
            self.add_error(
                "nda",
                _(
                    "Un organisme de formation doit renseigner son numéro de déclaration d'activité."
                ),
            )
        self._clean_entity()
        self._clean_password()
        return cleaned

    def _clean_entity(self):
        """The model's own checks (the postcode belongs to the département, …) on valid values."""
        values = {
            name: self.cleaned_data[name] for name in ENTITY_FIELDS if name in self.cleaned_data
        }
        if "nda" in self.errors:
            # Already reported; without the type, the model goes on to its other checks.
            values.pop("kind", None)
        entity = Entity(**values)
        excluded = [field.name for field in Entity._meta.fields if field.name not in values]
        try:
            entity.full_clean(exclude=excluded, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                if field == NON_FIELD_ERRORS:
                    self.add_error(None, messages)
                elif field in self.fields and field not in self.errors:
                    self.add_error(field, messages)

    def _clean_password(self):
        password1 = self.cleaned_data.get("password1")
        password2 = self.cleaned_data.get("password2")
        if not password1:
            return
        if password2 and password1 != password2:
            self.add_error("password2", _("Les deux mots de passe ne sont pas identiques."))
        user = User(**{name: self.cleaned_data.get(name, "") for name in MANAGER_FIELDS})
        try:
            password_validation.validate_password(password1, user=user)
        except ValidationError as error:
            self.add_error("password1", error)

    def entity_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in ENTITY_FIELDS}

    def manager_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in MANAGER_FIELDS}

    def claimed_number(self) -> str:
        """The number the account would stand for: NDA (training organisation) or SIRET."""
        if self.cleaned_data["kind"] == EntityKind.TRAINING_ORG:
            return f"nda:{self.cleaned_data['nda']}"
        return f"siret:{self.cleaned_data['siret']}"
