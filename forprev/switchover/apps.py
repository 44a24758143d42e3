from django.apps import AppConfig


class SwitchoverConfig(AppConfig):
    name = "forprev.switchover"
    label = "switchover"
    verbose_name = "Reprise des données de Forprev 1"
