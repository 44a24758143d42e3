from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forprev.core.exceptions import DomainError
from forprev.entities.application import entity_apply
from forprev.entities.rules import application_freeze

from .forms import ApplyForm

LOGIN_BACKEND = "forprev.accounts.backends.ForprevIdOrEmailBackend"


@login_not_required
@require_http_methods(["GET", "POST"])
def start(request):
    """The public application: a provisional account for a new entity and its manager (CEH).

    Someone already logged in gets an explanation instead of the form: an application creates a
    new manager account, so they log out first, or use their entity space if it already exists.
    """
    if request.user.is_authenticated:
        return render(request, "apply/start_logged_in.html")
    form = ApplyForm(request.POST or None)
    if form.is_valid():
        try:
            entity, user = entity_apply(
                entity_fields=form.entity_fields(),
                manager_fields=form.manager_fields(),
                password=form.cleaned_data["password1"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            login(request, user, backend=LOGIN_BACKEND)
            messages.success(
                request,
                _(
                    "Le compte de %(entity)s est créé. Votre numéro Forprev est %(forprev_id)s : "
                    "c'est votre identifiant de connexion, il vous a aussi été envoyé par "
                    "courriel. Complétez maintenant le tronc commun de votre entité."
                )
                % {"entity": entity.name, "forprev_id": user.forprev_id},
            )
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect("dashboard:home")
    freeze = application_freeze()
    return render(
        request, "apply/start.html", {"form": form, "freezes": [freeze] if freeze else []}
    )
