"""Certificate PDFs (WeasyPrint), one or a whole session in one file, each page with a QR code
of its public verification page. Generated on demand: regenerating is simply downloading again.

A page says its certificate's state from the one rule (``certificate_state_on``): a revoked
certificate still prints — its holder's history stays legible — but across the whole page stands
« RÉVOQUÉ » with the day and the reason, and no « valable jusqu'au » (docs/certificates.md);
an expired one says since when."""

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from .states import state_context


def verification_url(certificate) -> str:
    return settings.FORPREV_SITE_URL + reverse(
        "verification:verify_code", args=[certificate.verification_code]
    )


def certificates_html(certificates) -> str:
    """The printable HTML of the certificates, one page each (what the PDF is made from)."""
    today = timezone.localdate()
    pages = [
        {
            "certificate": certificate,
            **state_context(certificate, day=today),
            "url": verification_url(certificate),
            "qr": segno.make(verification_url(certificate), error="m").svg_inline(
                scale=3, title=f"QR code {certificate.number}"
            ),
        }
        for certificate in certificates
    ]
    return render_to_string("certificates/certificate_pdf.html", {"pages": pages})


def certificates_pdf(certificates) -> bytes:
    import weasyprint  # imported here: start-up stays fast for processes that never print

    return weasyprint.HTML(string=certificates_html(certificates)).write_pdf()
