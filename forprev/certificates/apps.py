from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "forprev.certificates"
    label = "certificates"
    verbose_name = "Certificats"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import Certificate

        auditlog.register(Certificate)
