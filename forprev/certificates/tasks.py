"""Background work on certificates: the e-mail to the trainee, with the PDF attached."""

from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string

from .models import Certificate
from .pdf import certificates_pdf, verification_url


@task()
def send_certificate_email(*, certificate_id: int) -> int:
    certificate = (
        Certificate.objects.select_related(
            "person", "programme_level__programme", "entity", "session"
        )
        .filter(pk=certificate_id, revoked_at__isnull=True)
        .first()
    )
    if certificate is None or not certificate.person.email:
        return 0
    context = {"certificate": certificate, "url": verification_url(certificate)}
    message = EmailMessage(
        subject=" ".join(
            render_to_string("certificates/email/certificate_subject.txt", context).split()
        ),
        body=render_to_string("certificates/email/certificate_body.txt", context),
        to=[certificate.person.email],
    )
    message.attach(
        f"certificat-{certificate.number}.pdf", certificates_pdf([certificate]), "application/pdf"
    )
    return message.send()
