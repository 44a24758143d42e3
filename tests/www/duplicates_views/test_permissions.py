"""Permission matrix of the « Doublons » pages: the queue, people side by side, the merge, its
record and undoing (support, national, the instructor of the caisse for the trainers of its
entities), and a trainer's request to merge their own duplicate account."""

import pytest

from forprev.people.merging import persons_merge
from forprev.people.merging_models import DuplicateCandidate, MergeRequest
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row
from tests.www.duplicates_views.world import trainer_of

NOT_REVIEWERS = {
    "person": 403,
    "manager": 403,
    "delegate": 403,
    "delegate_without_right": 403,
    "manager_elsewhere": 403,
}
STAFF = {"instructor": 403, "instructor_elsewhere": 403, "support": 403, "national": 403}


def reviewers(status, elsewhere=404):
    """The reviewers' status; the instructor of another caisse does not see these trainers."""
    return row(
        default=403,
        anonymous=LOGIN,
        instructor=status,
        instructor_elsewhere=elsewhere,
        support=status,
        national=status,
    )


MATRIX = [
    ("duplicates:queue", "get", None, reviewers(200, elsewhere=200)),
    ("duplicates:merge_list", "get", None, reviewers(200, elsewhere=200)),
    (
        "duplicates:candidate_dismiss",
        "post",
        lambda ctx: {"public_id": ctx["candidate"].public_id},
        reviewers(302),
        NO_BODY,
    ),
    ("duplicates:compare", "get", lambda ctx: {"people": ctx["pair"]}, reviewers(200)),
    (
        "duplicates:merge",
        "post",
        lambda ctx: {"people": ctx["pair"]},
        reviewers(302),
        lambda ctx: {"kept": str(ctx["pair"][0]), "reason": "Même nom, même date de naissance"},
    ),
    (
        "duplicates:merge_detail",
        "get",
        lambda ctx: {"public_id": ctx["merge"].public_id},
        reviewers(200),
    ),
    (
        "duplicates:merge_undo",
        "post",
        lambda ctx: {"public_id": ctx["merge"].public_id},
        reviewers(302),
        NO_BODY,
    ),
    ("duplicates:request_create", "get", None, row(default=200, anonymous=LOGIN, **STAFF)),
    (
        "duplicates:request_create",
        "post",
        None,
        row(default=302, anonymous=LOGIN, **STAFF),
        lambda ctx: {"other_forprev_id": ctx["other"].forprev_id, "explanation": "Deux comptes"},
    ),
    (
        "duplicates:request_detail",
        "get",
        lambda ctx: {"public_id": ctx["request"].public_id},
        row(default=404, anonymous=LOGIN, person=200, support=200, national=200),
    ),
    (
        "duplicates:request_reject",
        "post",
        lambda ctx: {"public_id": ctx["request"].public_id},
        row(default=404, anonymous=LOGIN, person=403, support=302, national=302),
        lambda ctx: {"response": "Ce sont deux personnes distinctes."},
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, entity, personas, url_name, method, kwargs, persona, expected):  # fmt: skip
    a, b = trainer_of(entity, "Durand", "Léa"), trainer_of(entity, "Durant", "Lea")
    low, high = sorted((a, b), key=lambda p: p.pk)
    candidate = DuplicateCandidate.objects.create(
        person_a=low, person_b=high, score=0.97, group=low.pk
    )
    kept, removed = trainer_of(entity, "Petit", "Marc"), trainer_of(entity, "Petit", "Marc")
    merge = persons_merge(kept=kept, removed=removed, by=personas["support"], reason="Doublon")
    request = MergeRequest.objects.create(
        requested_by=personas["person"], other_forprev_id=a.forprev_id, explanation="Deux comptes"
    )
    client = login_as(persona)
    context = {
        "candidate": candidate,
        "pair": [a.public_id, b.public_id],
        "merge": merge,
        "request": request,
        "other": b,
    }
    check_case(client, context, url_name, method, kwargs, expected)
