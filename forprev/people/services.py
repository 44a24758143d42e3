"""Writes on people: requests to the caisse (« stagiaire introuvable », « erreur de
coordonnées ») and the caisse's answer — a person found (enrolled in the session when it is
still being prepared) or corrected; and « Mes informations », where an account holder's names
and confirmed e-mail address reach their person (one identity: docs/certificates.md)."""

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.services import user_confirm_email, user_update_info
from forprev.certificates.page_cache import drop_pages_after_change
from forprev.core.exceptions import DomainError
from forprev.training.enums import SessionStatus
from forprev.training.models import Enrolment

from . import notifications
from .models import Person
from .requests import PersonRequest, PersonRequestKind, PersonRequestStatus
from .rules import can_answer_person_request, can_ask_about_people


@transaction.atomic
def person_request_create(
    *,
    entity,
    by,
    kind,
    last_name,
    first_name,
    birth_date,
    explanation="",
    email="",
    person=None,
    session=None,
) -> PersonRequest:
    """File the request and tell the caisse's instructors (``people.notifications``)."""
    if not can_ask_about_people(by, entity):
        raise DomainError(
            _("Seuls le gestionnaire de l'entité et ses formateurs adressent ces demandes.")
        )
    if kind not in PersonRequestKind.values:
        raise DomainError(_("Motif inconnu."), field="kind")
    if kind == PersonRequestKind.WRONG_DETAILS and person is None:
        raise DomainError(_("Indiquez la personne dont les coordonnées sont erronées."))
    if session is not None and session.entity_id != entity.pk:
        raise DomainError(_("Cette session n'est pas celle de l'entité."), field="session")
    last_name, first_name = (last_name or "").strip(), (first_name or "").strip()
    if not last_name or not first_name:
        raise DomainError(_("Indiquez le nom et le prénom."), field="last_name")
    email = (email or "").strip().lower()
    if email:
        try:
            if len(email) > 254:
                raise ValidationError("too long")
            validate_email(email)
        except ValidationError:
            raise DomainError(
                _("Saisissez une adresse électronique valide, par exemple nom@exemple.fr."),
                field="email",
            ) from None
    created = PersonRequest.objects.create(
        entity=entity,
        session=session,
        kind=kind,
        person=person,
        last_name=last_name[:150],
        first_name=first_name[:150],
        birth_date=birth_date,
        email=email,
        explanation=(explanation or "").strip()[:4000],
        requested_by=by,
    )
    notifications.person_request_filed(created)
    return created


def _close(request, by, status, resolution):
    request.status = status
    request.resolved_by = by
    request.resolved_at = timezone.now()
    request.resolution = (resolution or "").strip()[:4000]
    request.save()
    notifications.person_request_answered(request)
    return request


# What an account holder and their person share; the numéro Forprev and the birth date are not
# theirs to change (a correction goes through the caisse: « erreur de coordonnées »).
IDENTITY_FIELDS = ("last_name", "first_name", "email")


def _person_follows_account(user, fields) -> Person | None:
    """The user's person takes the account's ``fields`` (in the caller's transaction): saved,
    so audited (django-auditlog: before → after, the actor of the request), and the public
    pages of their certificates dropped so that verification shows the new name at once."""
    person = Person.objects.select_for_update().filter(user=user).first()
    if person is None:  # staff and entity members who never trained have no person
        return None
    changed = [f for f in fields if getattr(person, f) != getattr(user, f)]
    if not changed:
        return person
    for field in changed:
        setattr(person, field, getattr(user, field))
    try:
        person.full_clean(exclude=["user"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=field if field in IDENTITY_FIELDS else None) from None
    person.save()
    drop_pages_after_change(person.certificates.values_list("verification_code", flat=True))
    return person


@transaction.atomic
def identity_update(*, user, first_name: str, last_name: str, email: str) -> bool:
    """« Mes informations »: the account's names change at once and so do the person's, in one
    transaction (nothing changes when either refuses); a new e-mail address waits for its
    confirmation (``identity_confirm_email``). Returns True when a confirmation was sent."""
    before = {"last_name": user.last_name, "first_name": user.first_name}
    sent = user_update_info(user=user, first_name=first_name, last_name=last_name, email=email)
    # Only what the holder changed: a name left as it was does not overwrite the person's (the
    # caisse may have corrected it, or a merge brought another spelling).
    _person_follows_account(user, [f for f, value in before.items() if getattr(user, f) != value])
    return sent


@transaction.atomic
def identity_confirm_email(*, user, token: str) -> None:
    """The confirmed address becomes the account's and the person's (certificate e-mails)."""
    user_confirm_email(user=user, token=token)
    user.refresh_from_db(fields=["email", "pending_email"])
    _person_follows_account(user, ("email",))


@transaction.atomic
def person_request_answer(*, request, by, person=None, resolution="") -> PersonRequest:
    """The caisse's answer. « Introuvable »: ``person`` is the one found; when the request came
    from a session still being prepared, they are enrolled in it. « Erreur de coordonnées »:
    the person's names, birth date and e-mail address (when given) become the requester's.
    The requester is told by e-mail."""
    request = PersonRequest.objects.select_for_update().get(pk=request.pk)
    if not can_answer_person_request(by, request):
        raise DomainError(_("Seule la caisse de l'entité répond, une seule fois."))
    if request.kind == PersonRequestKind.NOT_FOUND:
        if person is None:
            raise DomainError(_("Choisissez la personne retrouvée."), field="person")
        request.person = person
        session = request.session
        if (
            session is not None
            and session.status == SessionStatus.DRAFT
            and not session.enrolments.filter(person=person).exists()
            and session.enrolments.count() < session.capacity
        ):
            Enrolment.objects.create(session=session, person=person)
    else:
        target = Person.objects.select_for_update().get(pk=request.person_id)
        target.last_name = request.last_name
        target.first_name = request.first_name
        target.birth_date = request.birth_date
        if request.email:
            target.email = request.email
        target.full_clean(exclude=["user"])
        target.save()  # audited (django-auditlog): the previous values stay in the journal
        if target.user_id is not None:  # one identity: the account shows the corrected names
            account = target.user
            account.last_name, account.first_name = target.last_name, target.first_name
            account.save(update_fields=["last_name", "first_name", "updated_at"])
        drop_pages_after_change(target.certificates.values_list("verification_code", flat=True))
    return _close(request, by, PersonRequestStatus.RESOLVED, resolution)


@transaction.atomic
def person_request_reject(*, request, by, resolution) -> PersonRequest:
    request = PersonRequest.objects.select_for_update().get(pk=request.pk)
    if not can_answer_person_request(by, request):
        raise DomainError(_("Seule la caisse de l'entité répond, une seule fois."))
    if not (resolution or "").strip():
        raise DomainError(_("Expliquez pourquoi la demande reste sans suite."), field="resolution")
    return _close(request, by, PersonRequestStatus.REJECTED, resolution)
