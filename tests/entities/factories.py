"""Invitations as situations: sent through the service, with the link's secret read back from
the e-mail (the database keeps only its digest)."""

import re

from django.core import mail
from django.test import TestCase

from forprev.entities.enums import InvitationKind
from forprev.entities.invitations import invitation_create, invitation_resend

LINK_RE = re.compile(r"/entites/invitations/([0-9a-f-]{36})/([A-Za-z0-9_-]+)/")


def link_of(message) -> tuple[str, str]:
    """``(public_id, token)`` of the invitation link in an e-mail."""
    found = LINK_RE.search(message.body)
    assert found, message.body
    return found.group(1), found.group(2)


def invite(entity, by, identifier, *, kind=InvitationKind.DELEGATE, rights=()):
    """Send an invitation; ``(invitation, token)``, token None when no e-mail left."""
    sent = len(mail.outbox)
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitation_create(
            entity=entity, by=by, kind=kind, identifier=identifier, rights=rights
        )
    token = link_of(mail.outbox[-1])[1] if len(mail.outbox) > sent else None
    return invitation, token


def resend(invitation, by):
    with TestCase.captureOnCommitCallbacks(execute=True):
        invitation = invitation_resend(invitation=invitation, by=by)
    return invitation, link_of(mail.outbox[-1])[1]
