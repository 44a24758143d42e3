from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm, DsfrFormMixin
from forprev.core.mail import send_templated_email
from forprev.core.ratelimit import Limit, allow

from . import otp
from .models import User

CURRENT_PASSWORD_ERRORS = {
    "wrong": _("Mot de passe actuel incorrect."),
    "throttled": _(
        "Trop d'essais du mot de passe actuel : réessayez dans un quart d'heure, ou "
        "déconnectez-vous et utilisez « Mot de passe oublié »."
    ),
    "unusable": _(
        "Votre compte n'a pas encore de mot de passe : choisissez-en un avec « Mot de passe "
        "oublié » avant cette modification."
    ),
}


def check_current_password(request, user: User, password: str) -> str | None:
    """Re-authentication before a sensitive change. Returns the key of a French error in
    :data:`CURRENT_PASSWORD_ERRORS`, or None when the password is right.

    Every attempt counts (per account and per client address), so that a stolen session cannot
    be used to guess the password that protects these changes."""
    if not allow(
        request,
        scope="reauth",
        per_client=Limit(3 * settings.FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES, 900),
        per_key=Limit(settings.FORPREV_REAUTH_ATTEMPTS_PER_15_MINUTES, 900),
        key=f"user:{user.pk}",
    ):
        return "throttled"
    if not user.has_usable_password():
        return "unusable"
    if not user.check_password(password):
        return "wrong"
    return None


class CurrentPasswordField(forms.CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("Mot de passe actuel"))
        kwargs.setdefault(
            "help_text", _("Par sécurité, confirmez cette modification avec votre mot de passe.")
        )
        super().__init__(
            strip=False,
            widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
            **kwargs,
        )


class CurrentPasswordForm(DsfrForm):
    """A sensitive action asks for the current password (re-authentication)."""

    current_password = CurrentPasswordField()

    def __init__(self, *args, request, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_current_password(self):
        password = self.cleaned_data["current_password"]
        error = check_current_password(self.request, self.request.user, password)
        if error:
            raise forms.ValidationError(CURRENT_PASSWORD_ERRORS[error], code=error)
        return password


class LoginForm(DsfrFormMixin, auth_forms.AuthenticationForm):
    username = forms.CharField(
        label=_("Numéro Forprev ou adresse électronique"),
        help_text=_("Par exemple JKA37899 ou prenom.nom@exemple.fr"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    error_messages = {
        # One generic message: never reveal whether the account exists.
        "invalid_login": _(
            "Identifiant ou mot de passe incorrect. Vérifiez votre saisie : après plusieurs "
            "erreurs, l'accès est bloqué temporairement."
        ),
        "inactive": _("Ce compte est désactivé. Contactez votre caisse."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # AuthenticationForm sizes the field from USERNAME_FIELD (the 8-character numéro Forprev):
        # browsers would then cut e-mail addresses. The login accepts both.
        self.fields["username"].max_length = 254
        self.fields["username"].widget.attrs["maxlength"] = "254"


class PasswordResetRequestForm(DsfrFormMixin, auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label=_("Adresse électronique de votre compte"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """Send in a background task, so known and unknown addresses answer alike and fast.

        The link is built from ``FORPREV_SITE_URL``, never from the request's Host header (which
        an attacker chooses: a reset link pointing to their site would hand them the token)."""
        link = settings.FORPREV_SITE_URL.rstrip("/") + reverse(
            "accounts:password_reset_confirm",
            kwargs={"uidb64": context["uid"], "token": context["token"]},
        )
        send_templated_email(
            to=to_email,
            template="accounts/email/password_reset",
            context={"user": context["user"], "link": link},
        )

    def get_users(self, email):
        """Active accounts of this address, including those without a usable password yet
        (invited delegates and trainers whose invitation link expired): resetting is how they
        get one. Django's form skips them."""
        return (
            user
            for user in User.objects.filter(email__iexact=email, is_active=True)
            if user.email.casefold() == email.casefold()
        )


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    """The current password is checked through :func:`check_current_password` (throttled)."""

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        password = self.cleaned_data["old_password"]
        error = check_current_password(self.request, self.user, password)
        if error:
            raise forms.ValidationError(CURRENT_PASSWORD_ERRORS[error], code=error)
        return password


class MyInfoForm(DsfrForm):
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("Une nouvelle adresse ne sera prise en compte qu'après confirmation."),
    )
    current_password = CurrentPasswordField(
        required=False,
        help_text=_("Obligatoire pour changer d'adresse électronique."),
    )

    def __init__(self, *args, user: User, request, **kwargs):
        self.user = user
        self.request = request
        super().__init__(*args, **kwargs)

    def clean_last_name(self):
        value = self.cleaned_data["last_name"].strip()
        if not value:
            raise forms.ValidationError(_("Le nom est obligatoire."))
        return value

    def clean_first_name(self):
        value = self.cleaned_data["first_name"].strip()
        if not value:
            raise forms.ValidationError(_("Le prénom est obligatoire."))
        return value

    def clean_email(self):
        # Whether another account holds the address is never said here (it would tell any
        # signed-in user who has an account): the service writes to that address instead.
        return self.cleaned_data["email"].strip().lower()

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if email and email != self.user.email:
            # Changing the address changes where password resets go: re-authenticate.
            password = cleaned.get("current_password") or ""
            error = password and check_current_password(self.request, self.user, password)
            if not password:
                self.add_error(
                    "current_password",
                    _("Saisissez votre mot de passe actuel pour changer d'adresse électronique."),
                )
            elif error:
                self.add_error("current_password", CURRENT_PASSWORD_ERRORS[error])
        return cleaned


class OtpTokenForm(DsfrForm):
    """The 6-digit code of the authenticator app (set-up: nothing else)."""

    token = forms.CharField(
        label=_("Code à 6 chiffres"),
        help_text=_("Le code affiché par votre application d'authentification."),
        min_length=6,
        max_length=6,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "pattern": "[0-9]{6}"}
        ),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if not token.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        return token


class OtpVerifyForm(DsfrForm):
    """After the password: the app's 6-digit code, or one of the recovery codes."""

    token = forms.CharField(
        label=_("Code à 6 chiffres ou code de secours"),
        help_text=_(
            "Le code affiché par votre application d'authentification. Sans votre téléphone : "
            "un de vos codes de secours (par exemple abcde-23456), utilisable une seule fois."
        ),
        max_length=20,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
    )

    def clean_token(self):
        token = self.cleaned_data["token"].strip()
        if len(token) == 6 and not token.isdigit():
            raise forms.ValidationError(_("Le code ne contient que des chiffres."))
        if not otp.is_code_well_formed(token):
            raise forms.ValidationError(
                _(
                    "Saisissez les 6 chiffres affichés par l'application, ou un code de secours "
                    "de 10 caractères."
                )
            )
        return token
