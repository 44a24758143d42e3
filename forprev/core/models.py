import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import JobRunStatus


class BaseModel(models.Model):
    """Every business row: a public UUID for URLs (never integer keys), and timestamps."""

    public_id = models.UUIDField(
        _("identifiant public"), default=uuid.uuid4, unique=True, editable=False
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        abstract = True


class JobRun(models.Model):
    """One run of a periodic job (``forprev.core.scheduling``), whoever started it."""

    job_key = models.CharField(_("tâche"), max_length=100)
    result_id = models.CharField(_("identifiant d'exécution"), max_length=64, unique=True)
    status = models.CharField(
        _("état"), max_length=20, choices=JobRunStatus.choices, default=JobRunStatus.ENQUEUED
    )
    enqueued_at = models.DateTimeField(_("demandée le"), default=timezone.now)
    started_at = models.DateTimeField(_("commencée le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finie le"), null=True, blank=True)
    summary = models.TextField(_("résumé"), blank=True, default="")
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lancée par"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("exécution de tâche planifiée")
        verbose_name_plural = _("exécutions de tâches planifiées")
        ordering = ["-enqueued_at"]
        indexes = [models.Index(fields=["job_key", "-enqueued_at"], name="jobrun_key_enqueued_idx")]

    def __str__(self):
        return f"{self.job_key} — {self.get_status_display()}"
