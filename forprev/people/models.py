import unicodedata

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forprev.accounts.enums import StaffRole
from forprev.accounts.identifiers import issue_forprev_id
from forprev.core.models import BaseModel
from forprev.entities.enums import MembershipRole
from forprev.entities.models import Entity, Membership

from .rules import TRAINEE_RIGHTS


def fold_name(text: str) -> str:
    """Accent-, case- and spacing-insensitive key of a name (« Le Gall-Piérre » → « le gall pierre »)."""
    text = (text or "").replace("œ", "oe").replace("Œ", "oe").replace("æ", "ae").replace("Æ", "ae")
    decomposed = unicodedata.normalize("NFKD", text)
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(plain.replace("-", " ").replace("'", " ").replace("’", " ").split())


def person_name_key(last_name: str, first_name: str) -> str:
    return f"{fold_name(last_name)}|{fold_name(first_name)}"


def entities_showing_trainees(user):
    """The entities whose trainees ``user`` may see, as a subquery of primary keys: their
    caisse's for an instructor; for an entity member, the entities where they are manager or
    hold a session right — the query form of ``people.rules.membership_sees_trainees`` (rights
    are codes in a JSON list: a portable text match on each code). Support and national see
    every trainee without this list."""
    if user.staff_role == StaffRole.INSTRUCTOR:
        return Entity.objects.visible_to(user).values("pk")
    opening = Q(role=MembershipRole.MANAGER)
    for right in TRAINEE_RIGHTS:
        opening |= Q(rights__icontains=f'"{right.value}"')
    return Membership.objects.active().filter(opening, user=user).values("entity")


class PersonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Support and national see everyone; an instructor the people trained by the entities of
        their caisse; an entity member the people enrolled in their entities' sessions when
        they may see its trainees (a delegate without a session right sees none); a trainer
        the people of the sessions they were named on."""
        if not user.is_authenticated:
            return self.none()
        if user.is_superuser or user.staff_role in {StaffRole.SUPPORT, StaffRole.NATIONAL}:
            return self.all()
        entities = entities_showing_trainees(user)
        return self.filter(
            Q(enrolments__session__entity__in=entities)
            | Q(enrolments__session__trainers__trainer=user)
            | Q(user=user)
        ).distinct()

    def by_forprev_id(self, value: str):
        """The person a numéro Forprev names: its holder, or the person it was merged into (the
        number stays an alias while the merge is in force — people.merging)."""
        value = (value or "").strip().upper()
        aliases = PersonMerge.objects.active().filter(removed_forprev_id=value).values("kept")
        return self.filter(Q(forprev_id=value) | Q(pk__in=aliases))


class Person(BaseModel):
    """An individual (stagiaire): has a numéro Forprev; an account only if they log in."""

    forprev_id = models.CharField(
        _("numéro Forprev"), max_length=8, unique=True, default=issue_forprev_id, editable=False
    )
    last_name = models.CharField(_("nom"), max_length=150)
    first_name = models.CharField(_("prénom"), max_length=150)
    birth_date = models.DateField(_("date de naissance"))
    email = models.EmailField(_("adresse électronique"), blank=True, default="")
    name_key = models.CharField(max_length=310, editable=False, db_index=True)
    user = models.OneToOneField(
        "accounts.User",
        verbose_name=_("compte"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("individu")
        verbose_name_plural = _("individus")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["name_key", "birth_date"], name="person_name_birth_idx"),
            # The typo-tolerant search starts from the birth date (people.search).
            models.Index(fields=["birth_date"], name="person_birth_idx"),
        ]

    def __str__(self):
        return f"{self.last_name.upper()} {self.first_name} ({self.birth_date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        # A derived search key, not a business rule: kept in step with the names.
        self.name_key = person_name_key(self.last_name, self.first_name)
        super().save(*args, **kwargs)


from .merging_models import DuplicateCandidate, MergeRequest, PersonMerge  # noqa: E402,F401
from .requests import PersonRequest  # noqa: E402,F401  (the model lives in its sub-domain module)
