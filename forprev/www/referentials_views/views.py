from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forprev.referentials.models import Caisse, Department, Programme, ProgrammeLevel
from forprev.referentials.rules import can_edit_referentials, can_view_referentials


@require_safe
def referentials_index(request):
    if not can_view_referentials(request.user):
        raise PermissionDenied
    programmes = Programme.objects.prefetch_related(
        Prefetch("levels", queryset=ProgrammeLevel.objects.order_by("level"))
    )
    caisses = Caisse.objects.prefetch_related(
        Prefetch("departments", queryset=Department.objects.order_by("code"))
    )
    return render(
        request,
        "referentials/index.html",
        {
            "programmes": programmes,
            "caisses": caisses,
            "can_edit": can_edit_referentials(request.user),
        },
    )
