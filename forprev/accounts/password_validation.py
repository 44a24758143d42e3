import functools
import gzip
import re
import unicodedata
from pathlib import Path

from django.contrib.auth.password_validation import CommonPasswordValidator
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


LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
# A password's "core": what is left once digits and symbols around it are removed.
_AROUND = re.compile(r"^[^a-z]+|[^a-z]+$")
MIN_CORE_LENGTH = 4
FRENCH_LIST_PATH = Path(__file__).resolve().parent / "data" / "common_passwords_fr.txt"


@functools.cache
def known_passwords() -> frozenset[str]:
    """Django's 20,000 most common passwords plus our French list (lower-case, no accents)."""
    django_path = CommonPasswordValidator().DEFAULT_PASSWORD_LIST_PATH
    with gzip.open(django_path, "rt", encoding="utf-8") as file:
        words = {line.strip() for line in file}
    with FRENCH_LIST_PATH.open(encoding="utf-8") as file:
        words |= {line.strip() for line in file if line.strip() and not line.startswith("#")}
    return frozenset(_fold(word) for word in words if word)


def _fold(text: str) -> str:
    """Lower case without accents: "Été" and "ete" are the same guess."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def password_variants(password: str) -> set[str]:
    """The guesses an attacker's rules would derive ``password`` from: the password itself, its
    core without leading/trailing digits and symbols ("Azerty123!" → "azerty"), the core with
    "leet" digits read as letters ("P@ssw0rd!" → "password") and with inner separators removed
    ("Mot-de-passe1!" → "motdepasse")."""
    folded = _fold(password)
    variants = {folded}
    for text in (folded, folded.translate(LEET)):
        core = _AROUND.sub("", text)
        variants.add(core)
        variants.add(_AROUND.sub("", core.translate(LEET)))
        variants.add(re.sub(r"[^a-z]", "", core.translate(LEET)))
    return {v for v in variants if v == folded or len(v) >= MIN_CORE_LENGTH}


class BreachedPasswordValidator:
    """Refuse passwords found in lists of common and breached passwords, even decorated to pass
    the composition rules (capital first, digits and a symbol at the end, leet digits).

    See docs/security/passwords.md for the choice of lists and rules."""

    def validate(self, password, user=None):
        if password_variants(password) & known_passwords():
            raise ValidationError(
                _(
                    "Ce mot de passe est trop courant : il figure, éventuellement avec des "
                    "majuscules, des chiffres ou des symboles ajoutés, dans les listes que les "
                    "attaquants essaient en premier. Choisissez-en un plus personnel, par exemple "
                    "plusieurs mots sans rapport entre eux."
                ),
                code="password_too_common",
            )

    def get_help_text(self):
        return gettext_lazy(
            "Pas un mot de passe courant (« Azerty123! », « Soleil2024? »…), même décoré de "
            "chiffres ou de symboles."
        )
