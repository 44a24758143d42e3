from base64 import b32encode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.accounts import otp
from forprev.accounts.forms import (
    CurrentPasswordForm,
    LoginForm,
    MyInfoForm,
    OtpTokenForm,
    OtpVerifyForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    SetPasswordForm,
)
from forprev.accounts.services import user_validate_info
from forprev.core.exceptions import DomainError
from forprev.core.ratelimit import Limit, allow
from forprev.people.services import identity_confirm_email, identity_update

HOUR = 3600


def _account_email_allowed(request, *, scope: str, address: str) -> bool:
    """E-mails a signed-in account sends itself (address change, two-factor link): limited per
    account, per target address and per client address."""
    per_hour = settings.FORPREV_ACCOUNT_EMAILS_PER_HOUR
    return allow(
        request,
        scope=f"{scope}:account",
        overall=Limit(5000, HOUR),
        per_client=Limit(5 * per_hour, HOUR),
        per_key=Limit(per_hour, HOUR),
        key=str(request.user.pk),
    ) and allow(request, scope=f"{scope}:address", per_key=Limit(per_hour, HOUR), key=address)


# Django's form views also answer PUT as a POST, and some redirect (a logged-in user on the login
# page) or answer (a bad reset link) before looking at the method: ours refuse other methods first.
FORM_METHODS = ["get", "post", "head", "options"]
only_form_methods = method_decorator(require_http_methods(["GET", "HEAD", "POST"]), name="dispatch")


@only_form_methods
class LoginView(auth_views.LoginView):
    http_method_names = FORM_METHODS
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(login_not_required, name="dispatch")
@only_form_methods
class PasswordResetView(auth_views.PasswordResetView):
    http_method_names = FORM_METHODS
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        """The same answer whatever happens (unknown address, limit reached): no oracle.

        Past the limits (per typed address, per client address, overall), nothing is sent."""
        if allow(
            self.request,
            scope="password_reset",
            overall=Limit(10_000, HOUR),
            per_client=Limit(settings.FORPREV_PASSWORD_RESET_PER_CLIENT_PER_HOUR, HOUR),
            per_key=Limit(settings.FORPREV_PASSWORD_RESET_PER_ADDRESS_PER_HOUR, HOUR),
            key=form.cleaned_data["email"],
        ):
            # domain_override: Django would otherwise read the request's Host header; the link
            # itself is built from FORPREV_SITE_URL by the form.
            form.save(
                domain_override=settings.FORPREV_SITE_URL,
                token_generator=self.token_generator,
                request=self.request,
            )
        return redirect(self.get_success_url())


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
@only_form_methods
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    http_method_names = FORM_METHODS
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@only_form_methods
class PasswordChangeView(auth_views.PasswordChangeView):
    http_method_names = FORM_METHODS
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:my_info")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return super().form_valid(form)


def _safe_next(request, default="dashboard:home"):
    target = request.POST.get("next") or request.GET.get("next")
    # A path of this site only: anything else would be read by redirect() as a view name.
    if (
        target
        and target.startswith("/")
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    if not request.user.is_staff_role:
        raise PermissionDenied
    if request.user.is_verified():
        return redirect(_safe_next(request))
    if otp.confirmed_device(request.user) is None:
        return redirect("accounts:otp_setup")
    form = OtpVerifyForm(request.POST or None)
    if form.is_valid():
        accepted = otp.verify(request=request, token=form.cleaned_data["token"])
        if accepted:
            if accepted == "recovery":
                messages.warning(
                    request,
                    _(
                        "Code de secours accepté ; il ne servira plus. Il vous en reste %(n)d. "
                        "Si vous avez perdu votre téléphone, remplacez votre application "
                        "d'authentification depuis « Double authentification »."
                    )
                    % {"n": otp.recovery_codes_left(request.user)},
                )
            return redirect(_safe_next(request))
        form.add_error("token", _("Code incorrect ou expiré. Réessayez avec le code affiché."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """Set up the authenticator app: only in a session that opened an enrolment link.

    Without one, the page offers to e-mail the link (first set-up) and shows no secret."""
    user = request.user
    if not user.is_staff_role:
        raise PermissionDenied
    device = otp.enrolment_device(request)
    if device is None:
        if otp.confirmed_device(user) is not None:
            return redirect("accounts:otp_manage" if user.is_verified() else "accounts:otp_verify")
        if request.method == "POST":
            _send_enrolment_link(request)
            return redirect("accounts:otp_setup")
        return render(request, "accounts/otp_setup.html", {"email": user.email})
    form = OtpTokenForm(request.POST or None)
    if form.is_valid():
        codes = otp.device_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes is not None:
            messages.success(request, _("La double authentification est activée."))
            return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})
        form.add_error("token", _("Code incorrect ou expiré. Réessayez avec le code affiché."))
    return render(
        request,
        "accounts/otp_setup.html",
        {
            "form": form,
            "qr_svg": otp.qr_svg(device),
            "secret": b32encode(device.bin_key).decode(),
            "email": user.email,
        },
    )


def _send_enrolment_link(request) -> None:
    user = request.user
    if _account_email_allowed(request, scope="otp_enrolment", address=user.email):
        try:
            otp.otp_enrolment_issue(user=user)
        except DomainError as error:
            messages.error(request, error.message)
            return
    # Same message past the limit: the previous links are on their way.
    messages.info(
        request,
        _(
            "Un lien d'activation a été envoyé à %(email)s. Ouvrez-le dans ce navigateur, dans "
            "les %(minutes)d minutes ; il ne sert qu'une fois."
        )
        % {"email": user.email, "minutes": settings.FORPREV_OTP_ENROLMENT_MINUTES},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def otp_enrolment_open(request, token):
    """The e-mailed link. GET shows a button only (mail scanners follow links: opening must not
    burn it); POST burns the link and lets this session set up a device."""
    if not request.user.is_staff_role:
        raise PermissionDenied
    if request.method == "POST":
        try:
            device = otp.otp_enrolment_use(user=request.user, token=token)
        except DomainError as error:
            return render(
                request, "accounts/otp_enrolment_open.html", {"error": error.message}, status=400
            )
        otp.grant_enrolment(request, device)
        return redirect("accounts:otp_setup")
    return render(request, "accounts/otp_enrolment_open.html", {"error": ""})


@never_cache
@require_http_methods(["GET", "POST"])
def otp_manage(request):
    """Verified staff: replace the authenticator app (through a new e-mailed link) or renew the
    recovery codes; both ask for the current password."""
    user = request.user
    if not user.is_staff_role:
        raise PermissionDenied
    if not user.is_verified():  # two-factor off (demo): nothing to manage
        return redirect("accounts:otp_setup")
    action = request.POST.get("action") if request.method == "POST" else None
    forms = {
        name: CurrentPasswordForm(
            request.POST if action == name else None, request=request, prefix=name
        )
        for name in ("replace", "codes")
    }
    form = forms.get(action)
    if form is not None and form.is_valid():
        if action == "codes":
            codes = otp.recovery_codes_generate(user=user)
            messages.success(request, _("Vos nouveaux codes de secours remplacent les anciens."))
            return render(request, "accounts/otp_recovery_codes.html", {"codes": codes})
        _send_enrolment_link(request)
        return redirect("accounts:otp_manage")
    device = otp.confirmed_device(user)
    return render(
        request,
        "accounts/otp_manage.html",
        {
            "device": device,
            "codes_left": otp.recovery_codes_left(user),
            "replace_form": forms["replace"],
            "codes_form": forms["codes"],
        },
    )


@require_safe
def my_info(request):
    return render(request, "accounts/my_info.html", {"account": request.user})


@require_http_methods(["GET", "POST"])
def my_info_edit(request):
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    form = MyInfoForm(request.POST or None, user=user, request=request, initial=initial)
    if form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("first_name", "last_name", "email")}
        if data["email"] != user.email and not _account_email_allowed(
            request, scope="email_change", address=data["email"]
        ):
            form.add_error(
                "email",
                _("Trop de demandes de changement d'adresse : réessayez dans une heure."),
            )
            return render(request, "accounts/my_info_edit.html", {"form": form})
        try:
            sent = identity_update(user=user, **data)  # the account and its person, together
        except DomainError as error:
            user.refresh_from_db()  # nothing was saved: the page shows the account as it is
            form.add_error(error.field, error.message)
        else:
            messages.success(request, _("Vos informations ont été enregistrées."))
            if sent:
                messages.info(
                    request,
                    _(
                        "Un lien de confirmation a été envoyé à %(email)s. La nouvelle adresse "
                        "sera prise en compte après confirmation."
                    )
                    % {"email": form.cleaned_data["email"]},
                )
            return redirect("accounts:my_info")
    return render(request, "accounts/my_info_edit.html", {"form": form})


@require_POST
def my_info_validate(request):
    user_validate_info(user=request.user)
    messages.success(request, _("Merci : vos informations sont validées."))
    return redirect("accounts:my_info")


@require_http_methods(["GET", "POST"])
def email_confirm(request, token):
    if request.method == "POST":
        try:
            identity_confirm_email(user=request.user, token=token)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Votre nouvelle adresse électronique est confirmée."))
        return redirect("accounts:my_info")
    return render(request, "accounts/email_confirm.html", {"token": token})
