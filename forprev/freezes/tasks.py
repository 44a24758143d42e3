"""Background task of the freezes: one announcement to many people through one connection."""

from django.core.mail import send_mass_mail
from django.tasks import task


@task()
def send_freeze_announcement(*, subject: str, body: str, recipients: list[str]) -> int:
    """One message per recipient (nobody sees the others' addresses), one mail connection."""
    return send_mass_mail(
        [(subject, body, None, [recipient]) for recipient in recipients], using="default"
    )
