from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "forprev.training"
    label = "training"
    verbose_name = "Sessions de formation"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import (
            Enrolment,
            RegularisationRequest,
            SessionAmendment,
            SessionTrainer,
            TrainingSession,
        )

        for model in (
            TrainingSession,
            SessionTrainer,
            Enrolment,
            RegularisationRequest,
            SessionAmendment,
        ):
            auditlog.register(model)
