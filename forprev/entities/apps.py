from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "forprev.entities"
    label = "entities"
    verbose_name = "Entités"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Entity, Invitation, Membership

        auditlog.register(Entity)
        auditlog.register(Membership)
        # Created, resent, accepted, declined, withdrawn; never the link's secret digest.
        auditlog.register(Invitation, exclude_fields=["token_digest"])
