"""The decision letter (PDF), rendered from an HTML template by WeasyPrint (~50 ms a page)."""

from django.template.loader import render_to_string
from django.utils import timezone


def decision_letter_pdf(application) -> bytes:
    import weasyprint  # imported here: start-up stays fast for processes that never print

    html = render_to_string(
        "accreditations/letter.html",
        {
            "application": application,
            "accreditations": application.accreditations.select_related(
                "programme_level__programme"
            ),
            "items": application.items.select_related("programme_level__programme"),
            "today": timezone.localdate(),
        },
    )
    return weasyprint.HTML(string=html).write_pdf()
