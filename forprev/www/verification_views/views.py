"""Public certificate verification: by number (form) or by code (the QR code's link).

Shows whether the certificate is valid, expired or revoked, with its details, and nothing else
about the person. Unknown numbers and codes get a plain "not found"; guessing is throttled."""

from django import forms
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forprev.certificates.models import Certificate
from forprev.certificates.throttling import verification_allowed
from forprev.core.forms import DsfrForm


class VerifyForm(DsfrForm):
    number = forms.CharField(
        label=_("Numéro du certificat"),
        help_text=_("Il figure sur le certificat, par exemple C7KQ2M9XHTR."),
        max_length=20,
    )


def _certificate(**lookup):
    return (
        Certificate.objects.select_related("person", "programme_level__programme", "entity")
        .filter(**lookup)
        .first()
    )


def _throttled(request):
    return render(request, "verification/throttled.html", status=429)


@login_not_required
@require_safe
def verify_form(request):
    form = VerifyForm(request.GET or None)
    context = {"form": form}
    if form.is_valid():
        if not verification_allowed(request):
            return _throttled(request)
        number = form.cleaned_data["number"].strip().upper().replace(" ", "")
        certificate = _certificate(number=number)
        if certificate is not None:
            return redirect("verification:verify_code", code=certificate.verification_code)
        context["not_found"] = True
        return render(request, "verification/verify_form.html", context, status=404)
    return render(request, "verification/verify_form.html", context)


@login_not_required
@require_safe
def verify_code(request, code):
    if not verification_allowed(request):
        return _throttled(request)
    certificate = _certificate(verification_code=code[:32]) if "\x00" not in code else None
    if certificate is None:
        return render(request, "verification/not_found.html", status=404)
    return render(
        request,
        "verification/certificate.html",
        {"certificate": certificate, "state": certificate.state_on(timezone.localdate())},
    )
