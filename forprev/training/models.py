from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel
from forprev.entities.models import Entity
from forprev.people.models import entities_showing_trainees

from .enums import RegularisationKind, RegularisationStatus, Result, SessionKind, SessionStatus


class TrainingSessionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An entity's sessions to its members and its caisse; national scope all; a trainer the
        sessions they are named on."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        if user.staff_role == StaffRole.INSTRUCTOR:
            return self.filter(entity__caisse_id=user.caisse_id)
        return self.filter(
            Q(entity__in=Entity.objects.visible_to(user).values("pk"))
            | Q(pk__in=SessionTrainer.objects.filter(trainer=user).values("session"))
        )

    def showing_trainees_to(self, user):
        """The visible sessions whose trainees (names, birth dates, results, certificates)
        ``user`` may see: every one for support and national and for the caisse; for an entity
        member, those of entities where they manage or hold a session right (a delegate without
        one sees the sessions, not the people); for a trainer, the sessions they are named on."""
        sessions = self.visible_to(user)
        if not user.is_authenticated or user.is_superuser or user.staff_role:
            return sessions
        return sessions.filter(
            Q(entity__in=entities_showing_trainees(user))
            | Q(pk__in=SessionTrainer.objects.filter(trainer=user).values("session"))
        )


class TrainingSession(BaseModel):
    """A training session declared by an entity: dispositif, level, dates, place, trainers."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.PROTECT, related_name="sessions"
    )
    programme_level = models.ForeignKey(
        "referentials.ProgrammeLevel",
        verbose_name=_("dispositif et niveau"),
        on_delete=models.PROTECT,
    )
    kind = models.CharField(_("type"), max_length=20, choices=SessionKind.choices)
    starts_on = models.DateField(_("premier jour"))
    ends_on = models.DateField(_("dernier jour"))
    place_address = models.CharField(_("adresse du lieu"), max_length=200)
    place_city = models.CharField(_("commune du lieu"), max_length=120)
    is_inter = models.BooleanField(_("inter-entreprises"), default=False)
    is_public = models.BooleanField(_("publiée dans l'espace public"), default=False)
    capacity = models.PositiveSmallIntegerField(_("nombre de places"))
    status = models.CharField(
        _("état"), max_length=20, choices=SessionStatus.choices, default=SessionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        "accounts.User", verbose_name=_("créée par"), on_delete=models.PROTECT, related_name="+"
    )

    objects = TrainingSessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session de formation")
        verbose_name_plural = _("sessions de formation")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="session_dates_ordered"
            ),
            models.CheckConstraint(condition=Q(capacity__gt=0), name="session_capacity_positive"),
        ]
        indexes = [
            models.Index(fields=["entity", "starts_on"], name="session_entity_start_idx"),
            models.Index(fields=["status", "ends_on"], name="session_status_end_idx"),
            models.Index(
                fields=["starts_on"], condition=Q(is_public=True), name="session_published_idx"
            ),
            # The sessions list: newest first (-starts_on, -id) read from an index, not sorted,
            # and its filters (state, dispositif, period) each with the same order after them.
            models.Index(fields=["starts_on", "id"], name="session_list_start_idx"),
            models.Index(fields=["status", "starts_on", "id"], name="session_list_status_idx"),
            models.Index(
                fields=["programme_level", "starts_on", "id"], name="session_list_level_idx"
            ),
        ]

    def __str__(self):
        return f"{self.programme_level} — {self.starts_on:%d/%m/%Y} ({self.entity})"

    def clean(self):
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("Le dernier jour doit être postérieur ou égal au premier jour.")}
            )
        if self.is_public and not self.is_inter:
            raise ValidationError(
                {"is_public": _("Seule une session inter-entreprises peut être publiée.")}
            )


class SessionTrainer(models.Model):
    session = models.ForeignKey(TrainingSession, on_delete=models.CASCADE, related_name="trainers")
    trainer = models.ForeignKey(
        "accounts.User", verbose_name=_("formateur"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("formateur de la session")
        verbose_name_plural = _("formateurs de la session")
        constraints = [
            models.UniqueConstraint(fields=["session", "trainer"], name="session_trainer_once")
        ]

    def __str__(self):
        return str(self.trainer)


class EnrolmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Enrolments of the sessions whose trainees the user may see."""
        return self.filter(
            session__in=TrainingSession.objects.showing_trainees_to(user).values("pk")
        )


class Enrolment(BaseModel):
    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="enrolments"
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("stagiaire"),
        on_delete=models.PROTECT,
        related_name="enrolments",
    )
    result = models.CharField(
        _("résultat"), max_length=20, choices=Result.choices, default=Result.PENDING
    )
    identity_confirmed = models.BooleanField(_("identité vérifiée"), default=False)

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [models.UniqueConstraint(fields=["session", "person"], name="enrolment_once")]

    def __str__(self):
        return f"{self.person} — {self.session}"


class SessionAmendment(BaseModel):
    """A change made to a closed session (support alone), with its reason and the values before
    and after; the certificates of the session are brought in line in the same transaction."""

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="amendments"
    )
    by = models.ForeignKey(
        "accounts.User", verbose_name=_("par"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motif"))
    changes = models.JSONField(_("modifications"), default=dict)
    regularisation = models.ForeignKey(
        "training.RegularisationRequest",
        verbose_name=_("demande de régularisation"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="amendments",
    )

    class Meta:
        verbose_name = _("modification de session clôturée")
        verbose_name_plural = _("modifications de sessions clôturées")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.session} — {self.created_at:%d/%m/%Y}"

    @property
    def labelled_changes(self) -> list[tuple[str, str, str]]:
        """(what, before, after) for each change, for the session's history."""
        labels = {
            "starts_on": _("premier jour"),
            "ends_on": _("dernier jour"),
            "place_address": _("adresse du lieu"),
            "place_city": _("commune du lieu"),
            "trainers": _("formateurs"),
            "programme_level": _("dispositif et niveau"),
        }
        return [(labels.get(key, key), *values) for key, values in self.changes.items()]


class RegularisationQuerySet(models.QuerySet):
    def visible_to(self, user):
        """An entity's requests to its members who may see its trainees (the manager, delegates
        with a session right: training.rules.can_view_regularisations); the caisse's to its
        instructors; all to support and national."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        if user.staff_role == StaffRole.INSTRUCTOR:
            return self.filter(entity__caisse_id=user.caisse_id)
        return self.filter(entity__in=entities_showing_trainees(user))

    def open_for(self, session, kinds, day):
        """Authorised requests of ``session`` whose window is still open on ``day``."""
        return self.filter(
            session=session,
            kind__in=kinds,
            status=RegularisationStatus.AUTHORISED,
            open_until__gte=day,
        )


class RegularisationRequest(BaseModel):
    """A manager asks the caisse to allow what the rules refuse (a forgotten session, closing
    after the deadline or after the habilitation ended, wrong data on a closed session). The
    instructor authorises — the action is then open until ``open_until`` — or refuses."""

    entity = models.ForeignKey(
        Entity, verbose_name=_("entité"), on_delete=models.CASCADE, related_name="regularisations"
    )
    session = models.ForeignKey(
        TrainingSession,
        verbose_name=_("session"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="regularisations",
    )
    kind = models.CharField(_("motif"), max_length=30, choices=RegularisationKind.choices)
    explanation = models.TextField(_("explication"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=RegularisationStatus.choices,
        default=RegularisationStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        "accounts.User", verbose_name=_("demandée par"), on_delete=models.PROTECT, related_name="+"
    )
    decided_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("décidée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    decision_reason = models.TextField(_("motif de la décision"), blank=True)
    open_until = models.DateField(_("action ouverte jusqu'au"), null=True, blank=True)

    objects = RegularisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de régularisation")
        verbose_name_plural = _("demandes de régularisation")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["entity", "status"], name="regularisation_entity_idx"),
            models.Index(fields=["status", "created_at"], name="regularisation_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="authorised") | Q(open_until__isnull=False),
                name="regularisation_authorised_has_window",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.entity}"

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return (
            self.status == RegularisationStatus.AUTHORISED
            and self.open_until is not None
            and self.open_until >= timezone.localdate()
        )
