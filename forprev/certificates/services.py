"""Issuing certificates when a session closes."""

from datetime import timedelta
from functools import partial

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.core.dates import add_months
from forprev.core.exceptions import DomainError
from forprev.training.enums import Result

from .models import Certificate
from .page_cache import drop_pages_after_change
from .tasks import send_certificate_email


def certificates_issue(*, session) -> list[Certificate]:
    """One certificate per passed trainee, in the closing transaction (bulk). The validity runs
    from the session's last day for the référentiel's months; a refresher renews it the same way."""
    level = session.programme_level
    issued_on = session.ends_on
    months = level.certificate_validity_months
    valid_until = add_months(issued_on, months) - timedelta(days=1) if months else None
    trainer_names = ", ".join(
        t.trainer.full_name for t in session.trainers.select_related("trainer")
    )[:500]
    already = set(session.certificates.values_list("person_id", flat=True))
    certificates = [
        Certificate(
            person_id=enrolment.person_id,
            programme_level=level,
            kind=session.kind,
            issued_on=issued_on,
            valid_until=valid_until,
            session=session,
            entity=session.entity,
            trainer_names=trainer_names,
        )
        for enrolment in session.enrolments.filter(result=Result.PASSED)
        if enrolment.person_id not in already
    ]
    created = Certificate.objects.bulk_create(certificates, batch_size=1000)
    with_email = set(
        session.enrolments.filter(result=Result.PASSED)
        .exclude(person__email="")
        .values_list("person_id", flat=True)
    )
    for certificate in created:
        if certificate.person_id in with_email:
            transaction.on_commit(
                partial(send_certificate_email.enqueue, certificate_id=certificate.pk)
            )
    return created


@transaction.atomic
def certificate_revoke(*, certificate, by, reason: str) -> Certificate:
    from .rules import can_revoke_certificate

    if not can_revoke_certificate(by):
        raise DomainError(
            _("Seules l'assistance et l'administration nationale révoquent un certificat.")
        )
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Indiquez le motif de la révocation."), field="reason")
    certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
    if certificate.revoked_at is not None:
        raise DomainError(_("Ce certificat est déjà révoqué."))
    certificate.revoked_at = timezone.now()
    certificate.revoked_reason = reason[:2000]
    certificate.save(update_fields=["revoked_at", "revoked_reason", "updated_at"])
    drop_pages_after_change([certificate.verification_code])
    return certificate


def certificates_follow(*, session) -> int:
    """Bring a closed session's certificates in line with it after a change (level, kind,
    dates, trainers): the PDFs, generated on each download, then show the new data."""
    level = session.programme_level
    months = level.certificate_validity_months
    trainer_names = ", ".join(
        t.trainer.full_name for t in session.trainers.select_related("trainer")
    )[:500]
    drop_pages_after_change(session.certificates.values_list("verification_code", flat=True))
    return session.certificates.update(
        programme_level=level,
        kind=session.kind,
        issued_on=session.ends_on,
        valid_until=add_months(session.ends_on, months) - timedelta(days=1) if months else None,
        trainer_names=trainer_names,
        revised_at=timezone.now(),
        updated_at=timezone.now(),
    )
