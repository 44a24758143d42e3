"""Demo invitations: one pending, to show « Mes invitations » and the inviting side. Idempotent.

The demo's other memberships (delegates, teams) are created directly by the demo data, as
before: only people invited through the pages go through an invitation."""

from .enums import InvitationKind, MembershipRole
from .invitations import invitation_create
from .models import Entity, Invitation

# (inviting entity, kind, typed identifier): the demo trainer is invited to a second team; the
# demo manager's entity waits for a new trainer's answer (a to-do of its home, with « Renvoyer »).
INVITATIONS = [
    ("ILE-DE-FRANCE PREVENTION CONSEIL", InvitationKind.TRAINER, "trainer@demo.forprev.fr"),
    ("FORMASUD PREVENTION", InvitationKind.TRAINER, "nouveau.formateur@demo.forprev.fr"),
]


def load_invitations_demo() -> int:
    created = 0
    for entity_name, kind, identifier in INVITATIONS:
        entity = Entity.objects.filter(name=entity_name).first()
        manager = (
            entity
            and entity.memberships.filter(role=MembershipRole.MANAGER, revoked_at=None).first()
        )
        if (
            manager is None
            or Invitation.objects.filter(entity=entity, identifier=identifier).exists()
        ):
            continue
        invitation_create(entity=entity, by=manager.user, kind=kind, identifier=identifier)
        created += 1
    return created
