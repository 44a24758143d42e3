"""What the switch-over keeps: conformity runs and their findings (the managers' to-do lists and
the readiness dashboard), migration runs and the rows they did not take over (the
reconciliation report). Findings and outcomes are many (one per person at most): plain rows with
an integer key, written in bulk, read by run."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel

from .enums import CheckCode, Outcome, RunStatus


class ConformityRunQuerySet(models.QuerySet):
    def finished(self):
        return self.filter(status=RunStatus.FINISHED)

    def current(self):
        """The latest finished run (``None`` before the first one): the one pages show."""
        return self.finished().order_by("-created_at", "-pk").first()

    def latest(self):
        """The latest run whatever its state (``None`` before the first one): the last one
        started, shown with « en cours », « échoué » or « terminé »."""
        return self.select_related("started_by").order_by("-created_at", "-pk").first()


def _scoped_to(queryset, user):
    """Rows of the conformity report a user may see: national scope all, an instructor their
    caisse's (the caisse of the Forprev 1 entity), a member those of their entities."""
    if not user.is_authenticated:
        return queryset.none()
    if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
        return queryset
    if user.staff_role == StaffRole.INSTRUCTOR:
        return queryset.filter(caisse_id=user.caisse_id)
    from forprev.entities.models import Membership

    entities = Membership.objects.active().filter(user=user).values("entity_id")
    return queryset.filter(entity_id__in=entities)


class EntityReadinessQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_to(self, user)


class ConformityFindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        return _scoped_to(self, user)


class ConformityRun(BaseModel):
    """One run of ``switchover_check`` on an export. The latest finished run is the current one."""

    source = models.CharField(_("export analysé"), max_length=500)
    status = models.CharField(
        _("état"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    due_on = models.DateField(_("à corriger avant le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    summary = models.JSONField(_("résumé"), default=dict, blank=True)
    started_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("lancé par"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ConformityRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("contrôle de conformité")
        verbose_name_plural = _("contrôles de conformité")
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "-created_at"], name="conformity_run_current_idx")
        ]

    def __str__(self):
        return f"{self.source} ({self.created_at:%d/%m/%Y %H:%M})"


class EntityReadiness(models.Model):
    """One Forprev 1 entity in a conformity run: ready or not, and how many findings of each check."""

    run = models.ForeignKey(ConformityRun, on_delete=models.CASCADE, related_name="entities")
    legacy_id = models.CharField(_("identifiant Forprev 1"), max_length=20)
    name = models.CharField(_("raison sociale"), max_length=200)
    siret = models.CharField(_("SIRET"), max_length=20, blank=True)
    nda = models.CharField(_("NDA"), max_length=20, blank=True)
    caisse = models.ForeignKey(
        "referentials.Caisse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    ready = models.BooleanField(_("prête"))
    blocking = models.PositiveIntegerField(_("anomalies bloquantes"), default=0)
    warnings = models.PositiveIntegerField(_("points d'attention"), default=0)
    counts = models.JSONField(_("anomalies par contrôle"), default=dict, blank=True)

    objects = EntityReadinessQuerySet.as_manager()

    class Meta:
        verbose_name = _("état de préparation d'une entité")
        verbose_name_plural = _("états de préparation des entités")
        constraints = [
            models.UniqueConstraint(fields=["run", "legacy_id"], name="readiness_once_per_run")
        ]
        indexes = [
            models.Index(fields=["run", "caisse", "ready"], name="readiness_run_caisse_idx"),
            models.Index(fields=["entity", "run"], name="readiness_entity_idx"),
        ]

    def __str__(self):
        return self.name


class ConformityFinding(models.Model):
    """One thing to fix before the switch: which check, about what, where, and by when."""

    run = models.ForeignKey(ConformityRun, on_delete=models.CASCADE, related_name="findings")
    entity_legacy_id = models.CharField(_("entité (Forprev 1)"), max_length=20, blank=True)
    entity = models.ForeignKey(
        "entities.Entity", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    caisse = models.ForeignKey(
        "referentials.Caisse", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    check_code = models.CharField(_("contrôle"), max_length=40, choices=CheckCode.choices)
    blocking = models.BooleanField(_("bloquant"), default=True)
    file = models.CharField(_("fichier"), max_length=60, blank=True)
    line = models.PositiveIntegerField(_("ligne"), null=True, blank=True)
    subject = models.CharField(_("concerne"), max_length=300, blank=True)
    message = models.TextField(_("anomalie"))
    fix = models.TextField(_("correction"), blank=True)

    objects = ConformityFindingQuerySet.as_manager()

    class Meta:
        verbose_name = _("anomalie de conformité")
        verbose_name_plural = _("anomalies de conformité")
        indexes = [
            models.Index(fields=["run", "entity_legacy_id"], name="finding_run_entity_idx"),
            models.Index(fields=["entity", "run"], name="finding_entity_idx"),
            models.Index(fields=["run", "check_code"], name="finding_run_check_idx"),
            # An instructor's export: their caisse's findings, entity by entity.
            models.Index(
                fields=["run", "caisse", "entity_legacy_id"], name="finding_run_caisse_idx"
            ),
        ]

    def __str__(self):
        return f"{self.get_check_code_display()} — {self.subject}"


def _reads_reconciliation(user) -> bool:
    return user.is_authenticated and (
        user.is_superuser
        or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL, StaffRole.INSTRUCTOR}
    )


class MigrationRunQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The runs of the migration are the network's: support, national and the caisses'
        instructors (who see only their caisse's rows of a run, ``MigrationIssue.visible_to``)."""
        return self.all() if _reads_reconciliation(user) else self.none()


class MigrationIssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Support and national see every row; an instructor the rows of their caisse's
        entities (by the caisse code the run filed the row under); anybody else none."""
        if not _reads_reconciliation(user):
            return self.none()
        if user.staff_role == StaffRole.INSTRUCTOR and not user.is_superuser:
            from forprev.referentials.models import Caisse

            return self.filter(
                caisse_code__in=Caisse.objects.filter(pk=user.caisse_id).values("code")
            )
        return self.all()


class MigrationRun(BaseModel):
    """One run of ``switchover_migrate``. ``report`` holds the reconciliation: per file, rows read,
    migrated, merged, rejected and deferred; totals by entity and by caisse; figures per phase
    (``forprev.switchover.migration.report``)."""

    source = models.CharField(_("export repris"), max_length=500)
    wet = models.BooleanField(_("écriture"), default=False)
    status = models.CharField(
        _("état"), max_length=20, choices=RunStatus.choices, default=RunStatus.RUNNING
    )
    finished_at = models.DateTimeField(_("terminée le"), null=True, blank=True)
    report = models.JSONField(_("rapport de rapprochement"), default=dict, blank=True)
    balanced = models.BooleanField(_("équation vérifiée"), null=True)

    objects = MigrationRunQuerySet.as_manager()

    class Meta:
        verbose_name = _("reprise des données")
        verbose_name_plural = _("reprises des données")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.source} ({self.created_at:%d/%m/%Y %H:%M})"


class MigrationIssue(models.Model):
    """A row of the export not taken over as itself (merged, rejected, deferred), with why; or a
    correction made to a migrated row (outcome « migrated »: an e-mail left empty, a new numéro
    Forprev…). ``reason`` is a code of ``forprev.switchover.migration.reasons``."""

    run = models.ForeignKey(MigrationRun, on_delete=models.CASCADE, related_name="issues")
    file = models.CharField(_("fichier"), max_length=60)
    line = models.PositiveIntegerField(_("ligne"), null=True, blank=True)
    legacy_id = models.CharField(_("identifiant Forprev 1"), max_length=20, blank=True)
    outcome = models.CharField(_("sort"), max_length=20, choices=Outcome.choices)
    reason = models.CharField(_("motif"), max_length=60)
    message = models.TextField(_("détail"))
    entity_legacy_id = models.CharField(_("entité (Forprev 1)"), max_length=20, blank=True)
    caisse_code = models.CharField(_("caisse"), max_length=40, blank=True)

    objects = MigrationIssueQuerySet.as_manager()

    class Meta:
        verbose_name = _("ligne non reprise")
        verbose_name_plural = _("lignes non reprises")
        indexes = [
            models.Index(fields=["run", "file", "line"], name="migration_issue_run_idx"),
            models.Index(fields=["run", "entity_legacy_id"], name="migration_issue_entity_idx"),
            # An instructor's rows of a run; the filters of the report's page.
            models.Index(
                fields=["run", "caisse_code", "file", "line"], name="migration_issue_caisse_idx"
            ),
            models.Index(fields=["run", "outcome", "reason"], name="migration_issue_reason_idx"),
        ]

    def __str__(self):
        return f"{self.file}:{self.line} — {self.get_outcome_display()}"
