"""The public application ("Demander une habilitation"), in two steps.

1. :func:`entity_apply` — the form's valid data. Nothing that can act is created: the
   application waits in a :class:`PendingApplication` (the password as its hash) and a signed,
   expiring link is e-mailed to the typed address. If the address already has an account, that
   e-mail says so instead and nothing is stored. The caller answers the same whatever happened:
   the form must not tell whether an address or a SIRET/NDA is known.
2. :func:`entity_apply_confirm` — the link, followed by the owner of the address: the manager's
   account (CEH), the entity and the manager membership, together or not at all.

The entity is *provisional*: it has no rights over the SIRET (company) or NDA (training
organisation) it claims — not in the directory, no sessions, not matched at the switch-over —
until its caisse recognises it (:func:`entity_recognise`, or the grant of its first
habilitation). Several provisional entities may claim one number; the applicant who is not the
first is told, once their address is confirmed, to contact the caisse, which sees every claim.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.models import User
from forprev.core.exceptions import DomainError
from forprev.core.mail import send_templated_email
from forprev.core.ratelimit import Limit, allow
from forprev.freezes.services import refuse_if_frozen
from forprev.referentials.models import Department

from .enums import EntityKind, EntityStatus
from .models import Entity, PendingApplication
from .rules import application_freeze, can_recognise_entity
from .selectors import other_claimants, recognised_holder
from .services import entity_create

CONFIRM_SALT = "forprev.entities.application.confirm"
DAY = 24 * 60 * 60
HOUR = 60 * 60


class ApplicationLinkError(DomainError):
    """The confirmation link cannot be used: ``code`` is ``invalid``, ``expired`` or ``used``."""


def email_taken(email: str) -> bool:
    return User.objects.filter(email__iexact=(email or "").strip()).exists()


def confirm_hours() -> int:
    return settings.FORPREV_APPLY_CONFIRM_HOURS


def _mail_allowed(email: str) -> bool:
    """E-mails of the application per address and per day (and of the whole service per hour):
    the form cannot be used to flood someone's mailbox."""
    return allow(
        scope="apply:mail",
        overall=Limit(settings.FORPREV_APPLY_OVERALL_PER_HOUR, HOUR),
        per_key=Limit(settings.FORPREV_APPLY_EMAILS_PER_ADDRESS_PER_DAY, DAY),
        key=email,
    )


def _site_url(name: str, **kwargs) -> str:
    """Links in e-mails come from ``FORPREV_SITE_URL``, never from the request's Host."""
    return settings.FORPREV_SITE_URL + reverse(name, kwargs=kwargs or None)


def confirmation_url(pending: PendingApplication) -> str:
    token = signing.dumps(str(pending.public_id), salt=CONFIRM_SALT)
    return _site_url("apply:confirm", token=token)


def purge_expired_applications(*, now=None) -> int:
    """Delete applications past their link's expiry, confirmed or not (the entity, if any,
    keeps its own audit trail). Returns how many were deleted."""
    deleted, _by_model = PendingApplication.objects.filter(
        expires_at__lte=now or timezone.now()
    ).delete()
    return deleted


@transaction.atomic
def entity_apply(
    *, entity_fields: dict, manager_fields: dict, password: str
) -> PendingApplication | None:
    """Record the application and e-mail the confirmation link (on commit), or, when the address
    already has an account, e-mail that instead and record nothing. Returns the pending
    application, or None. The web layer must answer the same in both cases.

    ``entity_fields``: the tronc commun (``department`` a ``Department``); ``manager_fields``:
    ``first_name``, ``last_name``, ``email``. The password was checked by the form against the
    password validators; only its hash is kept. Refused while initial applications are frozen.
    """
    refuse_if_frozen(application_freeze())
    email = manager_fields["email"].strip().lower()
    # Hashed in both cases: the answer takes as long whether the address is known or not.
    password_hash = make_password(password)
    purge_expired_applications()
    if email_taken(email):
        if _mail_allowed(email):
            send_templated_email(
                to=email,
                template="apply/email/account_exists",
                context={
                    "login_url": _site_url("accounts:login"),
                    "reset_url": _site_url("accounts:password_reset"),
                },
            )
        return None
    data = dict(entity_fields)
    department = data.pop("department")
    data["department"] = department.code
    pending = PendingApplication(
        email=email,
        first_name=manager_fields["first_name"],
        last_name=manager_fields["last_name"],
        password_hash=password_hash,
        kind=data["kind"],
        siret=data.get("siret", ""),
        nda=data.get("nda", ""),
        entity_data=data,
        expires_at=timezone.now() + timedelta(hours=confirm_hours()),
    )
    pending.full_clean()
    pending.save()
    if _mail_allowed(email):
        send_templated_email(
            to=email,
            template="apply/email/confirm",
            context={
                "pending": pending,
                "confirm_url": confirmation_url(pending),
                "hours": confirm_hours(),
                "start_url": _site_url("apply:start"),
            },
        )
    return pending


def pending_application(token: str, *, for_update: bool = False) -> PendingApplication:
    """The application a confirmation link stands for, or :class:`ApplicationLinkError`."""
    invalid = ApplicationLinkError(
        _("Ce lien de confirmation n'est pas valide : il est incomplet ou a été modifié."),
        code="invalid",
    )
    expired = ApplicationLinkError(
        _("Ce lien de confirmation a expiré : il n'est valable que %(hours)s heures.")
        % {"hours": confirm_hours()},
        code="expired",
    )
    try:
        public_id = signing.loads(token, salt=CONFIRM_SALT, max_age=confirm_hours() * HOUR)
    except signing.SignatureExpired:
        raise expired from None
    except signing.BadSignature:
        raise invalid from None
    pendings = PendingApplication.objects.all()
    if for_update:
        pendings = pendings.select_for_update()
    try:
        pending = pendings.filter(public_id=public_id).first()
    except ValidationError:  # a signed value that is not a UUID: not one of ours
        raise invalid from None
    if pending is None:  # purged after its expiry
        raise expired
    if pending.confirmed_at is not None:
        raise ApplicationLinkError(
            _("Ce lien de confirmation a déjà servi : le compte a été créé."), code="used"
        )
    if pending.expires_at <= timezone.now():
        raise expired
    return pending


def _email_taken_error() -> DomainError:
    return DomainError(
        _(
            "Cette adresse électronique est déjà associée à un compte Forprev : connectez-vous "
            "ou utilisez « Mot de passe oublié »."
        ),
        code="duplicate_email",
    )


@transaction.atomic
def entity_apply_confirm(*, token: str) -> tuple[Entity, User, list[Entity]]:
    """Create the manager's account (with the chosen password), the provisional entity and the
    manager membership, then e-mail the numéro Forprev (on commit). All or nothing.

    Returns the entity, the user and the other entities claiming the same SIRET/NDA (the
    applicant is then told to contact the caisse). The link serves once.
    """
    refuse_if_frozen(application_freeze())
    pending = pending_application(token, for_update=True)
    if email_taken(pending.email):
        raise _email_taken_error()
    fields = dict(pending.entity_data)
    department = Department.objects.filter(code=fields.pop("department", "")).first()
    if department is None:
        raise DomainError(_("Le département de la demande n'existe plus : recommencez-la."))
    try:
        # A savepoint: after a lost race the outer transaction stays usable to say why.
        with transaction.atomic():
            user = User.objects.create_user(
                email=pending.email,
                password=None,
                first_name=pending.first_name,
                last_name=pending.last_name,
            )
            user.password = pending.password_hash
            user.save(update_fields=["password"])
            entity = entity_create(
                manager=user,
                department=department,
                status=EntityStatus.PROVISIONAL,
                **fields,
            )
    except (IntegrityError, ValidationError) as error:
        # Another link for the same address was followed between our check and our insert.
        if email_taken(pending.email):
            raise _email_taken_error() from error
        if isinstance(error, IntegrityError):
            raise
        raise DomainError(" ".join(error.messages)) from None
    pending.confirmed_at = timezone.now()
    pending.entity = entity
    pending.password_hash = ""  # the account holds it now
    pending.save(update_fields=["confirmed_at", "entity", "password_hash", "updated_at"])
    claimants = list(other_claimants(entity))
    send_templated_email(
        to=user.email,
        template="apply/email/welcome",
        context={
            "user": user,
            "entity": entity,
            "contested_message": contested_claim_message(entity) if claimants else "",
            "login_url": _site_url("accounts:login"),
        },
    )
    return entity, user, claimants


def number_label(kind: str) -> str:
    if kind == EntityKind.TRAINING_ORG:
        return _("numéro de déclaration d'activité (NDA)")
    return _("SIRET")


def contested_claim_message(entity: Entity) -> str:
    """What the applicant whose number is claimed by another entity is told: whom to contact
    (the caisse of their département), never who the other claimant is."""
    caisse = entity.caisse
    contact = f"{caisse.name} ({caisse.email})" if caisse.email else caisse.name
    return _(
        "Un autre compte revendique déjà ce %(number)s. Votre compte reste provisoire : "
        "contactez votre caisse de rattachement, %(contact)s, qui vérifiera la demande et "
        "reconnaîtra l'entité."
    ) % {"number": number_label(entity.kind), "contact": contact}


def _refuse_if_number_held(entity: Entity) -> None:
    holder = recognised_holder(kind=entity.kind, siret=entity.siret, nda=entity.nda, exclude=entity)
    if holder is not None:
        raise DomainError(
            _(
                "L'entité %(holder)s (%(caisse)s), déjà reconnue, détient ce %(number)s : une "
                "seule entité peut le détenir. Rattachez plutôt le demandeur à cette entité."
            )
            % {
                "holder": holder.name,
                "caisse": holder.caisse.name,
                "number": number_label(entity.kind),
            },
            code="number_held",
        )


def _mark_recognised(entity: Entity, by) -> Entity:
    entity = Entity.objects.select_for_update().get(pk=entity.pk)
    if entity.status == EntityStatus.RECOGNISED:
        return entity
    _refuse_if_number_held(entity)
    entity.status = EntityStatus.RECOGNISED
    entity.recognised_at = timezone.now()
    entity.recognised_by = by
    try:
        entity.full_clean()
        # The constraint itself, should another entity be recognised meanwhile (savepoint).
        with transaction.atomic():
            entity.save(update_fields=["status", "recognised_at", "recognised_by", "updated_at"])
    except (ValidationError, IntegrityError):
        _refuse_if_number_held(entity)
        raise
    return entity


@transaction.atomic
def entity_recognise(*, entity: Entity, by) -> Entity:
    """« Reconnaître l'entité »: the instructor of the entity's caisse gives a provisional
    entity its SIRET/NDA. Refused while another recognised entity holds the number. Audited
    (auditlog records the change of state with its actor)."""
    if not can_recognise_entity(by, entity):
        raise DomainError(
            _("Seule la caisse de rattachement reconnaît une entité provisoire."),
            code="forbidden",
        )
    return _mark_recognised(entity, by)


@transaction.atomic
def entity_recognise_on_grant(*, entity: Entity, by) -> Entity:
    """The first habilitation granted recognises the entity: the caisse reviewed the application
    and gave its favourable opinion before the committee's decision. Refused (and with it the
    grant) while another recognised entity holds the number."""
    return _mark_recognised(entity, by)
