from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "forprev.entities"
    label = "entities"
    verbose_name = "Entités"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Entity, Membership

        auditlog.register(Entity)
        auditlog.register(Membership)
