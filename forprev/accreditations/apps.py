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
