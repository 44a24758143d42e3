from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.accounts.enums import Role
from forprev.certificates.pdf import certificates_pdf
from forprev.certificates.rules import can_download_session_certificates
from forprev.core.exceptions import DomainError
from forprev.training import closing, rules, services
from forprev.training.declaring import has_habilitation
from forprev.training.enums import SessionStatus
from forprev.training.forms import (
    SHORTCUTS,
    VALIDATION_RESULTS,
    ImportForm,
    SessionCloseForm,
    SessionForm,
    SessionValidateForm,
)
from forprev.training.models import TrainingSession
from forprev.www.list_filters import filter_scope, grouped

from .filters import SessionFilterForm

PAGE_SIZE = 50


def _session(request, public_id):
    return get_object_or_404(
        TrainingSession.objects.visible_to(request.user).select_related(
            "entity", "programme_level__programme"
        ),
        public_id=public_id,
    )


@require_safe
def session_list(request):
    sessions = TrainingSession.objects.visible_to(request.user)
    if request.role.entity is not None:
        sessions = sessions.filter(entity=request.role.entity)
    elif not (request.role.is_staff or request.role.role == Role.TRAINER):
        raise PermissionDenied
    form = SessionFilterForm(request.GET or None, **filter_scope(request))
    sessions = form.apply(sessions)
    sessions = sessions.select_related("entity", "programme_level__programme").order_by(
        "-starts_on", "-pk"
    )
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    can_declare = request.role.entity is not None and rules.can_start_declaration(
        request.user, request.role.entity
    )
    count = page.paginator.count
    return render(
        request,
        "training/session_list.html",
        {
            "page": page,
            "can_declare": can_declare,
            "form": form,
            "total": ngettext("%(count)s session", "%(count)s sessions", count)
            % {"count": grouped(count)},
        },
    )


@require_http_methods(["GET", "POST"])
def session_create(request):
    """Declare a session: the dispositifs and levels the entity is habilitated for, trainers
    from its équipe pédagogique. Without any habilitation the page says why, with no form."""
    entity = request.role.entity
    if entity is None or not rules.can_declare_session(request.user, entity):
        raise PermissionDenied
    if not has_habilitation(entity):
        return render(request, "training/session_create.html", {"form": None, "entity": entity})
    form = SessionForm(request.POST if request.method == "POST" else None, entity=entity)
    if form.is_valid():
        fields = {name: form.cleaned_data[name] for name in SessionForm.Meta.fields}
        try:
            session = services.session_create(
                entity=entity,
                by=request.user,
                trainers=list(form.cleaned_data["team"]),
                trainer_logins=form.cleaned_data["trainers"],
                **fields,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("La session est déclarée : ajoutez les stagiaires."))
            return redirect("training:session_detail", public_id=session.public_id)
    return render(request, "training/session_create.html", {"form": form, "entity": entity})


@require_safe
def session_detail(request, public_id):
    """The session; its trainees and certificates only to those who may see them (a delegate
    without a session right sees dates, place and trainers' names)."""
    session = _session(request, public_id)
    sees_trainees = rules.can_view_session_trainees(request.user, session)
    enrolments = session.enrolments.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )
    certificates = session.certificates.select_related("person").order_by(
        "person__last_name", "person__first_name"
    )
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "trainers": session.trainers.select_related("trainer"),
            "sees_trainees": sees_trainees,
            "show_trainer_numbers": rules.can_see_trainer_numbers(request.user, session),
            "enrolments": enrolments if sees_trainees else enrolments.none(),
            "can_edit": rules.can_edit_session(request.user, session),
            "certificates": certificates if sees_trainees else certificates.none(),
            "can_download_certificates": can_download_session_certificates(request.user, session),
            "can_submit": rules.can_submit_session(request.user, session),
            "can_validate": rules.can_validate_session(request.user, session),
            "can_close": rules.can_close_session(request.user, session),
            "can_amend": rules.can_amend_session(request.user, session),
            "can_request_regularisation": rules.can_request_regularisation(
                request.user, session.entity
            ),
            "amendments": session.amendments.select_related("by"),
            "regularisations": session.regularisations.order_by("-created_at"),
            "import_form": ImportForm(),
        },
    )


@require_POST
def session_submit(request, public_id):
    session = _session(request, public_id)
    if not rules.can_submit_session(request.user, session):
        raise PermissionDenied
    try:
        closing.session_submit(session=session, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("La session est soumise au formateur pour validation."))
    return redirect("training:session_detail", public_id=session.public_id)


@require_http_methods(["GET", "POST"])
def session_validate(request, public_id):
    """The trainer confirms each trainee's identity and marks passed / failed / absent. On an
    error every answer comes back, each error naming its trainee; the shortcut buttons
    (« Identité vérifiée pour tous », « Tous reçus ») fill every row and save nothing."""
    session = _session(request, public_id)
    if not rules.can_validate_session(request.user, session):
        raise PermissionDenied
    enrolments = session.enrolments.select_related("person").order_by(
        "person__last_name", "person__first_name", "pk"
    )
    data = request.POST if request.method == "POST" else None
    form = SessionValidateForm(data, enrolments=enrolments)
    shortcut = request.POST.get("shortcut", "")
    if form.is_bound and shortcut in SHORTCUTS:
        form = form.with_shortcut(shortcut)
    elif form.is_valid():
        try:
            closing.session_validate(session=session, by=request.user, results=form.results())
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Session validée : l'entité peut la clôturer."))
            return redirect("training:session_detail", public_id=session.public_id)
    return render(
        request,
        "training/session_validate.html",
        {
            "session": session,
            "form": form,
            "rows": form.rows(),
            "results": VALIDATION_RESULTS,
        },
    )


@require_http_methods(["GET", "POST"])
def session_close(request, public_id):
    """GET: what closing will do (the certificates issued, to whom; irreversible). Only a POST
    carrying the explicit confirmation closes."""
    session = _session(request, public_id)
    if session.status == SessionStatus.CLOSED and rules.has_close_right(
        request.user, session.entity
    ):
        messages.info(request, _("La session est déjà clôturée."))  # a second click
        return redirect("training:session_detail", public_id=session.public_id)
    if not rules.can_close_session(request.user, session):
        raise PermissionDenied
    form = SessionCloseForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            closed = closing.session_close(session=session, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            if closed.closed_now:
                messages.success(request, _("La session est clôturée."))
            else:  # somebody else closed it a moment before
                messages.info(request, _("La session est déjà clôturée."))
        return redirect("training:session_detail", public_id=session.public_id)
    passed = closing.passed_enrolments(session)
    count = len(passed)
    return render(
        request,
        "training/session_close_confirm.html",
        {
            "session": session,
            "form": form,
            "passed": passed,
            "announce": ngettext(
                "%(count)d certificat sera délivré, à :",
                "%(count)d certificats seront délivrés, à :",
                count,
            )
            % {"count": count},
            "problems": closing.closing_problems(
                session,
                today=timezone.localdate(),
                waived=closing.open_waivers(session, today=timezone.localdate()),
            ),
        },
    )


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def session_certificates_pdf(request, public_id):
    """Every certificate of the session in one PDF (regenerated on each download)."""
    session = _session(request, public_id)
    if not can_download_session_certificates(request.user, session):
        raise PermissionDenied
    certificates = list(
        session.certificates.select_related(
            "person", "programme_level__programme", "entity", "session"
        ).order_by("person__last_name", "person__first_name")
    )
    if not certificates:
        raise Http404
    return _pdf_response(certificates_pdf(certificates), f"certificats-{session.public_id}.pdf")


@require_safe
def certificate_pdf(request, public_id, number):
    session = _session(request, public_id)
    if not can_download_session_certificates(request.user, session):
        raise PermissionDenied
    certificate = get_object_or_404(
        session.certificates.select_related(
            "person", "programme_level__programme", "entity", "session"
        ),
        number=number,  # up to 20 characters for the certificates of Forprev 1: never cut
    )
    return _pdf_response(certificates_pdf([certificate]), f"certificat-{certificate.number}.pdf")
