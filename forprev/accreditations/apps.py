from django.apps import AppConfig


class AccreditationsConfig(AppConfig):
    name = "forprev.accreditations"
    label = "accreditations"
    verbose_name = "Habilitations"

    def ready(self):
        from auditlog.registry import auditlog

        from . import models

        for model in (
            models.AccreditationRequest,
            models.RequestItem,
            models.ProposedTrainer,
            models.RequestDocument,
            models.Accreditation,
            models.Extension,
        ):
            auditlog.register(model)

        from forprev.core import badges

        from .enums import RequestStatus as S

        badges.register(
            models.AccreditationRequest,
            {
                S.DRAFT: None,
                S.TRANSMITTED: "new",
                S.UNDER_REVIEW: "info",
                S.COMPLEMENTS_REQUESTED: "warning",
                S.COMPLETED: "new",
                S.OPINION_GIVEN: "info",
                S.GRANTED: "success",
                S.REFUSED: "error",
            },
        )
