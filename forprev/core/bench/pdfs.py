"""Certificate PDFs per second (``manage.py bench``), in this one process.

The certificates are the latest ones of the dataset, loaded once with what the PDF shows
(person, dispositif, entity), so the figure is the rendering: the HTML template, the QR code
(segno) and WeasyPrint. Two figures: one PDF per certificate (the download of one certificate,
the e-mail's attachment), and the certificates of whole sessions, one file per session (the
« all the session's certificates » download), counted in certificates per second. One untimed
PDF first loads the fonts.
"""

import time
from itertools import groupby

from django.core.management.base import CommandError

from forprev.certificates.models import Certificate
from forprev.certificates.pdf import certificates_pdf

from . import Figure


def latest_certificates(count: int) -> list[Certificate]:
    """The ``count`` latest certificates, whole sessions first (grouped by session)."""
    ids = list(Certificate.objects.order_by("-pk").values_list("pk", flat=True)[:count])
    certificates = list(
        Certificate.objects.filter(pk__in=ids)
        .select_related("person", "programme_level__programme", "entity")
        .order_by("session_id", "person__last_name", "person__first_name")
    )
    if len(certificates) < count:
        raise CommandError(
            f"{len(certificates)} certificats dans la base, {count} demandés : "
            "jeu de données incomplet."
        )
    return certificates


def pdf_figures(*, count: int) -> list[Figure]:
    certificates = latest_certificates(count)
    certificates_pdf(certificates[:1])  # fonts, templates

    started = time.perf_counter()
    for certificate in certificates:
        data = certificates_pdf([certificate])
        if not data.startswith(b"%PDF-"):
            raise CommandError(f"Le PDF du certificat {certificate.number} n'est pas un PDF.")
    single = time.perf_counter() - started

    sessions = [list(group) for _, group in groupby(certificates, key=lambda c: c.session_id)]
    started = time.perf_counter()
    for group in sessions:
        if not certificates_pdf(group).startswith(b"%PDF-"):
            raise CommandError("Le PDF d'une session n'est pas un PDF.")
    grouped = time.perf_counter() - started
    return [
        Figure("certificate_pdf_single_rate", count / single, "per_s"),
        Figure("certificate_pdf_session_rate", count / grouped, "per_s"),
        Figure("certificate_pdf_session_files", len(sessions), "files"),
        Figure("certificate_pdf_session_mean", grouped / len(sessions) * 1000, "ms"),
    ]
