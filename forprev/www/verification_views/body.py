"""The certificate's part of the public verification page, built in Python.

Every scan of a QR code not seen in the last minutes renders it (the page cache only serves
repeated scans). As a template — eight translated labels, two date filters — it took 0.115 ms,
a fifth of the whole request in-process, more than the database lookup; built here, with its
fixed texts translated once per language, it takes a few hundredths of a millisecond. The layout
around it stays a template (``verification/certificate_shell.html``, rendered once). Every value
is escaped with the standard library's ``html.escape`` (Django's ``escape`` and ``format_html``
add their lazy-string checks to each of the seventeen values); ``certificate`` is a
``forprev.certificates.selectors.PublicCertificate``.
"""

from functools import cache
from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, gettext_noop

from forprev.certificates.models import CertificateState
from forprev.certificates.states import expired_since
from forprev.training.enums import SessionKind

_TEXTS = {
    "title": gettext_noop("Certificat %(number)s"),
    CertificateState.VALID: gettext_noop("Certificat valide"),
    CertificateState.EXPIRED: gettext_noop("Certificat expiré"),
    CertificateState.REVOKED: gettext_noop("Certificat révoqué"),
    "holder": gettext_noop("Titulaire"),
    "programme": gettext_noop("Dispositif"),
    "level": gettext_noop("Niveau"),
    "refresher": gettext_noop("maintien et actualisation des compétences"),
    "issued": gettext_noop("Délivré le"),
    "until": gettext_noop("Valable jusqu'au"),
    "entity": gettext_noop("Entité émettrice"),
    "revoked_on": gettext_noop("Révoqué le %(day)s."),
    "expired_on": gettext_noop("Expiré depuis le %(day)s."),
    "valid_until": gettext_noop("Valable jusqu'au %(day)s."),
}
_TONES = {
    CertificateState.VALID: "success",
    CertificateState.EXPIRED: "warning",
    CertificateState.REVOKED: "error",
}


@cache
def _texts(language: str | None) -> dict:
    """The fixed texts in ``language`` — the active one, which ``gettext`` uses — escaped for
    HTML, but the title's pattern (escaped once filled)."""
    return {
        key: gettext(text) if key == "title" else escape(gettext(text))
        for key, text in _TEXTS.items()
    }


def _date(value) -> str:
    """JJ/MM/AAAA (``strftime`` costs ten times as much)."""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}" if value else "—"


def certificate_title(certificate) -> str:
    return _texts(get_language())["title"] % {"number": certificate.number}


def _since(certificate, state, texts) -> str:
    """The state's day, in the words of every other place (« Révoqué le … », « Expiré depuis
    le … », « Valable jusqu'au … »; ``forprev.certificates.states``)."""
    if state == CertificateState.REVOKED:
        day = certificate.revoked_on
        return f"<p>{texts['revoked_on'] % {'day': _date(day)}}</p>" if day else ""
    if certificate.valid_until is None:
        return ""
    if state == CertificateState.EXPIRED:
        day = expired_since(certificate.valid_until)
        return f"<p>{texts['expired_on'] % {'day': _date(day)}}</p>"
    return f"<p>{texts['valid_until'] % {'day': _date(certificate.valid_until)}}</p>"


def certificate_body(certificate, state) -> SafeString:
    texts = _texts(get_language())
    reason = _since(certificate, state, texts)
    if state == CertificateState.REVOKED and certificate.revoked_reason:
        reason += f"<p>{escape(certificate.revoked_reason)}</p>"
    level = escape(certificate.level_label)
    if certificate.kind == SessionKind.REFRESHER:
        level = f"{level} — {texts['refresher']}"
    title = escape(texts["title"] % {"number": certificate.number})
    holder = (
        f"{escape(certificate.holder_last_name.upper())} {escape(certificate.holder_first_name)}"
    )
    return mark_safe(  # noqa: S308 - every value above is escaped
        f"<h1>{title}</h1>\n"
        f'<div class="fr-alert fr-alert--{_TONES[state]} fr-mb-3w">'
        f'<h2 class="fr-alert__title">{texts[state]}</h2>{reason}</div>\n'
        '<dl class="forprev-dl">\n'
        f"  <dt>{texts['holder']}</dt><dd>{holder}</dd>\n"
        f"  <dt>{texts['programme']}</dt><dd>{escape(certificate.programme_name)}</dd>\n"
        f"  <dt>{texts['level']}</dt><dd>{level}</dd>\n"
        f"  <dt>{texts['issued']}</dt><dd>{_date(certificate.issued_on)}</dd>\n"
        f"  <dt>{texts['until']}</dt><dd>{_date(certificate.valid_until)}</dd>\n"
        f"  <dt>{texts['entity']}</dt><dd>{escape(certificate.entity_name)}</dd>\n"
        "</dl>"
    )
