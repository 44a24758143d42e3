from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel

from .enums import DelegateRight, EntityKind, MembershipRole
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

    objects = EntityQuerySet.as_manager()

    class Meta:
        verbose_name = _("entité")
        verbose_name_plural = _("entités")
        ordering = ["name"]
        constraints = [
            # One habilitation account per SIRET for a company, per NDA for a training organisation.
            models.UniqueConstraint(
                fields=["siret"],
                condition=Q(kind=EntityKind.COMPANY),
                name="entity_company_siret_unique",
            ),
            models.UniqueConstraint(
                fields=["nda"],
                condition=Q(kind=EntityKind.TRAINING_ORG),
                name="entity_training_org_nda_unique",
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
