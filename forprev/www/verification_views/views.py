"""Public certificate verification: by code (the QR code's link) or by number (form).

The code is random (a QR code's secret): its page shows the certificate's state and details.
Numbers are typed by people and, for the certificates taken over from Forprev 1, sequential
(``SST22-0048213``): looked up by number, the certificate is shown only to a visitor who also
gives its holder's last name or birth date, on the form's page itself (the code stays secret).
Otherwise the answer is the same whether the number exists or not. Look-ups are throttled per
client address (read behind the trusted proxies, ``forprev.core.client_ip``) and overall;
numbers more strictly than codes, and wrong answers per number (docs/security/verification.md).
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.middleware.csp import get_nonce
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from forprev.certificates import page_cache
from forprev.certificates.models import Certificate
from forprev.certificates.selectors import public_certificate, public_certificate_of_holder
from forprev.core import ratelimit
from forprev.core.forms import DsfrForm
from forprev.core.ratelimit import Limit

from .body import certificate_body, certificate_title

NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length
# Dashes people type or paste instead of the hyphen of « SST22-0048213 ».
_DASHES = str.maketrans({"‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-"})


def normalise_number(value: str) -> str:
    """As numbers are stored: upper case, no spaces (switch-over included)."""
    return "".join(value.split()).upper().translate(_DASHES)


class VerifyForm(DsfrForm):
    number = forms.CharField(
        label=_("Numéro du certificat"),
        help_text=_("Il figure sur le certificat, par exemple C7KQ2M9XHTR ou SST22-0048213."),
        max_length=2 * NUMBER_MAX_LENGTH,  # spaces typed inside are dropped below
    )
    last_name = forms.CharField(
        label=_("Nom du titulaire"),
        help_text=_("Nom de naissance ou d'usage, tel qu'il figure sur le certificat."),
        max_length=150,
        required=False,
    )
    birth_date = forms.DateField(
        label=_("ou sa date de naissance"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_number(self):
        number = normalise_number(self.cleaned_data["number"])
        if not number:
            raise forms.ValidationError(_("Indiquez le numéro du certificat."))
        if len(number) > NUMBER_MAX_LENGTH:
            raise forms.ValidationError(
                _("Un numéro de certificat a au plus %(count)d caractères.")
                % {"count": NUMBER_MAX_LENGTH}
            )
        return number

    def clean_last_name(self):
        return self.cleaned_data["last_name"].strip()

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("last_name") and not cleaned.get("birth_date") and not self.errors:
            raise forms.ValidationError(
                _(
                    "Indiquez aussi le nom du titulaire ou sa date de naissance : le numéro seul "
                    "ne suffit pas à afficher un certificat."
                )
            )
        return cleaned


def _throttled(request, template="verification/throttled.html"):
    return render(request, template, status=429)


def code_lookup_allowed(request) -> bool:
    """A code's page: the client's minute and the service's."""
    return ratelimit.allow(
        request,
        scope="verify-code",
        overall=Limit(settings.FORPREV_VERIFY_GLOBAL_PER_MINUTE, 60),
        per_client=Limit(settings.FORPREV_VERIFY_PER_MINUTE, 60),
    )


def number_lookup_allowed(request) -> bool:
    """A look-up by number, the harvesting path: stricter per client than codes."""
    return ratelimit.allow(
        request,
        scope="verify-number",
        overall=Limit(settings.FORPREV_VERIFY_NUMBER_GLOBAL_PER_MINUTE, 60),
        per_client=Limit(settings.FORPREV_VERIFY_NUMBER_PER_MINUTE, 60),
    )


def _attempts(number: str) -> dict:
    """The wrong answers given for a number, counted whether it exists or not."""
    return {
        "scope": "verify-number-failures",
        "per_key": Limit(settings.FORPREV_VERIFY_NUMBER_FAILURES_PER_HOUR, 3600),
        "key": number,
    }


@login_not_required
@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_form(request):
    """GET: the form (``?number=`` fills the number in, nothing is looked up). POST: the
    certificate of the number, shown here only when the holder's last name or birth date
    matches; otherwise « nothing to show », the same page whether the number exists or not."""
    if request.method != "POST":
        number = "".join(c for c in request.GET.get("number", "") if c.isprintable())
        number = normalise_number(number[: 2 * NUMBER_MAX_LENGTH])
        form = VerifyForm(initial={"number": number} if number else None)
        return render(request, "verification/verify_form.html", {"form": form})
    form = VerifyForm(request.POST)
    if not form.is_valid():
        return render(request, "verification/verify_form.html", {"form": form})
    if not number_lookup_allowed(request):
        return _throttled(request)
    number = form.cleaned_data["number"]
    # Counted before the comparison (concurrent guesses each get their own count), taken back
    # when right: only wrong answers lock a number, whether it exists or not.
    if not ratelimit.allow(**_attempts(number)):
        return _throttled(request, "verification/number_locked.html")
    certificate = public_certificate_of_holder(
        number,
        last_name=form.cleaned_data["last_name"],
        birth_date=form.cleaned_data["birth_date"],
    )
    if certificate is None:
        context = {"form": form, "not_found": True}
        return render(request, "verification/verify_form.html", context, status=404)
    ratelimit.undo(**_attempts(number))
    body = certificate_body(certificate, certificate.state_on(timezone.localdate()))
    return render(
        request,
        "verification/verify_form.html",
        {"form": VerifyForm(), "title": certificate_title(certificate), "body": body},
    )


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
    if not code_lookup_allowed(request):
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
