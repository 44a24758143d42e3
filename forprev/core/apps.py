from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forprev.core"
    label = "core"
    verbose_name = "Socle"
