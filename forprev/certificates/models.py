import secrets

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.core.models import BaseModel

# Unambiguous characters for numbers people type (no 0/O, 1/I/L).
_NUMBER_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"


def new_certificate_number() -> str:
    return "C" + "".join(secrets.choice(_NUMBER_ALPHABET) for _ in range(10))


def new_verification_code() -> str:
    return secrets.token_urlsafe(16)


class CertificateState(models.TextChoices):
    VALID = "valid", _("Valide")
    EXPIRED = "expired", _("Expiré")
    REVOKED = "revoked", _("Révoqué")


def certificate_state_on(day, *, revoked: bool, valid_until) -> CertificateState:
    """The one rule of a certificate's state on ``day``, for every place that shows one (lists,
    person page, trainer space, PDF, e-mail, public verification): revoked whatever its dates,
    expired after its last valid day, valid otherwise. Trainer certificates follow it too."""
    if revoked:
        return CertificateState.REVOKED
    if valid_until is not None and valid_until < day:
        return CertificateState.EXPIRED
    return CertificateState.VALID


class CertificateQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Certificates of the sessions whose trainees the user may see (an entity's for its
        members holding a session right, its caisse's, the trainer's own sessions; all for
        support and national) and the holder's own."""
        from forprev.training.models import TrainingSession

        if not user.is_authenticated:
            return self.none()
        return self.filter(
            Q(session__in=TrainingSession.objects.showing_trainees_to(user).values("pk"))
            | Q(person__user=user)
        )


class Certificate(BaseModel):
    """The certificate of a trainee who passed a closed session. Verifiable publicly by its
    number or its code (the QR code's link)."""

    # 11 characters when issued here; up to 20 for the certificates taken over from Forprev 1.
    number = models.CharField(
        _("numéro"), max_length=20, unique=True, default=new_certificate_number
    )
    verification_code = models.CharField(
        _("code de vérification"), max_length=32, unique=True, default=new_verification_code
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("titulaire"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    programme_level = models.ForeignKey(
        "referentials.ProgrammeLevel",
        verbose_name=_("dispositif et niveau"),
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("type"), max_length=20)
    issued_on = models.DateField(_("délivré le"))
    valid_until = models.DateField(_("valable jusqu'au"), null=True, blank=True)
    session = models.ForeignKey(
        "training.TrainingSession",
        verbose_name=_("session"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    entity = models.ForeignKey(
        "entities.Entity",
        verbose_name=_("entité émettrice"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    trainer_names = models.CharField(_("formateurs"), max_length=500)
    revised_at = models.DateTimeField(_("régénéré le"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    revoked_reason = models.TextField(_("motif de la révocation"), blank=True)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        verbose_name = _("certificat")
        verbose_name_plural = _("certificats")
        ordering = ["-issued_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gt=F("issued_on")),
                name="certificate_dates_ordered",
            ),
            models.UniqueConstraint(
                fields=["session", "person"], name="certificate_once_per_session"
            ),
        ]
        indexes = [models.Index(fields=["person", "issued_on"], name="certificate_person_idx")]

    def __str__(self):
        return f"{self.number} — {self.person}"

    def state_on(self, day) -> CertificateState:
        return certificate_state_on(
            day, revoked=self.revoked_at is not None, valid_until=self.valid_until
        )

    @property
    def state(self) -> CertificateState:
        return self.state_on(timezone.localdate())
