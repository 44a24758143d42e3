"""Periodic work of the entities app: purging the public applications whose link expired."""

from django.tasks import task
from django.utils.translation import gettext_lazy as _

from forprev.core.scheduling import periodic

from .application import purge_expired_applications


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
