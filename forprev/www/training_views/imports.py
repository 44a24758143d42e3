"""Importing a session's trainees from a file: the preview, its confirmation, and the template.

The preview reads the file and writes nothing: every row with its errors, the people already
enrolled in the session (their lines are skipped), the number of trainees the import will enrol
and whether the places left suffice. The confirm button is offered only when the import can be
done as shown; the confirmation checks it all again (``services.trainees_import``).

The template (CSV or XLSX: a header and one example line) is the same for everybody and holds
no one's data: any signed-in user may download it, without a session (no object to check).
"""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from forprev.core.exceptions import DomainError
from forprev.training import import_previews, services
from forprev.training.forms import ImportConfirmForm, ImportForm
from forprev.training.import_templates import template_csv, template_xlsx
from forprev.training.imports import parse_trainees

from .trainees import _editable_session

TEMPLATE_NAME = "modele-import-stagiaires"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _import_key(session) -> str:
    return f"import-token-{session.public_id}"


def will_enrol(count: int) -> str:
    """« Aucun stagiaire ne sera inscrit. », « 1 stagiaire sera inscrit. », « 3 stagiaires
    seront inscrits. » (French: 0 is no plural)."""
    if count == 0:
        return _("Aucun stagiaire ne sera inscrit.")
    return ngettext(
        "%(count)d stagiaire sera inscrit.", "%(count)d stagiaires seront inscrits.", count
    ) % {"count": count}


def already_enrolled(count: int) -> str:
    """The people of the file already in the session, whose lines are skipped ('' for none)."""
    if count == 0:
        return ""
    return ngettext(
        "%(count)d personne du fichier est déjà inscrite à cette session : sa ligne sera ignorée.",
        "%(count)d personnes du fichier sont déjà inscrites à cette session : leurs lignes "
        "seront ignorées.",
        count,
    ) % {"count": count}


def enrolled(count: int) -> str:
    """The message after a confirmed import."""
    if count == 0:
        return _("Aucun stagiaire inscrit : tous figuraient déjà dans la session.")
    return ngettext("%(count)d stagiaire inscrit.", "%(count)d stagiaires inscrits.", count) % {
        "count": count
    }


@require_http_methods(["GET", "POST"])
def trainees_import(request, public_id):
    """Upload → preview of every row with its errors, the people already enrolled and the
    places left; nothing is written here."""
    session = _editable_session(request, public_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    context = {"session": session, "form": form}
    if form.is_valid():  # the form refuses a file over FORPREV_IMPORT_MAX_MB unread
        upload = form.cleaned_data["file"]
        data = upload.read()
        result = parse_trainees(data, upload.name)
        context["result"] = result
        if result.rows:
            plan = services.trainees_import_plan(session=session, rows=result.rows)
            context.update(
                plan=plan,
                will_enrol=will_enrol(len(plan.new_rows)),
                already_enrolled=already_enrolled(len(plan.already_enrolled)),
                capacity_error=plan.capacity_error(),
            )
            if result.is_valid and plan.can_be_confirmed:
                token = import_previews.preview_save(data=data, filename=upload.name)
                # The preview belongs to this person and this session only.
                request.session[_import_key(session)] = token
                context["token"] = token
    return render(request, "training/trainees_import.html", context)


@require_POST
def trainees_import_confirm(request, public_id):
    """Confirmed preview: parse the kept file again and enrol everyone at once."""
    session = _editable_session(request, public_id)
    form = ImportConfirmForm(request.POST)
    token = form.data.get("token", "")
    mine = request.session.get(_import_key(session)) == token
    data = import_previews.preview_read(token) if form.is_valid() and mine else None
    if data is None:  # forged, another person's or session's, confirmed already, or too old
        messages.error(request, _("Cet import a expiré : déposez de nouveau le fichier."))
        return redirect("training:trainees_import", public_id=session.public_id)
    result = parse_trainees(data, token)
    try:
        if not result.is_valid:
            raise DomainError(_("Le fichier n'est plus valide : déposez-le de nouveau."))
        count = services.trainees_import(session=session, rows=result.rows, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("training:trainees_import", public_id=session.public_id)
    finally:
        import_previews.preview_delete(token)
        request.session.pop(_import_key(session), None)
    messages.success(request, enrolled(count))
    return redirect("training:session_detail", public_id=session.public_id)


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_safe
def trainees_import_template_csv(request):
    """The CSV template: UTF-8 with a BOM, « ; », a header and one example line."""
    return _download(template_csv(), "text/csv; charset=utf-8", f"{TEMPLATE_NAME}.csv")


@require_safe
def trainees_import_template_xlsx(request):
    """The XLSX template: the same columns and example line."""
    return _download(template_xlsx(), XLSX_TYPE, f"{TEMPLATE_NAME}.xlsx")
