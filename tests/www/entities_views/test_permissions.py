"""Permission matrix of the invitation pages and of the invitation POSTs of the delegates page
(the entities' other pages are in tests/www/test_permission_matrix.py)."""

import pytest

from forprev.entities.enums import InvitationKind
from tests.entities.factories import invite
from tests.permissions import LOGIN, NO_BODY, cases, check_case, row


def entity_id(ctx):
    return {"public_id": ctx["entity"].public_id}


def addressed(ctx):
    """The invitation addressed to the « person » persona."""
    return {"invitation_id": ctx["invitation"].public_id}


def link(ctx):
    return {"public_id": ctx["invitation"].public_id, "token": ctx["token"]}


def inviter_side(ctx):
    return {"public_id": ctx["entity"].public_id, "invitation_id": ctx["invitation"].public_id}


def invitation_body(ctx):
    return {"identifier": "nouvelle.personne@exemple.fr", "rights": ["exports"]}


# The inviting side of a delegate invitation: the manager only; outside scope → 404.
INVITER = {
    "default": 403,
    "anonymous": LOGIN,
    "person": 404,
    "manager": 302,
    "manager_elsewhere": 404,
    "instructor_elsewhere": 404,
}
# The invitee's side: the « person » persona only; anyone else does not find it.
INVITEE = {"default": 404, "anonymous": LOGIN, "person": 302}

MATRIX = [
    (
        "entities:delegate_list",
        "post",
        entity_id,
        row(**INVITER),
        invitation_body,
    ),
    ("entities:invitation_list", "get", None, row(default=200, anonymous=LOGIN)),
    ("entities:invitation_accept", "post", addressed, row(**INVITEE), NO_BODY),
    ("entities:invitation_decline", "post", addressed, row(**INVITEE), NO_BODY),
    # The link's page is public: its secret is the credential; the answer needs the invitee.
    ("entities:invitation_open", "get", link, row(default=200)),
    (
        "entities:invitation_open",
        "post",
        link,
        row(default=403, anonymous=LOGIN, person=302),
        lambda ctx: {"action": "accept"},
    ),
    ("entities:invitation_resend", "post", inviter_side, row(**INVITER), NO_BODY),
    ("entities:invitation_withdraw", "post", inviter_side, row(**INVITER), NO_BODY),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("url_name", "method", "kwargs", "persona", "expected"), cases(MATRIX))
def test_permission_matrix(login_as, personas, entity, url_name, method, kwargs, persona, expected):
    invitation, token = invite(
        entity,
        personas["manager"],
        personas["person"].email,
        kind=InvitationKind.DELEGATE,
        rights=["exports"],
    )
    client = login_as(persona)
    check_case(
        client,
        {"entity": entity, "invitation": invitation, "token": token},
        url_name,
        method,
        kwargs,
        expected,
    )
