import re

from django import forms
from django.urls import reverse_lazy
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from forprev.accounts.models import User
from forprev.core.forms import DsfrForm, DsfrModelForm
from forprev.people.models import fold_name
from forprev.referentials.models import ProgrammeLevel

from .closing import trainee_label, validation_errors
from .declaring import (
    covers,
    declarable_levels,
    habilitation_periods,
    not_habilitated_message,
    periods_label,
    team_trainers,
    team_with_certificates,
)
from .enums import Result
from .imports import ImportLimits, too_large_message
from .models import TrainingSession
from .services import birth_date_error


def split_logins(value: str) -> list[str]:
    """Numéros Forprev typed in one field, separated by commas, semicolons or spaces."""
    return [item for item in re.split(r"[,;\s]+", value) if item]


class LevelSelect(forms.Select):
    """Each option carries its habilitation periods (``data-periods``), for the page's script
    to disable the levels not covering the dates typed (the server checks the same rule)."""

    periods: dict = {}

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        periods = self.periods.get(getattr(value, "value", value))
        if periods:
            option["attrs"]["data-periods"] = " ".join(
                f"{first.isoformat()}/{last.isoformat()}" for first, last in periods
            )
        return option


class LevelChoiceField(forms.ModelChoiceField):
    """Dispositif and level, each with the periods of the entity's habilitation for it."""

    periods: dict = {}

    def label_from_instance(self, obj):
        label = f"{obj.programme.code} — {obj.label}"
        if periods := self.periods.get(obj.pk):
            label += " " + _("(habilitée %(periods)s)") % {"periods": periods_label(periods)}
        return label


class TeamTrainersField(forms.ModelMultipleChoiceField):
    """The trainers of the équipe pédagogique, each with their trainer certificates' state."""

    certificates: dict = {}

    def label_from_instance(self, obj):
        states = self.certificates.get(obj.pk) or [_("aucun certificat de formateur enregistré")]
        return f"{obj.full_name} — {' ; '.join(str(state) for state in states)}"


class SessionForm(DsfrModelForm):
    """Declare a session for ``entity``: only the dispositifs and levels it is habilitated for
    (on the session's dates, checked here and again by the service), trainers picked from its
    équipe pédagogique or typed by numéro Forprev."""

    programme_level = LevelChoiceField(
        label=_("Dispositif et niveau"),
        help_text=_(
            "Seuls les dispositifs et niveaux pour lesquels votre entité est habilitée sont "
            "proposés ; l'habilitation doit couvrir chaque jour de la session."
        ),
        queryset=ProgrammeLevel.objects.none(),
        widget=LevelSelect,
        error_messages={
            "invalid_choice": _(
                "Votre entité n'est habilitée pour ce dispositif et ce niveau à aucune date : "
                "choisissez-en un de la liste."
            )
        },
    )
    capacity = forms.IntegerField(label=_("Nombre de places"), min_value=1, max_value=500)
    team = TeamTrainersField(
        label=_("Formateurs de votre équipe pédagogique"),
        help_text=_(
            "Cochez un ou plusieurs formateurs ; la validité de leur certificat de formateur est indiquée."
        ),
        queryset=User.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        required=False,
        error_messages={
            "invalid_choice": _(
                "Choisissez les formateurs dans la liste de votre équipe pédagogique."
            ),
            "invalid_pk_value": _(
                "Choisissez les formateurs dans la liste de votre équipe pédagogique."
            ),
        },
    )
    trainers = forms.CharField(
        label=_("Autres formateurs de l'équipe (numéros Forprev, facultatif)"),
        # The help text is shown unescaped (DSFR field templates): fixed text and a reversed URL.
        help_text=format_lazy(
            _(
                "Un ou plusieurs numéros séparés par des virgules, par exemple JKA37899, de "
                "formateurs de votre équipe pédagogique. Un formateur qui n'en fait pas encore "
                'partie doit d\'abord y être invité et accepter : <a href="{url}">équipe '
                "pédagogique</a>."
            ),
            url=reverse_lazy("trainers:team_list"),
        ),
        max_length=200,
        required=False,
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

    def __init__(self, *args, entity, **kwargs):
        super().__init__(*args, **kwargs)
        self.entity = entity
        self.periods = habilitation_periods(entity)
        level_field = self.fields["programme_level"]
        level_field.queryset = declarable_levels(entity)
        level_field.periods = self.periods
        level_field.widget.periods = self.periods
        team = team_with_certificates(entity)
        team_field = self.fields["team"]
        team_field.queryset = team_trainers(entity).order_by("last_name", "first_name", "pk")
        team_field.certificates = {t.user.pk: t.certificates for t in team}
        if not team:
            team_field.help_text = _(
                "Votre équipe pédagogique ne compte encore aucun formateur : invitez-les "
                "depuis la page « Équipe pédagogique »."
            )

    def clean_trainers(self):
        return split_logins(self.cleaned_data["trainers"])

    def clean(self):
        cleaned = super().clean()
        level = cleaned.get("programme_level")
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if level and starts_on and ends_on and starts_on <= ends_on:
            periods = self.periods.get(level.pk, [])
            if not covers(periods, starts_on, ends_on):
                self.add_error(
                    "programme_level",
                    not_habilitated_message(level, periods, starts_on, ends_on),
                )
        chosen = cleaned.get("team") or cleaned.get("trainers")
        if not chosen and not self.has_error("trainers") and not self.has_error("team"):
            self.add_error(
                "team", _("Choisissez au moins un formateur, ou saisissez son numéro Forprev.")
            )
        return cleaned


# The trainer's validation: one checkbox and one choice of result per trainee; shortcuts fill
# every row at once without saving.
VALIDATION_RESULTS = [r for r in Result if r != Result.PENDING]
SHORTCUTS = {"identity", "passed"}


class SessionValidateForm(forms.Form):
    """``identity-<enrolment public id>`` (checkbox) and ``result-<…>`` (passed, failed,
    absent) per trainee. Whatever was typed comes back on an error, each error naming its
    trainee (« Martin Paul : … »)."""

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = list(enrolments)
        for enrolment in self.enrolments:
            key = enrolment.public_id
            name = trainee_label(enrolment.person)
            self.fields[f"identity-{key}"] = forms.BooleanField(
                required=False, initial=enrolment.identity_confirmed
            )
            self.fields[f"result-{key}"] = forms.ChoiceField(
                choices=[(r.value, r.label) for r in VALIDATION_RESULTS],
                required=False,
                initial=enrolment.result if enrolment.result != Result.PENDING else "",
                error_messages={
                    "invalid_choice": _(
                        "%(name)s : choisissez certifié, non certifié ou absent."
                    ).replace("%(name)s", name.replace("%", "%%"))
                },
            )

    def with_shortcut(self, shortcut: str) -> "SessionValidateForm":
        """A new, unchecked form holding what was typed plus the shortcut: every identity
        checked (« identity ») or every trainee certified (« passed »)."""
        data = self.data.copy()
        for enrolment in self.enrolments:
            if shortcut == "identity":
                data[f"identity-{enrolment.public_id}"] = "on"
            elif shortcut == "passed":
                data[f"result-{enrolment.public_id}"] = Result.PASSED.value
        return SessionValidateForm(data, enrolments=self.enrolments)

    def clean(self):
        cleaned = super().clean()
        for key, messages in validation_errors(self.enrolments, self.results()).items():
            if f"result-{key}" in self._errors:  # an invalid choice, already named
                continue
            for message in messages:
                field = f"result-{key}"
                if cleaned.get(field):
                    field = f"identity-{key}"
                self.add_error(field, message)
        return cleaned

    def results(self) -> dict:
        """enrolment public id → (identity confirmed, result), for ``closing.session_validate``."""
        return {
            str(e.public_id): (
                bool(self.cleaned_data.get(f"identity-{e.public_id}")),
                self.cleaned_data.get(f"result-{e.public_id}") or "",
            )
            for e in self.enrolments
        }

    def rows(self) -> list[dict]:
        """What the page shows per trainee: the value typed (or saved) and its errors."""
        checked = self.is_bound and self._errors is not None
        rows = []
        for enrolment in self.enrolments:
            identity, result = (
                self[f"identity-{enrolment.public_id}"],
                self[f"result-{enrolment.public_id}"],
            )
            rows.append(
                {
                    "enrolment": enrolment,
                    "identity": bool(identity.value()),
                    "result": result.value() or "",
                    "errors": [*identity.errors, *result.errors] if checked else [],
                }
            )
        return rows


class SessionCloseForm(DsfrForm):
    confirm = forms.BooleanField(
        label=_("Je confirme la clôture : elle est définitive et délivre les certificats."),
        error_messages={"required": _("Cochez la case de confirmation pour clôturer la session.")},
    )

    def clean_confirm(self):
        # Only the checked box (« on ») confirms: no other value a forged body may carry.
        if self.data.get("confirm") != "on":
            raise forms.ValidationError(self.fields["confirm"].error_messages["required"])
        return True


class ImportForm(DsfrForm):
    file = forms.FileField(
        label=_("Fichier des stagiaires"),
        help_text=_(
            "CSV (séparateur ; ou ,) ou XLSX, colonnes nom, prénom, date de naissance, e-mail."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}),
    )

    def clean_file(self):
        """A file over ``FORPREV_IMPORT_MAX_MB`` is refused before it is read; the content's
        other bounds are checked by ``parse_trainees``."""
        upload = self.cleaned_data["file"]
        max_bytes = ImportLimits.from_settings().max_bytes
        if upload.size > max_bytes:
            raise forms.ValidationError(too_large_message(max_bytes))
        return upload


class ImportConfirmForm(forms.Form):
    token = forms.RegexField(regex=r"^[0-9a-f]{32}(\.(csv|xlsx|txt))?$", max_length=40)


# Adding a trainee by hand. The fields describe the trainee, not the person typing: browsers
# must not offer the user's own name, birth date or address (autocomplete="off").
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_FORMULA_PREFIXES = ("=", "+", "-", "@")
NAME_MAX_LENGTH = 150


def _text_input(**attrs):
    return forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", **attrs})


def _birth_date_field():
    return forms.DateField(
        label=_("Date de naissance"),
        help_text=_("Format attendu : JJ/MM/AAAA."),
        widget=forms.DateInput(attrs={"type": "date", "autocomplete": "off"}, format="%Y-%m-%d"),
    )


def _clean_name(value: str, *, written: bool) -> str:
    value = " ".join(value.split())
    if _CONTROL_CHARACTERS.search(value):
        raise forms.ValidationError(_("Ce champ contient un caractère non autorisé."))
    if not fold_name(value):
        raise forms.ValidationError(_("Saisissez au moins une lettre."))
    if written and value.startswith(_FORMULA_PREFIXES):
        raise forms.ValidationError(_("Ce champ ne peut pas commencer par =, +, - ou @."))
    return value


def _clean_birth_date(value):
    if error := birth_date_error(value):
        raise forms.ValidationError(error)
    return value


class TraineeSearchForm(DsfrForm):
    """Find a person the entity already knows: by the start of the names and the birth date."""

    nom = forms.CharField(
        label=_("Nom"),
        help_text=_("Le début du nom suffit ; accents et majuscules sont sans importance."),
        max_length=NAME_MAX_LENGTH,
        widget=_text_input(),
    )
    prenom = forms.CharField(
        label=_("Prénom (facultatif)"),
        max_length=NAME_MAX_LENGTH,
        required=False,
        widget=_text_input(),
    )
    naissance = _birth_date_field()

    def clean_nom(self):
        return _clean_name(self.cleaned_data["nom"], written=False)

    def clean_prenom(self):
        value = self.cleaned_data["prenom"]
        return _clean_name(value, written=False) if value.strip() else ""

    def clean_naissance(self):
        return _clean_birth_date(self.cleaned_data["naissance"])


class TraineeCreateForm(DsfrForm):
    """A person not found: typed in, created with a numéro Forprev, then enrolled."""

    last_name = forms.CharField(label=_("Nom"), max_length=NAME_MAX_LENGTH, widget=_text_input())
    first_name = forms.CharField(
        label=_("Prénom"), max_length=NAME_MAX_LENGTH, widget=_text_input()
    )
    birth_date = _birth_date_field()
    email = forms.EmailField(
        label=_("Adresse électronique (facultative)"),
        help_text=_("Pour lui envoyer son certificat. Format attendu : nom@domaine.fr"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )

    def clean_last_name(self):
        return _clean_name(self.cleaned_data["last_name"], written=True)

    def clean_first_name(self):
        return _clean_name(self.cleaned_data["first_name"], written=True)

    def clean_birth_date(self):
        return _clean_birth_date(self.cleaned_data["birth_date"])
