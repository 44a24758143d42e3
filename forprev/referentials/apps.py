from django.apps import AppConfig


class ReferentialsConfig(AppConfig):
    name = "forprev.referentials"
    label = "referentials"
    verbose_name = "Référentiels"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Caisse, Department, Programme, ProgrammeLevel

        for model in (Caisse, Department, Programme, ProgrammeLevel):
            auditlog.register(model)
