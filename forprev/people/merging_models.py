"""Duplicates: the pairs the engine proposes, a trainer's request to merge their own duplicate
account, and the record of each merge (what it needs to split the two people again).

The services are in ``people.merging`` (merge, undo) and ``people.merge_queue`` (the candidate
pairs and the trainers' requests); who may do what is in ``people.rules``.
"""

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.core.models import BaseModel

NATIONAL_SCOPE = {StaffRole.SUPPORT, StaffRole.NATIONAL}


def has_national_scope(user) -> bool:
    return user.is_authenticated and (user.is_superuser or user.staff_role in NATIONAL_SCOPE)


def people_in_merge_scope(user):
    """The people a reviewer may merge: everybody for support and national; for the instructor
    of a caisse, the trainers of its entities — people with an account who are in the team of
    an entity of the caisse or named on one of its sessions. Nobody for the others."""
    from forprev.trainers.models import TeamMembership
    from forprev.training.models import SessionTrainer

    from .models import Person

    if not user.is_authenticated:
        return Person.objects.none()
    if has_national_scope(user):
        return Person.objects.all()
    if user.staff_role != StaffRole.INSTRUCTOR:
        return Person.objects.none()
    teams = TeamMembership.objects.active().filter(entity__caisse_id=user.caisse_id)
    sessions = SessionTrainer.objects.filter(session__entity__caisse_id=user.caisse_id)
    return Person.objects.filter(
        Q(user__in=teams.values("trainer")) | Q(user__in=sessions.values("trainer"))
    )


class CandidateStatus(models.TextChoices):
    TO_REVIEW = "to_review", _("À examiner")
    DISMISSED = "dismissed", _("Écartée : personnes distinctes")


class DuplicateCandidateQuerySet(models.QuerySet):
    def to_review(self):
        return self.filter(status=CandidateStatus.TO_REVIEW)

    def visible_to(self, user):
        """Support and national see every pair; an instructor the pairs of two trainers of the
        entities of its caisse."""
        if has_national_scope(user):
            return self.all()
        scope = people_in_merge_scope(user).values("pk")
        return self.filter(person_a__in=scope, person_b__in=scope)


class DuplicateCandidate(BaseModel):
    """Two people the engine scores as probably one (``manage.py detect_duplicates``).
    ``group`` is the smallest person key of the pairs linked together, so that a group of
    three or more shows as one line of the queue."""

    person_a = models.ForeignKey(
        "people.Person", verbose_name=_("individu A"), on_delete=models.CASCADE, related_name="+"
    )
    person_b = models.ForeignKey(
        "people.Person", verbose_name=_("individu B"), on_delete=models.CASCADE, related_name="+"
    )
    score = models.FloatField(_("score"))
    group = models.PositiveBigIntegerField(_("groupe"))
    status = models.CharField(
        _("état"), max_length=20, choices=CandidateStatus.choices, default=CandidateStatus.TO_REVIEW
    )
    reviewed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("examinée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("examinée le"), null=True, blank=True)

    objects = DuplicateCandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("doublon possible")
        verbose_name_plural = _("doublons possibles")
        constraints = [
            models.UniqueConstraint(fields=["person_a", "person_b"], name="duplicate_pair_once"),
            models.CheckConstraint(
                condition=Q(person_a__lt=F("person_b")), name="duplicate_pair_ordered"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "group"], name="duplicate_status_group_idx"),
            models.Index(fields=["person_b"], name="duplicate_person_b_idx"),
        ]

    def __str__(self):
        return f"{self.person_a_id} ~ {self.person_b_id} ({self.score:.2f})"


class MergeRequestStatus(models.TextChoices):
    PENDING = "pending", _("En attente de l'assistance")
    MERGED = "merged", _("Comptes fusionnés")
    REJECTED = "rejected", _("Sans suite")


class MergeRequestQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(status=MergeRequestStatus.PENDING)

    def visible_to(self, user):
        """The requester sees theirs; support and national see all of them."""
        if not user.is_authenticated:
            return self.none()
        if has_national_scope(user):
            return self.all()
        return self.filter(requested_by=user)


class MergeRequest(BaseModel):
    """A trainer (or any account holder) tells support they have a second account."""

    requested_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("demandée par"),
        on_delete=models.PROTECT,
        related_name="merge_requests",
    )
    other_forprev_id = models.CharField(_("numéro Forprev de l'autre compte"), max_length=8)
    explanation = models.TextField(_("explication"))
    status = models.CharField(
        _("état"),
        max_length=20,
        choices=MergeRequestStatus.choices,
        default=MergeRequestStatus.PENDING,
    )
    handled_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("traitée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    handled_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    response = models.TextField(_("réponse de l'assistance"), blank=True)

    objects = MergeRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("demande de fusion de comptes")
        verbose_name_plural = _("demandes de fusion de comptes")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"], name="merge_request_queue_idx")]

    def __str__(self):
        return f"{self.requested_by} ~ {self.other_forprev_id}"


class PersonMergeQuerySet(models.QuerySet):
    def active(self):
        """Merges in force (not undone)."""
        return self.filter(undone_at__isnull=True)

    def kept_account_for_login(self, login: str):
        """The key of the account a login leads to through a merge in force, or None: the
        removed person's numéro Forprev, or the numéro or e-mail of the account the merge
        deactivated, lead to the kept person's account (``UserQuerySet.with_login``)."""
        login = (login or "").strip()
        if not login:
            return None
        if "@" in login:
            named = Q(removed_user__email__iexact=login)
        else:
            named = Q(removed_forprev_id=login.upper()) | Q(removed_user__forprev_id=login.upper())
        merges = self.active().filter(named).order_by("-pk")
        return merges.values_list("kept__user", flat=True).first()

    def visible_to(self, user):
        """Support and national see every merge; an instructor the merges whose kept person is
        among the trainers of its caisse's entities, and the ones they made."""
        if not user.is_authenticated:
            return self.none()
        if has_national_scope(user):
            return self.all()
        if user.staff_role != StaffRole.INSTRUCTOR:
            return self.none()
        return self.filter(Q(kept__in=people_in_merge_scope(user).values("pk")) | Q(by=user))


class PersonMerge(BaseModel):
    """One merge: ``removed`` was folded into ``kept``. The removed person's row is deleted; its
    snapshot, the keys of every row that moved (per relation), the rows set aside because the
    kept person already had their twin (full snapshots) and the accounts' state are kept here,
    so that ``merge_undo`` gives back exactly what was there. The removed numéro Forprev stays
    an alias of the kept person while the merge is in force."""

    kept = models.ForeignKey(
        "people.Person",
        verbose_name=_("individu conservé"),
        on_delete=models.PROTECT,
        related_name="merges_kept",
    )
    kept_pk = models.PositiveBigIntegerField(_("clé de l'individu conservé"))
    kept_forprev_id = models.CharField(_("numéro Forprev conservé"), max_length=8)
    removed_pk = models.PositiveBigIntegerField(_("clé de l'individu fusionné"), db_index=True)
    removed_forprev_id = models.CharField(_("numéro Forprev fusionné"), max_length=8, db_index=True)
    removed_snapshot = models.JSONField(_("individu fusionné (copie)"))
    removed_user = models.ForeignKey(
        "accounts.User",
        verbose_name=_("compte désactivé"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_(
            "Le compte du doublon, désactivé : ses identifiants mènent au compte conservé."
        ),
    )
    accounts = models.JSONField(_("comptes"), default=dict)
    moved = models.JSONField(_("lignes déplacées"), default=dict)
    set_aside = models.JSONField(_("lignes mises de côté"), default=list)
    by = models.ForeignKey(
        "accounts.User", verbose_name=_("fusionné par"), on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("motif"))
    request = models.ForeignKey(
        MergeRequest,
        verbose_name=_("demande"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="merges",
    )
    undone_at = models.DateTimeField(_("annulée le"), null=True, blank=True)
    undone_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("annulée par"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = PersonMergeQuerySet.as_manager()

    class Meta:
        verbose_name = _("fusion d'individus")
        verbose_name_plural = _("fusions d'individus")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.removed_forprev_id} → {self.kept_forprev_id}"

    @property
    def is_undone(self) -> bool:
        return self.undone_at is not None

    @property
    def removed_birth_date(self):
        value = self.removed_snapshot.get("birth_date")
        return date.fromisoformat(value) if value else None

    @property
    def removed_label(self) -> str:
        data = self.removed_snapshot
        return f"{(data.get('last_name') or '').upper()} {data.get('first_name') or ''}".strip()
