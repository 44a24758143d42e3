from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "forprev.people"
    label = "people"
    verbose_name = "Individus"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Person, PersonRequest

        auditlog.register(Person)
        auditlog.register(PersonRequest)
