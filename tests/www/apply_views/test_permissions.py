"""Permission matrix of the public application: everyone reaches the form, the « check your
mailbox » page and the link; logged-in people get an explanation instead of the form or the
link (tests/www/apply_views/test_apply.py). « Reconnaître l'entité » is the instructor's of the
entity's caisse (tests/www/apply_views/test_claims.py)."""

import pytest
from django.core import signing

from forprev.entities.application import CONFIRM_SALT
from forprev.entities.enums import EntityStatus
from forprev.entities.models import PendingApplication
from tests.factories import EntityFactory
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row
from tests.www.apply_views.test_apply import company, pending_for


def link(ctx):
    pending: PendingApplication = pending_for(ctx.setdefault("email", "nouvelle@exemple.fr"))
    return {"token": signing.dumps(str(pending.public_id), salt=CONFIRM_SALT)}


def provisional(ctx):
    """A provisional entity of the caisse of ``entity`` (Carsat Sud-Est)."""
    entity = EntityFactory(status=EntityStatus.PROVISIONAL, name="DEMANDE PROVISOIRE")
    return {"public_id": entity.public_id}


MATRIX = [
    ("apply:start", "get", None, row(default=200)),
    # Anonymous: the same « check your mailbox » redirect whatever is known; a logged-in
    # person's POST is not processed (the explanation page again).
    ("apply:start", "post", None, row(default=200, anonymous=302), lambda ctx: company()),
    ("apply:sent", "get", None, row(default=200)),
    ("apply:confirm", "get", link, row(default=200)),
    # Anonymous: the account is created and the new manager logged in (→ their space).
    ("apply:confirm", "post", link, row(default=200, anonymous=302), NO_BODY),
    (
        "apply:entity_recognise",
        "post",
        provisional,
        # Members of other entities do not see it (404); support and national see it but only
        # the caisse recognises (403).
        row(
            default=404,
            anonymous=LOGIN,
            instructor=302,
            support=403,
            national=403,
        ),
        NO_BODY,
    ),
]

CASES = cases(MATRIX)


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), CASES)
def test_permission_matrix(login_as, entity, url_name, method, kwargs, persona, expected):
    client = login_as(persona)
    check_case(client, {"entity": entity}, url_name, method, kwargs, expected)
