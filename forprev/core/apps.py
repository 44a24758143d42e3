from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forprev.core"
    label = "core"
    verbose_name = "Socle"

    def ready(self):
        from . import job_runs, scheduling

        job_runs.connect()
        scheduling.discover()
