"""Public certificate verification: by number (form) or by code (the QR code's link).

Shows whether the certificate is valid, expired or revoked, with its details, and nothing else
about the person. Unknown numbers and codes get a plain "not found"; guessing is throttled."""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from forprev.certificates import page_cache
from forprev.certificates.models import Certificate
from forprev.certificates.selectors import public_certificate
from forprev.certificates.throttling import verification_allowed
from forprev.core.forms import DsfrForm

from .body import certificate_body, certificate_title


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


def _cacheable(request) -> bool:
    """Visitors without a session (so anonymous) nor pending messages all get the same page for
    a code. Looking at the cookies spares loading the user on the fast path."""
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and "messages" not in cookies


def _anonymous_page(request, certificate, state) -> bytes:
    """The certificate's page for anonymous visitors (UTF-8, nonce placeholder inside): the
    layout around it (header, menu, footer — the same for every code) is rendered once and
    kept; only the certificate's part is built per request. The result is the page
    ``certificate.html`` renders."""
    shell = page_cache.cached_shell()
    if shell is None:
        shell = page_cache.keep_shell(
            render_to_string(
                "verification/certificate_shell.html",
                {"csp_nonce": page_cache.NONCE_PLACEHOLDER},
                request,
            )
        )
    head, middle, tail = shell
    title = escape(certificate_title(certificate)).encode()
    body = certificate_body(certificate, state).encode()
    return b"".join((head, title, middle, body, tail))


@login_not_required
@require_safe
def verify_code(request, code):
    if not verification_allowed(request):
        return _throttled(request)
    code = code[:32]
    today = timezone.localdate()
    cacheable = _cacheable(request)
    if cacheable and (page := page_cache.cached_page(code, today)) is not None:
        return HttpResponse(page_cache.with_nonce(page, get_nonce(request)))
    certificate = public_certificate(code) if page_cache.CODE_RE.match(code) else None
    if certificate is None:
        return render(request, "verification/not_found.html", status=404)
    state = certificate.state_on(today)
    if not cacheable:
        return render(
            request,
            "verification/certificate.html",
            {"title": certificate_title(certificate), "body": certificate_body(certificate, state)},
        )
    page = _anonymous_page(request, certificate, state)
    page_cache.keep_page(code, today, page)
    return HttpResponse(page_cache.with_nonce(page, get_nonce(request)))
