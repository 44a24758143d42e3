from django.apps import AppConfig


class TrainersConfig(AppConfig):
    name = "forprev.trainers"
    label = "trainers"
    verbose_name = "Formateurs"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import TeamMembership, TrainerCertificate

        auditlog.register(TrainerCertificate)
        auditlog.register(TeamMembership)
