from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ForprevPasswordPolicyValidator:
    """At least 8 characters with a lower-case letter, an upper-case letter, a digit and a special
    character. The message names every rule that is missing, in one sentence."""

    min_length = 8

    def validate(self, password, user=None):
        missing = []
        if len(password) < self.min_length:
            missing.append(_("au moins %(n)d caractères") % {"n": self.min_length})
        if not any(c.islower() for c in password):
            missing.append(_("une lettre minuscule"))
        if not any(c.isupper() for c in password):
            missing.append(_("une lettre majuscule"))
        if not any(c.isdigit() for c in password):
            missing.append(_("un chiffre"))
        if all(c.isalnum() for c in password):
            missing.append(_("un caractère spécial (par exemple ! ? - _ @ #)"))
        if missing:
            raise ValidationError(
                _("Le mot de passe doit contenir : %(missing)s.") % {"missing": ", ".join(missing)},
                code="password_policy",
            )

    def get_help_text(self):
        return gettext_lazy(
            "Au moins 8 caractères, dont une lettre minuscule, une lettre majuscule, "
            "un chiffre et un caractère spécial."
        )
