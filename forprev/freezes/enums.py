from django.db import models
from django.utils.translation import gettext_lazy as _


class FrozenAction(models.TextChoices):
    """The actions the national role may freeze before the switch-over (one per action of Forprev
    2; the seed's schedule: tronc commun, habilitations and E>OF on 1 June 2022, renewal on 13 July
    2022, initial and additional applications on 1 November 2022).

    Forprev 1's « modification de l'habilitation » (adding an associated entity or an antenna to
    a habilitation) has no counterpart here and is left out: Forprev 2 has no associated entities
    (delegates replace them), and a habilitation changes only through an application (additional
    or renewal, frozen below) or a national decision (extensions), which no freeze stops.
    """

    ENTITY_PROFILE = "entity_profile", _("Modification du tronc commun par l'entité")
    COMPANY_TO_TRAINING_ORG = (
        "company_to_training_org",
        _("Passage d'entreprise à organisme de formation (E > OF)"),
    )
    RENEWAL = "renewal", _("Demande de renouvellement")
    INITIAL = "initial", _("Demande initiale")
    ADDITIONAL = "additional", _("Demande supplémentaire (nouvelle habilitation sur compte actif)")

    @property
    def phrase(self) -> str:
        """The action inside a sentence: « À partir du …, <phrase> ne sera plus possible »."""
        return str(_PHRASES[self])


_PHRASES = {
    FrozenAction.ENTITY_PROFILE: _("la modification du tronc commun par l'entité"),
    FrozenAction.COMPANY_TO_TRAINING_ORG: _(
        "le passage d'entreprise à organisme de formation (E > OF)"
    ),
    FrozenAction.RENEWAL: _("la demande de renouvellement d'une habilitation"),
    FrozenAction.INITIAL: _("la demande initiale d'habilitation"),
    FrozenAction.ADDITIONAL: _(
        "la demande supplémentaire (nouvelle habilitation sur compte actif)"
    ),
}
