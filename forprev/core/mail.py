"""One door for outgoing e-mail: render French templates now, send in a background task on commit."""

from functools import partial

from django.db import transaction
from django.template.loader import render_to_string

from forprev.core.tasks import send_email


def send_templated_email(*, to: str | list[str], template: str, context: dict) -> None:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` and enqueue the sending.

    The task is enqueued when the surrounding transaction commits, so a rolled-back action never
    sends mail, and the request never waits for the SMTP server.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
    body = render_to_string(f"{template}_body.txt", context)
    transaction.on_commit(partial(send_email.enqueue, subject=subject, body=body, to=recipients))
