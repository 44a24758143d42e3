from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel

from .enums import (
    DelegateRight,
    EntityKind,
    EntityStatus,
    InvitationKind,
    InvitationState,
    MembershipRole,
)
from .validators import validate_nda, validate_siret


class EntityQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The one door to entities: national scope sees all, an instructor their caisse's,
        a member the entities they belong to. Anything else is outside scope (404)."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        if user.staff_role == StaffRole.INSTRUCTOR:
            return self.filter(caisse_id=user.caisse_id)
        return self.filter(memberships__user=user, memberships__revoked_at__isnull=True).distinct()

    def recognised(self):
        """Entities the caisse recognised: the only ones holding rights over their SIRET/NDA."""
        return self.filter(status=EntityStatus.RECOGNISED)

    def provisional(self):
        return self.filter(status=EntityStatus.PROVISIONAL)


class Entity(BaseModel):
    """An organisation that applies for habilitations: company (ENT) or training organisation (OF).

    Its fields are the tronc commun. The caisse de rattachement follows from the département.
    """

    kind = models.CharField(_("type d'entité"), max_length=20, choices=EntityKind.choices)
    name = models.CharField(_("raison sociale"), max_length=200)
    trade_name = models.CharField(_("nom commercial"), max_length=200, blank=True, default="")
    siret = models.CharField(_("SIRET"), max_length=14, validators=[validate_siret])
    nda = models.CharField(
        _("numéro de déclaration d'activité (NDA)"),
        max_length=11,
        blank=True,
        default="",
        validators=[validate_nda],
    )
    address_line = models.CharField(_("adresse"), max_length=200)
    address_complement = models.CharField(
        _("complément d'adresse"), max_length=200, blank=True, default=""
    )
    postcode = models.CharField(_("code postal"), max_length=5)
    city = models.CharField(_("commune"), max_length=120)
    department = models.ForeignKey(
        "referentials.Department", verbose_name=_("département"), on_delete=models.PROTECT
    )
    caisse = models.ForeignKey(
        "referentials.Caisse",
        verbose_name=_("caisse de rattachement"),
        on_delete=models.PROTECT,
        related_name="entities",
    )
    head_name = models.CharField(_("responsable"), max_length=200, blank=True, default="")
    phone = models.CharField(_("téléphone"), max_length=20, blank=True, default="")
    contact_email = models.EmailField(_("adresse électronique de contact"), blank=True, default="")
    # Recognised by default (and in the database, for bulk inserts such as the switch-over's):
    # only the public application creates provisional entities, and says so explicitly.
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=EntityStatus.choices,
        default=EntityStatus.RECOGNISED,
        db_default=EntityStatus.RECOGNISED,
    )
    recognised_at = models.DateTimeField(_("reconnue le"), null=True, blank=True)
    recognised_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("reconnue par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entité")
        verbose_name_plural = _("entités")
        ordering = ["name"]
        constraints = [
            # One habilitation account per SIRET for a company, per NDA for a training organisation,
            # among the entities the caisse recognised; provisional ones may claim the same number
            # (the caisse sees every claim and recognises one).
            models.UniqueConstraint(
                fields=["siret"],
                condition=Q(kind=EntityKind.COMPANY, status=EntityStatus.RECOGNISED),
                name="entity_company_siret_unique",
                violation_error_message=_("Une entité reconnue par la caisse a déjà ce SIRET."),
            ),
            models.UniqueConstraint(
                fields=["nda"],
                condition=Q(kind=EntityKind.TRAINING_ORG, status=EntityStatus.RECOGNISED),
                name="entity_training_org_nda_unique",
                violation_error_message=_(
                    "Une entité reconnue par la caisse a déjà ce numéro de déclaration d'activité."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(kind=EntityKind.TRAINING_ORG) | ~Q(nda=""),
                name="entity_training_org_has_nda",
            ),
        ]
        indexes = [
            models.Index(fields=["caisse", "name"], name="entity_caisse_name_idx"),
            # The national list is ordered by (name, id): an index avoids sorting every row.
            models.Index(fields=["name", "id"], name="entity_name_id_idx"),
            models.Index(fields=["siret"], name="entity_siret_idx"),
            models.Index(fields=["nda"], name="entity_nda_idx"),
        ]

    def __str__(self):
        return self.name

    @property
    def display_name(self) -> str:
        return self.trade_name or self.name

    @property
    def is_recognised(self) -> bool:
        return self.status == EntityStatus.RECOGNISED

    @property
    def claimed_number(self) -> str:
        """The number the entity's account stands for: NDA (training organisation) or SIRET."""
        return self.nda if self.kind == EntityKind.TRAINING_ORG else self.siret

    @property
    def claimed_number_name(self) -> str:
        """« NDA » or « SIRET »: the short name of :attr:`claimed_number`."""
        return "NDA" if self.kind == EntityKind.TRAINING_ORG else "SIRET"

    def clean(self):
        super().clean()
        if self.kind == EntityKind.TRAINING_ORG and not self.nda:
            raise ValidationError(
                {
                    "nda": _(
                        "Un organisme de formation doit renseigner son numéro de déclaration d'activité."
                    )
                }
            )
        if self.department_id and self.postcode and not self._postcode_matches_department():
            raise ValidationError(
                {"postcode": _("Le code postal ne correspond pas au département choisi.")}
            )

    def _postcode_matches_department(self) -> bool:
        code = self.department.code
        if code in {"2A", "2B"}:
            return self.postcode.startswith("20")
        return self.postcode.startswith(code)


class MembershipQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)

    def visible_to(self, user):
        """Memberships of the entities the user may see."""
        return self.filter(entity__in=Entity.objects.visible_to(user).values("pk"))


class Membership(BaseModel):
    """A person's place in an entity: manager (CEH) or delegate with chosen rights."""

    user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("personne"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("rôle"), max_length=20, choices=MembershipRole.choices)
    rights = models.JSONField(_("droits délégués"), default=list, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("rattachement à une entité")
        verbose_name_plural = _("rattachements à une entité")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "entity"],
                condition=Q(revoked_at__isnull=True),
                name="membership_active_unique",
            ),
        ]
        indexes = [models.Index(fields=["entity", "role"], name="membership_entity_role_idx")]

    def __str__(self):
        return f"{self.user} — {self.entity} ({self.get_role_display()})"

    def has_right(self, right: DelegateRight) -> bool:
        return self.role == MembershipRole.MANAGER or right in self.rights

    def clean(self):
        unknown = set(self.rights) - set(DelegateRight.values)
        if unknown:
            raise ValidationError({"rights": _("Droit inconnu : %s") % ", ".join(sorted(unknown))})


class InvitationQuerySet(models.QuerySet):
    def pending(self):
        """Waiting for an answer, expired or not (an expired one can be resent), whether or not
        the scheduled job (``invitations_expire``) has marked it expired yet."""
        return self.filter(state__in=[InvitationState.PENDING, InvitationState.EXPIRED])

    def open(self, now=None):
        """Pending and not expired: the ones that can still be accepted."""
        return self.pending().filter(expires_at__gt=now or timezone.now())

    def visible_to(self, user):
        """Invitations of the entities the user may see (the inviting side)."""
        return self.filter(entity__in=Entity.objects.visible_to(user).values("pk"))

    def addressed_to(self, user):
        """Invitations the user may answer: the account resolved when it was sent, or, when none
        was, the account holding the typed e-mail address (``invitations.is_addressed_to``).
        Staff accounts and inactive ones answer none."""
        if not user.is_authenticated or user.staff_role or user.is_superuser or not user.is_active:
            return self.none()
        if not user.email:
            return self.filter(invitee=user)
        return self.filter(Q(invitee=user) | Q(invitee__isnull=True, identifier=user.email.lower()))


class Invitation(BaseModel):
    """An offer to become a delegate or a trainer of an entity. No membership exists until the
    invitee accepts it; the inviting side only ever sees what it typed (``identifier``)."""

    kind = models.CharField(_("invité(e) comme"), max_length=20, choices=InvitationKind.choices)
    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.CASCADE, related_name="invitations"
    )
    # As typed by the inviter, normalised: e-mail in lower case or numéro Forprev in upper case.
    identifier = models.CharField(_("identifiant saisi"), max_length=254)
    rights = models.JSONField(_("droits délégués"), default=list, blank=True)
    invited_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("invité(e) par"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The account the identifier named when the invitation was sent, never shown to the inviter.
    invitee = models.ForeignKey(
        "accounts.User",
        verbose_name=_("compte invité"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations",
    )
    # SHA-256 of the secret of the latest link; the secret itself is only in the e-mail.
    token_digest = models.CharField(
        _("empreinte du lien"), max_length=64, blank=True, default="", editable=False
    )
    expires_at = models.DateTimeField(_("expire le"))
    state = models.CharField(
        _("état"),
        max_length=20,
        choices=InvitationState.choices,
        default=InvitationState.PENDING,
    )
    answered_at = models.DateTimeField(_("répondue ou retirée le"), null=True, blank=True)
    sent_count = models.PositiveIntegerField(_("envois"), default=0)
    last_sent_at = models.DateTimeField(_("dernier envoi le"), null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(state=InvitationState.PENDING) | Q(answered_at__isnull=False),
                name="invitation_answered_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["entity", "kind", "state"], name="invitation_entity_kind_idx"),
            models.Index(fields=["invitee", "state"], name="invitation_invitee_idx"),
            models.Index(fields=["identifier", "state"], name="invitation_identifier_idx"),
        ]

    def __str__(self):
        return f"{self.identifier} — {self.entity} ({self.get_kind_display()})"

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def effective_state(self) -> str:
        """The state as people see it: a pending invitation past its date is expired."""
        if self.state == InvitationState.PENDING and self.is_expired:
            return InvitationState.EXPIRED
        return self.state

    @property
    def effective_state_label(self):
        return InvitationState(self.effective_state).label

    def clean(self):
        unknown = set(self.rights) - set(DelegateRight.values)
        if unknown:
            raise ValidationError({"rights": _("Droit inconnu : %s") % ", ".join(sorted(unknown))})
        if self.kind == InvitationKind.TRAINER and self.rights:
            raise ValidationError({"rights": _("Un formateur ne reçoit pas de droits délégués.")})


class PendingApplication(BaseModel):
    """A public application waiting for its applicant to confirm their e-mail address.

    Nothing acts before that: no account, no entity, no claim on the SIRET/NDA. Confirming the
    link (``forprev.entities.application``) creates them; the row stays, marked confirmed, as the
    trace of the application until it is purged with the expired ones. The password is kept only
    as its hash (``make_password``)."""

    email = models.EmailField(_("adresse électronique"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    password_hash = models.CharField(_("empreinte du mot de passe"), max_length=128)
    kind = models.CharField(_("type d'entité"), max_length=20, choices=EntityKind.choices)
    siret = models.CharField(_("SIRET"), max_length=14)
    nda = models.CharField(_("NDA"), max_length=11, blank=True, default="")
    # The rest of the tronc commun as typed and validated (the département by its code).
    entity_data = models.JSONField(_("tronc commun saisi"), default=dict)
    expires_at = models.DateTimeField(_("expire le"))
    confirmed_at = models.DateTimeField(_("confirmée le"), null=True, blank=True)
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entité créée"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("demande de compte en attente de confirmation")
        verbose_name_plural = _("demandes de compte en attente de confirmation")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["expires_at"], name="pendingapp_expires_idx")]

    def __str__(self):
        return f"{self.entity_data.get('name', '')} — {self.email}"
