"""What support and the caisses review before merging: the pairs the duplicate-detection engine
proposes (refreshed by ``manage.py detect_duplicates``), and the trainers' requests to merge
their own duplicate account (« Mes informations »).

The engine (``people.duplicates.engine``, another sub-domain) is only reached through
``engine_pairs`` and ``engine_score``: one place to adapt if its entry points change.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forprev.accounts.identifiers import is_valid_forprev_id
from forprev.accounts.models import User
from forprev.core.exceptions import DomainError

from . import notifications
from .merging_models import (
    CandidateStatus,
    DuplicateCandidate,
    MergeRequest,
    MergeRequestStatus,
)
from .models import Person
from .rules import can_answer_merge_request, can_ask_account_merge, can_review_duplicates

DB_CHUNK = 10_000
WRITE_BATCH = 1_000


# The engine --------------------------------------------------------------------------------


def review_threshold() -> float:
    from .duplicates.engine import THRESHOLD_REVIEW

    return THRESHOLD_REVIEW


def certain_threshold() -> float:
    from .duplicates.engine import THRESHOLD_CERTAIN

    return THRESHOLD_CERTAIN


def _record(person) -> tuple:
    return (person.pk, person.last_name, person.first_name, person.birth_date, None, person.email, None)  # fmt: skip


def engine_pairs(records, threshold: float, progress=None):
    """``(pk_a, pk_b, score)`` with ``pk_a < pk_b`` for the records ``(pk, last_name,
    first_name, birth_date, birth_place, email, postcode)`` scoring ``threshold`` or more."""
    from .duplicates.engine import find_pairs

    for id_a, id_b, score in find_pairs(records, threshold, progress=progress):
        yield int(id_a), int(id_b), float(score)


def engine_score(person_a, person_b) -> float:
    """The engine's score of two people (a probability that they are one)."""
    from .duplicates.engine import compare

    return float(compare(_record(person_a), _record(person_b)))


# The candidate pairs -----------------------------------------------------------------------


@dataclass
class RefreshSummary:
    people: int = 0
    pairs: int = 0
    new: int = 0
    updated: int = 0
    stale: int = 0
    dismissed_kept: int = 0


def _groups(pairs) -> dict[int, int]:
    """Each person of ``pairs`` → the smallest key of the people linked to them."""
    parent: dict[int, int] = {}

    def find(x):
        root = x
        while parent.get(root, root) != root:
            root = parent[root]
        while parent.get(x, x) != root:
            parent[x], x = root, parent[x]
        return root

    for a, b, _score in pairs:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    people = {a for a, _b, _s in pairs} | {b for _a, b, _s in pairs}
    return {x: find(x) for x in people}


def _people_records(progress):
    rows = Person.objects.order_by().values_list(
        "pk", "last_name", "first_name", "birth_date", "email"
    )
    count = 0
    for pk, last_name, first_name, birth_date, email in rows.iterator(chunk_size=DB_CHUNK):
        count += 1
        yield (pk, last_name, first_name, birth_date, None, email, None)
    if progress:
        progress(f"{count} individus lus")


def duplicate_candidates_refresh(
    *, wet_run: bool = False, threshold: float | None = None, progress=None
) -> RefreshSummary:
    """Run the engine on every person and bring the queue in line: new pairs at or above the
    review threshold are added, the scores and groups of known pairs updated, pairs still to
    review that the engine no longer proposes removed. Pairs set aside as « personnes
    distinctes » stay so (a new run does not bring them back). Re-runnable; writes nothing
    unless ``wet_run``."""
    threshold = review_threshold() if threshold is None else threshold
    summary = RefreshSummary(people=Person.objects.count())
    pairs = list(engine_pairs(_people_records(progress), threshold, progress))
    summary.pairs = len(pairs)
    groups = _groups(pairs)
    known = {
        (c.person_a_id, c.person_b_id): c
        for c in DuplicateCandidate.objects.only(
            "pk", "person_a_id", "person_b_id", "score", "group", "status"
        )
    }
    new, changed, found = [], [], set()
    for a, b, score in pairs:
        found.add((a, b))
        group = groups[a]
        candidate = known.get((a, b))
        if candidate is None:
            new.append(DuplicateCandidate(person_a_id=a, person_b_id=b, score=score, group=group))
            continue
        if candidate.status == CandidateStatus.DISMISSED:
            summary.dismissed_kept += 1
        if abs(candidate.score - score) > 1e-6 or candidate.group != group:
            candidate.score, candidate.group = score, group
            changed.append(candidate)
    stale = [
        c.pk
        for key, c in known.items()
        if key not in found and c.status == CandidateStatus.TO_REVIEW
    ]
    summary.new, summary.updated, summary.stale = len(new), len(changed), len(stale)
    if wet_run:
        with transaction.atomic():
            DuplicateCandidate.objects.bulk_create(
                new, batch_size=WRITE_BATCH, ignore_conflicts=True
            )
            DuplicateCandidate.objects.bulk_update(
                changed, ["score", "group"], batch_size=WRITE_BATCH
            )
            for start in range(0, len(stale), WRITE_BATCH):
                DuplicateCandidate.objects.filter(
                    pk__in=stale[start : start + WRITE_BATCH]
                ).delete()
    return summary


@transaction.atomic
def candidate_dismiss(*, candidate, by) -> DuplicateCandidate:
    """« Personnes distinctes »: the pair leaves the queue and stays out of it."""
    candidate = DuplicateCandidate.objects.select_for_update().get(pk=candidate.pk)
    if not can_review_duplicates(by):
        raise DomainError(_("Vous n'êtes pas autorisé(e) à examiner les doublons."))
    if candidate.status == CandidateStatus.DISMISSED:
        raise DomainError(_("Cette paire est déjà écartée."))
    candidate.status = CandidateStatus.DISMISSED
    candidate.reviewed_by = by
    candidate.reviewed_at = timezone.now()
    candidate.save(update_fields=["status", "reviewed_by", "reviewed_at", "updated_at"])
    return candidate


# The trainers' requests --------------------------------------------------------------------


@transaction.atomic
def merge_request_create(*, by, other_forprev_id, explanation) -> MergeRequest:
    """A trainer tells support that ``other_forprev_id`` is their second account."""
    if not can_ask_account_merge(by):
        raise DomainError(_("Les comptes de l'équipe Forprev sont corrigés dans le back-office."))
    other = (other_forprev_id or "").strip().upper()
    explanation = (explanation or "").strip()
    if not is_valid_forprev_id(other):
        raise DomainError(
            _("Un numéro Forprev s'écrit avec 3 lettres et 5 chiffres, par exemple JKA37899."),
            field="other_forprev_id",
        )
    if other == by.forprev_id:
        raise DomainError(
            _("C'est le numéro de ce compte : indiquez celui de l'autre compte."),
            field="other_forprev_id",
        )
    if not explanation:
        raise DomainError(_("Expliquez comment vous avez eu deux comptes."), field="explanation")
    known = User.objects.filter(forprev_id=other).exists() or Person.objects.by_forprev_id(other).exists()  # fmt: skip
    if not known:
        raise DomainError(
            _("Aucun compte ni individu ne porte le numéro %(numero)s.") % {"numero": other},
            field="other_forprev_id",
        )
    pending = MergeRequest.objects.pending().filter(requested_by=by, other_forprev_id=other)
    if pending.exists():
        raise DomainError(
            _("Vous avez déjà signalé ce compte : l'assistance traite votre demande."),
            field="other_forprev_id",
        )
    created = MergeRequest.objects.create(
        requested_by=by, other_forprev_id=other, explanation=explanation[:4000]
    )
    notifications.merge_request_filed(created)  # support answers
    return created


@transaction.atomic
def merge_request_reject(*, request, by, response) -> MergeRequest:
    """Support answers that the two accounts will not be merged, and why."""
    request = MergeRequest.objects.select_for_update().get(pk=request.pk)
    if not can_answer_merge_request(by, request):
        raise DomainError(_("Cette demande n'est plus en attente ou ne vous revient pas."))
    response = (response or "").strip()
    if not response:
        raise DomainError(_("Indiquez la réponse faite au demandeur."), field="response")
    request.status = MergeRequestStatus.REJECTED
    request.handled_by = by
    request.handled_at = timezone.now()
    request.response = response[:4000]
    request.save(update_fields=["status", "handled_by", "handled_at", "response", "updated_at"])
    notifications.merge_request_answered(request)
    return request


def merge_request_people(request) -> tuple[Person | None, Person | None]:
    """The person of the requester's account and the person the other numéro names (through
    the aliases of merges), either None when there is none (an account without a person)."""
    mine = Person.objects.filter(user_id=request.requested_by_id).first()
    other = Person.objects.by_forprev_id(request.other_forprev_id).first()
    if other is None:
        other = Person.objects.filter(user__forprev_id=request.other_forprev_id).first()
    return mine, other
