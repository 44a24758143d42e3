from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.accreditations import rules
from forprev.accreditations.completeness import dossier_completeness
from forprev.accreditations.documents import (
    content_disposition,
    download_filename,
    file_type_of,
)
from forprev.accreditations.forms import (
    CommentForm,
    ComplementsForm,
    CompleteForm,
    DecisionForm,
    DocumentForm,
    OpinionForm,
    ProposeTrainerForm,
    RequestCreateForm,
)
from forprev.accreditations.letters import decision_letter_pdf
from forprev.accreditations.models import AccreditationRequest
from forprev.accreditations.review_queue import counts_by_status, queue_for
from forprev.accreditations.services import decision, requests, review
from forprev.core.exceptions import DomainError
from forprev.www.list_filters import filter_scope, grouped

from .filters import RequestListFilterForm

PAGE_SIZE = 50


def _visible_request(request, public_id):
    return get_object_or_404(
        AccreditationRequest.objects.visible_to(request.user).select_related(
            "entity__caisse", "reviewer", "decided_by"
        ),
        public_id=public_id,
    )


def _viewable(request, application):
    """Members need the right to consult applications; staff see their scope."""
    if not rules.can_view_requests(request.user, application.entity):
        raise PermissionDenied
    return application


@require_safe
def request_list(request):
    """Staff: the queue of their scope. Entity members: their entity's applications."""
    if request.role.is_staff or request.user.is_superuser:
        scope = {}
    elif request.role.entity is not None and rules.can_view_requests(
        request.user, request.role.entity
    ):
        scope = {"entity": request.role.entity}
    else:
        raise PermissionDenied
    base = queue_for(request.user).filter(**scope)
    form = RequestListFilterForm(request.GET or None, **filter_scope(request))
    applications = form.apply(queue_for(request.user, form.filters()).filter(**scope))
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    count = page.paginator.count
    can_create = request.role.entity is not None and rules.can_create_request(
        request.user, request.role.entity
    )
    kind_freezes = rules.request_kind_freezes(request.user) if can_create else {}
    return render(
        request,
        "accreditations/request_list.html",
        {
            "page": page,
            "form": form,
            "total": ngettext("%(count)s demande", "%(count)s demandes", count)
            % {"count": grouped(count)},
            "counts": counts_by_status(base),
            "can_create": can_create,
            # Every kind frozen: the button opens the freezes' message instead of the form.
            "create_freezes": list(kind_freezes.values())
            if len(kind_freezes) == len(rules.REQUEST_KIND_ACTIONS)
            else [],
        },
    )


@require_http_methods(["GET", "POST"])
def request_create(request):
    entity = request.role.entity
    if entity is None or not rules.can_create_request(request.user, entity):
        raise PermissionDenied
    form = RequestCreateForm(request.POST or None)
    if form.is_valid():
        try:
            application = requests.request_create(
                entity=entity,
                kind=form.cleaned_data["kind"],
                programme_levels=form.cleaned_data["programme_levels"],
                by=request.user,
            )
        except DomainError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request, _("Le brouillon de la demande est créé : ajoutez les pièces.")
            )
            return redirect("accreditations:request_detail", public_id=application.public_id)
    kind_freezes = rules.request_kind_freezes(request.user)
    return render(
        request,
        "accreditations/request_create.html",
        {
            "form": form,
            "entity": entity,
            "freezes": list(kind_freezes.values()),
            "all_frozen": len(kind_freezes) == len(rules.REQUEST_KIND_ACTIONS),
        },
    )


@require_safe
def request_detail(request, public_id):
    application = _viewable(request, _visible_request(request, public_id))
    user = request.user
    return render(
        request,
        "accreditations/request_detail.html",
        {
            "application": application,
            "items": application.items.select_related("programme_level__programme"),
            "documents": application.documents.select_related("uploaded_by"),
            "proposed_trainers": application.proposed_trainers.select_related("trainer"),
            "trainer_form": ProposeTrainerForm(),
            "events": application.events.select_related("actor"),
            "accreditations": application.accreditations.select_related(
                "programme_level__programme"
            ),
            # « Complétude du dossier », for the applicant and the instructor alike.
            "completeness": dossier_completeness(application, day=timezone.localdate()),
            "can": {
                "edit": rules.can_edit_request(user, application),
                "remove_documents": rules.can_remove_document(user, application),
                "transmit": rules.can_transmit_request(user, application),
                "complete": rules.can_complete_request(user, application),
                "comment": rules.can_comment_request(user, application),
                "take": rules.can_take_request(user, application),
                "review": rules.can_review_request(user, application),
                "decide": rules.can_decide_request(user, application),
            },
            "document_form": DocumentForm(),
            "comment_form": CommentForm(),
            "complements_form": ComplementsForm(),
            "complete_form": CompleteForm(),
            "opinion_form": OpinionForm(),
            "decision_form": DecisionForm(),
        },
    )


def _act(request, public_id, *, allowed, form_class=None, action, success):
    """The shape of every action: visible (404) → allowed (403) → form → service → message."""
    application = _viewable(request, _visible_request(request, public_id))
    if not allowed(request.user, application):
        raise PermissionDenied
    data = {}
    if form_class is not None:
        form = form_class(request.POST, request.FILES)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    messages.error(request, error)
            return redirect("accreditations:request_detail", public_id=application.public_id)
        data = form.cleaned_data
    try:
        action(application, data)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success)
    return redirect("accreditations:request_detail", public_id=application.public_id)


@require_POST
def document_add(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_edit_request,
        form_class=DocumentForm,
        action=lambda app, data: requests.document_add(
            request=app, kind=data["kind"], uploaded=data["file"], by=request.user
        ),
        success=_("Le document est ajouté au dossier."),
    )


@require_http_methods(["GET", "POST"])
def document_remove(request, public_id, document_id):
    """Confirm (GET), then remove (POST) a piece of a draft. The manager only (403 for anyone
    else who sees the application); once transmitted, a French message and nothing removed."""
    application = _viewable(request, _visible_request(request, public_id))
    if not rules.can_prepare_request(request.user, application):
        raise PermissionDenied
    document = application.documents.filter(public_id=document_id).first()
    if document is None:
        raise Http404
    if request.method == "POST":
        try:
            requests.document_remove(document=document, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("La pièce « %(name)s » est retirée du dossier.")
                % {"name": document.original_name},
            )
        return redirect("accreditations:request_detail", public_id=application.public_id)
    if not rules.can_remove_document(request.user, application):
        messages.error(request, requests.PIECES_LOCKED)
        return redirect("accreditations:request_detail", public_id=application.public_id)
    return render(
        request,
        "accreditations/document_remove.html",
        {"application": application, "document": document},
    )


@require_POST
def trainer_propose(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_edit_request,
        form_class=ProposeTrainerForm,
        action=lambda app, data: requests.trainer_propose(
            request=app, login=data["login"], by=request.user
        ),
        success=_("Le formateur est ajouté au dossier."),
    )


@require_POST
def trainer_withdraw(request, public_id, proposed_id):
    def withdraw(app, data):
        proposed = app.proposed_trainers.filter(pk=proposed_id).first()
        if proposed is None:
            raise Http404
        requests.trainer_withdraw(proposed=proposed, by=request.user)

    return _act(
        request,
        public_id,
        allowed=rules.can_edit_request,
        action=withdraw,
        success=_("Le formateur est retiré du dossier."),
    )


@require_safe
def document_download(request, public_id, document_id):
    application = _viewable(request, _visible_request(request, public_id))
    document = application.documents.filter(public_id=document_id).first()
    if document is None:
        raise Http404
    file_type = file_type_of(document.content_type)  # detected at upload
    try:
        stream = document.file.open("rb")  # stored names old and new alike
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(stream, content_type=file_type.content_type)
    # Always a download, named with the detected type's extension; never rendered inline.
    response["Content-Disposition"] = content_disposition(
        download_filename(document.original_name, file_type)
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_safe
def decision_letter(request, public_id):
    """The decision letter, once the national committee has decided."""
    application = _viewable(request, _visible_request(request, public_id))
    if not application.decision:
        raise Http404
    response = HttpResponse(decision_letter_pdf(application), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="decision-habilitation-{application.entity.siret}.pdf"'
    )
    return response


@require_POST
def comment_add(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_comment_request,
        form_class=CommentForm,
        action=lambda app, data: requests.request_comment(
            request=app, body=data["body"], by=request.user
        ),
        success=_("Votre message est ajouté à l'historique."),
    )


@require_POST
def request_transmit(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_transmit_request,
        action=lambda app, data: requests.request_transmit(request=app, by=request.user),
        success=_("La demande est transmise à votre caisse."),
    )


@require_POST
def request_complete(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_complete_request,
        form_class=CompleteForm,
        action=lambda app, data: requests.request_complete(
            request=app, by=request.user, message=data["message"]
        ),
        success=_("Les compléments sont signalés à votre caisse."),
    )


@require_POST
def request_take(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_take_request,
        action=lambda app, data: review.request_take(request=app, by=request.user),
        success=_("Vous instruisez cette demande."),
    )


@require_POST
def request_ask_complements(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_review_request,
        form_class=ComplementsForm,
        action=lambda app, data: review.request_ask_complements(
            request=app, by=request.user, message=data["message"]
        ),
        success=_("La demande de compléments est envoyée au gestionnaire."),
    )


@require_POST
def request_opinion(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_review_request,
        form_class=OpinionForm,
        action=lambda app, data: review.request_give_opinion(
            request=app, by=request.user, opinion=data["opinion"], reason=data["reason"]
        ),
        success=_("L'avis de la caisse est enregistré et transmis à la commission nationale."),
    )


@require_POST
def request_decide(request, public_id):
    return _act(
        request,
        public_id,
        allowed=rules.can_decide_request,
        form_class=DecisionForm,
        action=lambda app, data: decision.request_decide(
            request=app, by=request.user, decision=data["decision"], reason=data["reason"]
        ),
        success=_("La décision est enregistrée et notifiée."),
    )
