from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from forprev.core.forms import DsfrForm, DsfrFormMixin
from forprev.core.mail import send_templated_email

from .models import User


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
        """Send in a background task, so known and unknown addresses answer alike and fast."""
        send_templated_email(to=to_email, template="accounts/email/password_reset", context=context)


class SetPasswordForm(DsfrFormMixin, auth_forms.SetPasswordForm):
    pass


class PasswordChangeForm(DsfrFormMixin, auth_forms.PasswordChangeForm):
    pass


class MyInfoForm(DsfrForm):
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    email = forms.EmailField(
        label=_("Adresse électronique"),
        max_length=254,
        help_text=_("Une nouvelle adresse ne sera prise en compte qu'après confirmation."),
    )

    def __init__(self, *args, user: User, **kwargs):
        self.user = user
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
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(email__iexact=email).exclude(pk=self.user.pk).exists():
            raise forms.ValidationError(
                _("Cette adresse électronique est déjà utilisée par un autre compte.")
            )
        return email


class OtpTokenForm(DsfrForm):
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
