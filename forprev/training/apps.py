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

        from forprev.core import badges

        from .enums import RegularisationStatus, SessionStatus

        S, R = SessionStatus, RegularisationStatus
        badges.register(
            TrainingSession,
            {S.DRAFT: None, S.SUBMITTED: "warning", S.VALIDATED: "info", S.CLOSED: "success"},
        )
        badges.register(
            RegularisationRequest,
            {R.PENDING: "warning", R.AUTHORISED: "success", R.REFUSED: "error", R.USED: None},
        )
