"""Periodic work of the entities app: purging the public applications whose link expired,
marking the invitations past their expiry as expired."""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .application import purge_expired_applications
from .invitations import invitations_expire


@periodic(
    "40 * * * *",
    key="pending-applications-purge",
    label=_("Purge des demandes de compte non confirmées"),
    description=_(
        "Supprime les demandes « Demander une habilitation » dont le lien de confirmation a "
        "expiré (adresse, noms et empreinte du mot de passe saisis sur le formulaire public)."
    ),
)
@task()
def purge_pending_applications() -> str:
    return f"{purge_expired_applications()} demande(s) supprimée(s)"


@periodic(
    "45 * * * *",
    key="invitations-expire",
    label=_("Expiration des invitations"),
    description=_(
        "Passe à l'état « expirée » les invitations (délégués, équipe pédagogique) restées sans "
        "réponse après leur date d'expiration ; elles peuvent encore être renvoyées ou retirées."
    ),
)
@task()
def expire_invitations() -> str:
    return f"{invitations_expire(dry_run=False)} invitation(s) expirée(s)"
