"""The files kept between an import's preview and its confirmation, and their purge.

A previewed file is kept in the default storage under ``imports/<token>`` (a random token, with
the file's extension) until the person confirms the import, which reads and deletes it. A file
never confirmed is purged once older than ``FORPREV_IMPORT_PREVIEW_HOURS`` (24 h): by
``previews_purge`` (the ``purge_import_previews`` command and task, run hourly or daily), and
``preview_read`` already ignores it past that age.
"""

import re
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

DIRECTORY = "imports"
TOKEN = re.compile(r"[0-9a-f]{32}(\.(csv|xlsx|txt))?")
_EXTENSIONS = {"csv", "xlsx", "txt"}


def max_age() -> timedelta:
    return timedelta(hours=settings.FORPREV_IMPORT_PREVIEW_HOURS)


def _path(token: str) -> str:
    return f"{DIRECTORY}/{token}"


def preview_save(*, data: bytes, filename: str) -> str:
    """Keep ``data`` until confirmation; returns its token (random, with the extension)."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    suffix = f".{extension}" if extension in _EXTENSIONS else ""
    token = f"{uuid.uuid4().hex}{suffix}"
    default_storage.save(_path(token), ContentFile(data))
    return token


def preview_read(token: str, *, now: datetime | None = None) -> bytes | None:
    """The kept file of ``token``; ``None`` for a malformed token, a file gone or too old."""
    if not TOKEN.fullmatch(token or ""):
        return None
    path = _path(token)
    if not default_storage.exists(path):
        return None
    if default_storage.get_modified_time(path) < (now or timezone.now()) - max_age():
        return None
    with default_storage.open(path, "rb") as kept:
        return kept.read()


def preview_delete(token: str) -> None:
    if TOKEN.fullmatch(token or ""):
        default_storage.delete(_path(token))


@dataclass
class PurgeSummary:
    purged: list[str] = field(default_factory=list)
    kept: int = 0


def previews_purge(*, now: datetime | None = None, dry_run: bool = True) -> PurgeSummary:
    """Delete (unless ``dry_run``) the kept files older than ``max_age()``: previews nobody
    confirmed. Files whose name is not a token are left alone."""
    limit = (now or timezone.now()) - max_age()
    summary = PurgeSummary()
    try:
        _, names = default_storage.listdir(DIRECTORY)
    except FileNotFoundError:
        return summary
    for name in sorted(names):
        path = _path(name)
        if not TOKEN.fullmatch(name):
            continue
        if default_storage.get_modified_time(path) >= limit:
            summary.kept += 1
            continue
        if not dry_run:
            default_storage.delete(path)
        summary.purged.append(name)
    return summary
