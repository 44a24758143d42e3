"""Feature freezes: an action disabled from a date (until a date), announced beforehand."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forprev.core.models import BaseModel

from .enums import FrozenAction

MAX_ANNOUNCE_DAYS = 365


class FeatureFreezeQuerySet(models.QuerySet):
    def not_over_on(self, day: datetime.date):
        """In force or still to come on ``day`` (``ends_on`` is inclusive)."""
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gte=day))

    def in_force_on(self, day: datetime.date):
        return self.not_over_on(day).filter(starts_on__lte=day)

    def upcoming_on(self, day: datetime.date):
        return self.filter(starts_on__gt=day)

    def over_on(self, day: datetime.date):
        return self.filter(ends_on__lt=day)


class FeatureFreeze(BaseModel):
    """One action of the schedule published before the switch-over, disabled from ``starts_on``
    until ``ends_on`` (inclusive; open-ended when empty). Its ``message`` is shown in the pop-up
    of the disabled button, in the banner from ``announce_days`` days before, and in the e-mail
    sent to the people concerned when the announcement starts (``notified_at``)."""

    action = models.CharField(_("action suspendue"), max_length=40, choices=FrozenAction.choices)
    starts_on = models.DateField(_("suspendue à partir du"))
    ends_on = models.DateField(
        _("jusqu'au (inclus)"),
        null=True,
        blank=True,
        help_text=_("Laisser vide pour une suspension jusqu'à nouvel ordre."),
    )
    message = models.TextField(
        _("message aux utilisateurs"),
        max_length=2000,
        help_text=_(
            "Affiché dans la fenêtre qui s'ouvre au clic sur l'action, dans le bandeau "
            "d'annonce et dans le courriel. Dites quoi faire à la place."
        ),
    )
    announce_days = models.PositiveSmallIntegerField(
        _("annonce (jours avant)"),
        default=30,
        validators=[MaxValueValidator(MAX_ANNOUNCE_DAYS)],
        help_text=_(
            "Le bandeau s'affiche et les courriels partent ce nombre de jours avant le début."
        ),
    )
    notified_at = models.DateTimeField(_("courriels envoyés le"), null=True, blank=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("créé par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = FeatureFreezeQuerySet.as_manager()

    class Meta:
        verbose_name = _("gel de fonctionnalité")
        verbose_name_plural = _("gels de fonctionnalités")
        ordering = ["starts_on", "action"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="freeze_dates_ordered",
            )
        ]
        indexes = [
            # "Freezes in force for action X on day D".
            models.Index(
                fields=["action", "starts_on", "ends_on"], name="freeze_action_period_idx"
            ),
            # The not-over freezes every page's banner reads (then cached).
            models.Index(fields=["ends_on", "starts_on"], name="freeze_ends_idx"),
        ]

    def __str__(self):
        return f"{self.get_action_display()} — {self.period_text()}"

    def clean(self):
        errors = {}
        if not (self.message or "").strip():
            errors["message"] = _("Le message affiché aux utilisateurs est obligatoire.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _(
                "La date de fin doit être postérieure ou égale à la date de début."
            )
        if not errors and self.action and self.starts_on and self.overlapping_freezes().exists():
            errors["starts_on"] = _(
                "Un autre gel de la même action couvre déjà une partie de cette période."
            )
        if errors:
            raise ValidationError(errors)

    def overlapping_freezes(self):
        """Other freezes of the same action whose period meets this one."""
        others = FeatureFreeze.objects.filter(action=self.action).exclude(pk=self.pk)
        if self.ends_on:
            others = others.filter(starts_on__lte=self.ends_on)
        return others.not_over_on(self.starts_on)

    @property
    def action_phrase(self) -> str:
        return FrozenAction(self.action).phrase

    @property
    def announced_from(self) -> datetime.date:
        return self.starts_on - datetime.timedelta(days=self.announce_days)

    def is_in_force_on(self, day: datetime.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or day <= self.ends_on)

    def is_announced_on(self, day: datetime.date) -> bool:
        """Shown in the banner: from the announcement until the last frozen day."""
        return self.announced_from <= day and (self.ends_on is None or day <= self.ends_on)

    def period_text(self) -> str:
        if self.ends_on:
            return gettext("du %(start)s au %(end)s inclus") % {
                "start": f"{self.starts_on:%d/%m/%Y}",
                "end": f"{self.ends_on:%d/%m/%Y}",
            }
        return gettext("à partir du %(start)s") % {"start": f"{self.starts_on:%d/%m/%Y}"}

    def notice_on(self, day: datetime.date) -> str:
        """The banner's sentence: « À partir du …, <action> ne sera plus possible : <message> »
        before the start, « Depuis le …, <action> n'est plus possible : <message> » after."""
        values = {
            "start": f"{self.starts_on:%d/%m/%Y}",
            "end": f"{self.ends_on:%d/%m/%Y}" if self.ends_on else "",
            "action": self.action_phrase,
            "message": self.message.strip(),
        }
        if day < self.starts_on:
            if self.ends_on:
                text = gettext(
                    "Du %(start)s au %(end)s inclus, %(action)s ne sera plus possible : %(message)s"
                )
            else:
                text = gettext(
                    "À partir du %(start)s, %(action)s ne sera plus possible : %(message)s"
                )
        elif self.ends_on:
            text = gettext(
                "Depuis le %(start)s et jusqu'au %(end)s inclus, %(action)s n'est plus "
                "possible : %(message)s"
            )
        else:
            text = gettext("Depuis le %(start)s, %(action)s n'est plus possible : %(message)s")
        return text % values

    @property
    def notice_today(self) -> str:
        return self.notice_on(timezone.localdate())

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        _forget_cached_freezes()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        _forget_cached_freezes()
        return result


def _forget_cached_freezes() -> None:
    # Cache bookkeeping, not a business rule: the pages read the freezes through a short cache.
    from .selectors import forget_cached_freezes

    forget_cached_freezes()
