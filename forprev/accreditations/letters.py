"""The decision letter (PDF), rendered from an HTML template by WeasyPrint (~50 ms a page).

Everything the letter says comes from what was stored when the decision was taken (its date,
reference, signatory): the same letter whenever it is downloaded. A refusal carries the
« voies et délais de recours »."""

from django.template.loader import render_to_string
from django.utils import timezone


def decision_letter_context(application) -> dict:
    return {
        "application": application,
        "accreditations": application.accreditations.select_related("programme_level__programme"),
        "items": application.items.select_related("programme_level__programme"),
        "decided_on": timezone.localdate(application.decided_at)
        if application.decided_at
        else None,
    }


def decision_letter_html(application) -> str:
    return render_to_string("accreditations/letter.html", decision_letter_context(application))


def decision_letter_pdf(application) -> bytes:
    import weasyprint  # imported here: start-up stays fast for processes that never print

    return weasyprint.HTML(string=decision_letter_html(application)).write_pdf()
