"""Support's changes to a closed session (the session page shows their history)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from forprev.core.exceptions import DomainError
from forprev.training.amendments import session_amend as amend
from forprev.training.models import TrainingSession
from forprev.training.regularisation_forms import AmendmentForm
from forprev.training.rules import can_amend_session


@require_http_methods(["GET", "POST"])
def session_amend(request, public_id):
    session = get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related(
            "entity", "programme_level__programme"
        ),
        public_id=public_id,
    )
    if not can_amend_session(request.user, session):
        raise PermissionDenied
    trainers = session.trainers.select_related("trainer").order_by("trainer__forprev_id")
    initial = {
        "programme_level": session.programme_level_id,
        "starts_on": session.starts_on,
        "ends_on": session.ends_on,
        "place_address": session.place_address,
        "place_city": session.place_city,
        "trainers": ", ".join(t.trainer.forprev_id for t in trainers),
    }
    form = AmendmentForm(request.POST or None, initial=initial)
    if form.is_valid():
        data = form.cleaned_data
        try:
            amend(
                session=session,
                by=request.user,
                reason=data["reason"],
                programme_level=data["programme_level"],
                trainer_logins=data["trainers"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                place_address=data["place_address"],
                place_city=data["place_city"],
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("La session est modifiée ; ses certificats sont régénérés.")
            )
            return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_amend.html", {"session": session, "form": form})
