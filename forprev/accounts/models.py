from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forprev.core.models import BaseModel

from .enums import StaffRole
from .identifiers import issue_forprev_id


class IssuedForprevId(models.Model):
    """Every numéro Forprev ever issued. Never deleted: a number is never given twice."""

    value = models.CharField(max_length=8, unique=True)
    issued_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("numéro Forprev attribué")
        verbose_name_plural = _("numéros Forprev attribués")

    def __str__(self):
        return self.value


class UserQuerySet(models.QuerySet):
    def with_login(self, login: str):
        """The account a login identifies: numéro Forprev (any case) or e-mail (any case).
        After two people were merged (people.merging), the removed person's numéro and the
        identifiers of their deactivated account identify the kept account."""
        from django.apps import apps

        login = (login or "").strip()
        kept = apps.get_model("people", "PersonMerge").objects.kept_account_for_login(login)
        if kept is not None:
            return self.filter(pk=kept).order_by()
        if "@" in login:
            return self.filter(email__iexact=login).order_by()
        return self.filter(forprev_id=login.upper()).order_by()

    def staff(self):
        return self.exclude(staff_role="")

    def visible_to(self, user):
        """Accounts a user may see: their own; support and national see all."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        return self.filter(pk=user.pk)


class UserManager(BaseUserManager.from_queryset(UserQuerySet)):
    use_in_migrations = True

    def get_by_natural_key(self, username):
        return self.get(forprev_id=username)

    def create_user(self, *, email, password=None, **fields):
        fields.setdefault("forprev_id", issue_forprev_id())
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save(using=self._db)
        return user

    def create_superuser(self, *, email, password=None, **fields):
        fields.update(is_superuser=True)
        return self.create_user(email=email, password=password, **fields)


class User(BaseModel, AbstractBaseUser, PermissionsMixin):
    """A person with an account. The numéro Forprev is the login; the e-mail is accepted too."""

    forprev_id = models.CharField(_("numéro Forprev"), max_length=8, unique=True, editable=False)
    # Blank only for trainer accounts opened at a closing for a trainee without an address.
    email = models.EmailField(_("adresse électronique"), max_length=254)
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    is_active = models.BooleanField(_("actif"), default=True)
    staff_role = models.CharField(
        _("rôle national"), max_length=20, choices=StaffRole.choices, blank=True, default=""
    )
    caisse = models.ForeignKey(
        "referentials.Caisse",
        verbose_name=_("caisse"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="instructors",
        help_text=_("Caisse de rattachement d'un(e) chargé(e) d'habilitation."),
    )
    pending_email = models.EmailField(_("nouvelle adresse à confirmer"), blank=True, default="")
    info_validated_at = models.DateTimeField(_("informations validées le"), null=True, blank=True)
    date_joined = models.DateTimeField(_("inscrit le"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "forprev_id"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["email", "first_name", "last_name"]

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~Q(email=""), name="user_email_ci_unique"
            ),
            models.CheckConstraint(
                condition=Q(forprev_id__regex=r"^[A-Z]{3}[0-9]{5}$"),
                name="user_forprev_id_format",
            ),
            models.CheckConstraint(
                condition=(Q(staff_role=StaffRole.INSTRUCTOR) & Q(caisse__isnull=False))
                | (~Q(staff_role=StaffRole.INSTRUCTOR) & Q(caisse__isnull=True)),
                name="user_instructor_has_caisse",
            ),
        ]
        indexes = [models.Index(Lower("email"), name="user_email_lower_idx")]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name} ({self.forprev_id})"

    @property
    def full_name(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}".strip()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.first_name

    @property
    def is_staff(self) -> bool:
        """Back-office access (``/admin/``): support, national and superusers."""
        return self.is_active and (
            self.is_superuser or self.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}
        )

    @property
    def is_staff_role(self) -> bool:
        """Roles of the network that must use two-factor authentication."""
        return bool(self.staff_role) or self.is_superuser

    def has_perm(self, perm, obj=None):
        # Back-office rights follow the fixed roles (accounts.rules), not per-user permission rows.
        from .rules import can_use_admin_permission

        return self.is_active and can_use_admin_permission(self, perm)

    def has_module_perms(self, app_label):
        from .rules import can_use_admin_module

        return self.is_active and can_use_admin_module(self, app_label)

    def clean(self):
        super().clean()
        self.email = (self.email or "").strip().lower()
        if self.email:
            clash = User.objects.filter(email__iexact=self.email).exclude(pk=self.pk)
            if clash.exists():
                from django.core.exceptions import ValidationError

                raise ValidationError(
                    {
                        "email": _(
                            "Cette adresse électronique est déjà utilisée par un autre compte."
                        )
                    }
                )


class OtpEnrolmentQuerySet(models.QuerySet):
    def usable(self, *, now=None):
        """Links neither used nor expired."""
        return self.filter(used_at__isnull=True, expires_at__gt=now or timezone.now())


class OtpEnrolment(models.Model):
    """A single-use, expiring link e-mailed to a staff member: only a session that opened it may
    set up (or replace) their authenticator app. The password alone is not enough.

    Only a digest of the link's secret is stored: the database does not hold usable links."""

    user = models.ForeignKey(
        User,
        verbose_name=_("compte"),
        on_delete=models.CASCADE,
        related_name="otp_enrolments",
    )
    token_hash = models.CharField(_("empreinte du lien"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("créé le"), default=timezone.now)
    expires_at = models.DateTimeField(_("expire le"))
    used_at = models.DateTimeField(_("utilisé le"), null=True, blank=True)
    issued_by = models.ForeignKey(
        User,
        verbose_name=_("envoyé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Vide quand la personne a demandé le lien elle-même."),
    )

    objects = OtpEnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("lien d'activation de la double authentification")
        verbose_name_plural = _("liens d'activation de la double authentification")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"], name="otp_enrolment_user_idx")]

    def __str__(self):
        return f"{self.user} — {self.created_at:%d/%m/%Y %H:%M}"

    @property
    def is_usable(self) -> bool:
        return self.used_at is None and self.expires_at > timezone.now()
