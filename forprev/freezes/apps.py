from django.apps import AppConfig


class FreezesConfig(AppConfig):
    name = "forprev.freezes"
    label = "freezes"
    verbose_name = "Gels de fonctionnalités"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import FeatureFreeze

        auditlog.register(FeatureFreeze)
