"""Queue counts of the people domain, for the home to-do lists and the navigation: how many
items wait for a given user. Each costs one query at most (none for a user who handles none)."""

from .merging_models import DuplicateCandidate, MergeRequest, has_national_scope
from .requests import PersonRequest
from .rules import can_review_duplicates


def open_person_requests_count_for(user) -> int:
    """« Stagiaire introuvable » / « erreur de coordonnées » requests waiting for ``user``'s
    answer: their caisse's for an instructor, all for support, 0 for anybody else."""
    return PersonRequest.objects.awaiting(user).count()


def open_merge_requests_count_for(user) -> int:
    """Trainers' requests to merge their two accounts, waiting for support (support and
    national answer them); 0 for anybody else."""
    if not has_national_scope(user) or not user.is_active:
        return 0
    return MergeRequest.objects.pending().count()


def duplicates_to_review_count_for(user) -> int:
    """Groups of possible duplicates in ``user``'s review scope (the lines of « Doublons »)."""
    if not can_review_duplicates(user):
        return 0
    return (
        DuplicateCandidate.objects.visible_to(user).to_review().values("group").distinct().count()
    )
