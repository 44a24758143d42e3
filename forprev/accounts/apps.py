from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "forprev.accounts"
    label = "accounts"
    verbose_name = "Comptes"

    def ready(self):
        from auditlog.registry import auditlog

        from .models import User

        auditlog.register(
            User,
            include_fields=[
                "first_name",
                "last_name",
                "email",
                "staff_role",
                "caisse",
                "is_active",
                "info_validated_at",
            ],
        )
