"""The certificate's part of the verification page: every state, every value escaped."""

from datetime import date

import pytest

from forprev.certificates.models import CertificateState
from forprev.certificates.selectors import PublicCertificate
from forprev.www.verification_views.body import certificate_body, certificate_title


def _certificate(**changes) -> PublicCertificate:
    values = {
        "number": "C7KQ2M9XHTR",
        "holder_last_name": "Lefèvre",
        "holder_first_name": "Anaïs",
        "programme_name": "Sauveteur secouriste du travail (SST)",
        "level_label": "Niveau 1 — acteur",
        "kind": "initial",
        "issued_on": date(2026, 3, 12),
        "valid_until": date(2028, 3, 12),
        "entity_name": "FORMAPREV SUD",
        "revoked": False,
        "revoked_reason": "",
    }
    return PublicCertificate(**(values | changes))


def test_valid_certificate_shows_every_detail():
    html = certificate_body(_certificate(), CertificateState.VALID)
    assert "<h1>Certificat C7KQ2M9XHTR</h1>" in html
    assert "fr-alert--success" in html and "Certificat valide" in html
    assert "<dd>LEFÈVRE Anaïs</dd>" in html
    assert "<dd>Sauveteur secouriste du travail (SST)</dd>" in html
    assert "<dd>Niveau 1 — acteur</dd>" in html
    assert "<dd>12/03/2026</dd>" in html and "<dd>12/03/2028</dd>" in html
    assert "<dd>FORMAPREV SUD</dd>" in html


def test_refresher_expired_and_open_ended():
    html = certificate_body(
        _certificate(kind="refresher", valid_until=None), CertificateState.EXPIRED
    )
    assert "Niveau 1 — acteur — maintien et actualisation des compétences" in html
    assert "fr-alert--warning" in html and "Certificat expiré" in html
    assert "<dt>Valable jusqu&#x27;au</dt><dd>—</dd>" in html


@pytest.mark.parametrize(
    "field",
    [
        "holder_last_name",
        "holder_first_name",
        "programme_name",
        "level_label",
        "entity_name",
        "revoked_reason",
        "number",
    ],
)
def test_every_value_is_escaped(field):
    hostile = '<script>alert("x")</script>&'
    html = certificate_body(
        _certificate(revoked=True, **{field: hostile}), CertificateState.REVOKED
    )
    assert "<script>" not in html.lower()
    assert "&lt;" in html and "&amp;" in html


def test_revoked_shows_its_reason_and_the_title_matches():
    certificate = _certificate(revoked=True, revoked_reason="Session déclarée par erreur.")
    html = certificate_body(certificate, CertificateState.REVOKED)
    assert "fr-alert--error" in html and "<p>Session déclarée par erreur.</p>" in html
    assert certificate_title(certificate) == "Certificat C7KQ2M9XHTR"
