"""Demo trainers: certificates (valid, expiring soon, expired) and teams. Idempotent."""

from datetime import timedelta

from django.utils import timezone

from forprev.accounts.models import User
from forprev.entities.models import Entity
from forprev.referentials.models import ProgrammeLevel

from .enums import CertificateSource
from .models import TeamMembership, TrainerCertificate

# e-mail → certificates (dispositif, level, days since issue) and teams (entity names)
TRAINERS = {
    "trainer@demo.forprev.fr": (
        [("SST", 2, 300), ("PRAP-IBC", 2, 1040)],
        ["FORMASUD PREVENTION", "RHONE SECOURS FORMATION"],
    ),
    "delegate@demo.forprev.fr": ([("SST", 2, 1200)], ["FORMASUD PREVENTION"]),
}


def load_trainers_demo() -> int:
    today = timezone.localdate()
    created = 0
    for email, (certificates, entity_names) in TRAINERS.items():
        trainer = User.objects.filter(email=email).first()
        if trainer is None or TrainerCertificate.objects.filter(holder=trainer).exists():
            continue
        for code, level, days in certificates:
            programme_level = ProgrammeLevel.objects.get(programme__code=code, level=level)
            issued_on = today - timedelta(days=days)
            months = programme_level.certificate_validity_months or 36
            TrainerCertificate.objects.create(
                holder=trainer,
                programme_level=programme_level,
                issued_on=issued_on,
                valid_until=issued_on + timedelta(days=months * 30),
                source=CertificateSource.RECORDED,
            )
            created += 1
        for entity in Entity.objects.filter(name__in=entity_names):
            manager = entity.memberships.filter(role="manager").first()
            TeamMembership.objects.get_or_create(
                entity=entity,
                trainer=trainer,
                removed_at=None,
                defaults={"added_by": manager.user if manager else trainer},
            )
    return created
