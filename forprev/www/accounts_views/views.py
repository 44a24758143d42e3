from base64 import b32encode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.accounts import otp
from forprev.accounts.forms import (
    LoginForm,
    MyInfoForm,
    OtpTokenForm,
    PasswordChangeForm,
    PasswordResetRequestForm,
    SetPasswordForm,
)
from forprev.accounts.services import user_confirm_email, user_update_info, user_validate_info
from forprev.core.exceptions import DomainError


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(auth_views.LogoutView):
    pass


@method_decorator(login_not_required, name="dispatch")
class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    form_class = PasswordResetRequestForm
    success_url = reverse_lazy("accounts:password_reset_done")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@method_decorator(login_not_required, name="dispatch")
class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    form_class = PasswordChangeForm
    success_url = reverse_lazy("accounts:my_info")

    def form_valid(self, form):
        messages.success(self.request, _("Votre mot de passe a été modifié."))
        return super().form_valid(form)


def _safe_next(request, default="dashboard:home"):
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
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
    form = OtpTokenForm(request.POST or None)
    if form.is_valid():
        if otp.verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_safe_next(request))
        form.add_error("token", _("Code incorrect ou expiré. Réessayez avec le code affiché."))
    return render(
        request, "accounts/otp_verify.html", {"form": form, "next": _safe_next(request, "")}
    )


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    if not request.user.is_staff_role:
        raise PermissionDenied
    if otp.confirmed_device(request.user) is not None:
        return redirect("accounts:otp_verify")
    device = otp.pending_device(request.user)
    form = OtpTokenForm(request.POST or None)
    if form.is_valid():
        if otp.device_confirm(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("La double authentification est activée."))
            return redirect("dashboard:home")
        form.add_error("token", _("Code incorrect ou expiré. Réessayez avec le code affiché."))
    return render(
        request,
        "accounts/otp_setup.html",
        {"form": form, "qr_svg": otp.qr_svg(device), "secret": b32encode(device.bin_key).decode()},
    )


@require_safe
def my_info(request):
    return render(request, "accounts/my_info.html", {"account": request.user})


@require_http_methods(["GET", "POST"])
def my_info_edit(request):
    user = request.user
    initial = {"first_name": user.first_name, "last_name": user.last_name, "email": user.email}
    form = MyInfoForm(request.POST or None, user=user, initial=initial)
    if form.is_valid():
        try:
            sent = user_update_info(user=user, **form.cleaned_data)
        except DomainError as error:
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
            user_confirm_email(user=request.user, token=token)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("Votre nouvelle adresse électronique est confirmée."))
        return redirect("accounts:my_info")
    return render(request, "accounts/email_confirm.html", {"token": token})
