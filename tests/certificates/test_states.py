"""A certificate's state comes from one rule (``certificate_state_on``): the model, the public
verification's row and the trainer certificates all answer through it, and the words shown
(badge, PDF, e-mail) come from ``forprev.certificates.states``."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.template import Context, Template
from django.utils import timezone

from forprev.certificates.models import Certificate, CertificateState, certificate_state_on
from forprev.certificates.selectors import PublicCertificate
from forprev.certificates.states import expired_since, state_context
from forprev.trainers.models import TrainerCertificate

DAY = date(2026, 6, 15)


@pytest.mark.parametrize(
    ("revoked", "valid_until", "expected"),
    [
        (False, None, CertificateState.VALID),
        (False, DAY, CertificateState.VALID),  # the last day is still valid
        (False, DAY - timedelta(days=1), CertificateState.EXPIRED),
        (True, DAY + timedelta(days=400), CertificateState.REVOKED),
        (True, DAY - timedelta(days=400), CertificateState.REVOKED),  # revoked wins
    ],
    ids=["open-ended", "last-day", "expired", "revoked-valid", "revoked-expired"],
)
def test_one_rule_for_every_kind_of_certificate(revoked, valid_until, expected):
    revoked_at = datetime(2026, 1, 2, 9, tzinfo=UTC) if revoked else None
    assert certificate_state_on(DAY, revoked=revoked, valid_until=valid_until) == expected
    certificate = Certificate(valid_until=valid_until, revoked_at=revoked_at)
    assert certificate.state_on(DAY) == expected
    public = PublicCertificate(
        number="C7KQ2M9XHTR",
        holder_last_name="Lefèvre",
        holder_first_name="Anaïs",
        programme_name="SST",
        level_label="acteur",
        kind="initial",
        issued_on=date(2024, 1, 1),
        valid_until=valid_until,
        entity_name="FORMAPREV SUD",
        revoked=revoked,
        revoked_reason="",
    )
    assert public.state_on(DAY) == expected
    trainer_certificate = TrainerCertificate(valid_until=valid_until, revoked_at=revoked_at)
    assert state_context(trainer_certificate, day=DAY)["state"] == expected


def test_expired_since_the_day_after_the_last_valid_one():
    assert expired_since(date(2026, 3, 11)) == date(2026, 3, 12)
    assert expired_since(None) is None


def _badge(certificate, **options) -> str:
    template = Template(
        "{% load certificate_states %}{% certificate_state certificate "
        + options.get("args", "")
        + " %}"
    )
    return template.render(Context({"certificate": certificate}))


def test_badge_says_revoked_with_day_and_reason_never_valid_until():
    certificate = Certificate(
        valid_until=date(2099, 1, 1),
        revoked_at=datetime(2026, 1, 2, 9, tzinfo=UTC),
        revoked_reason="Stagiaire absent <le second jour>",
    )
    html = _badge(certificate)
    assert "fr-badge--error" in html and "Révoqué le 02/01/2026" in html
    assert "Motif : Stagiaire absent &lt;le second jour&gt;" in html
    assert "Valable" not in html
    assert "Motif" not in _badge(certificate, args="show_reason=False")


def test_badge_says_expired_since_and_valid_until():
    expired = Certificate(valid_until=date(2020, 3, 11))
    html = _badge(expired)
    assert "fr-badge--warning" in html and "Expiré depuis le 12/03/2020" in html
    assert "Valable" not in html
    valid = _badge(Certificate(valid_until=date(2099, 3, 11)))
    assert "fr-badge--success" in valid and "Valable jusqu'au 11/03/2099" in valid
    assert "sans date d'échéance" in _badge(Certificate(valid_until=None))


def test_the_revocation_day_is_the_local_one():
    # 23:30 UTC on 31 December is already 1 January in Paris.
    certificate = Certificate(revoked_at=datetime(2025, 12, 31, 23, 30, tzinfo=UTC))
    assert state_context(certificate)["revoked_on"] == date(2026, 1, 1)


@pytest.mark.django_db
def test_state_sentence_is_plain_text_for_pages_that_escape_it(closed_session):
    from forprev.certificates.states import state_sentence

    certificate = closed_session.certificates.first()
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = "Erreur d'identité <b>"
    assert state_sentence(certificate).endswith("motif : Erreur d'identité <b>")
    assert state_sentence(certificate).startswith("Révoqué le ")
