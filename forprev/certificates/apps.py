from django.apps import AppConfig


class CertificatesConfig(AppConfig):
    name = "forprev.certificates"
    label = "certificates"
    verbose_name = "Certificats"

    def ready(self):
        from auditlog.registry import auditlog
        from django.db.models.signals import post_save

        from .models import Certificate
        from .page_cache import drop_page_of_saved_certificate

        auditlog.register(Certificate)
        # Saves outside the services (the back office, scripts) reach the public page too.
        post_save.connect(drop_page_of_saved_certificate, sender=Certificate)
