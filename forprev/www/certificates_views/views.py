from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from forprev.certificates.models import Certificate
from forprev.certificates.rules import can_revoke_certificate
from forprev.certificates.services import certificate_revoke as revoke
from forprev.core.exceptions import DomainError
from forprev.core.forms import DsfrForm

# 11 characters when issued here, up to 20 for the certificates taken over from Forprev 1.
NUMBER_MAX_LENGTH = Certificate._meta.get_field("number").max_length


class RevokeForm(DsfrForm):
    reason = forms.CharField(
        label=gettext_lazy("Motif de la révocation"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


@require_http_methods(["GET", "POST"])
def certificate_revoke(request, number):
    """Support and national revoke a certificate; the public verification then says so."""
    if not can_revoke_certificate(request.user):
        raise PermissionDenied
    if len(number) > NUMBER_MAX_LENGTH:  # never cut: a cut number may be another one
        raise Http404
    certificate = get_object_or_404(
        Certificate.objects.select_related("person", "programme_level__programme"),
        number=number,
    )
    form = RevokeForm(request.POST or None)
    if form.is_valid():
        try:
            revoke(certificate=certificate, by=request.user, reason=form.cleaned_data["reason"])
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Le certificat %(number)s est révoqué.") % {"number": certificate.number}
            )
            return redirect("verification:verify_code", code=certificate.verification_code)
    return render(
        request, "certificates/certificate_revoke.html", {"certificate": certificate, "form": form}
    )
