"""No page tells a user to run a command (issue 13 item 17): what staff needed from a terminal
runs on a schedule and from the page concerned. Every template is read, e-mails included."""

import re
from pathlib import Path

import pytest
from django.conf import settings

TEMPLATES = Path(settings.BASE_DIR) / "forprev" / "templates"
COMMAND_TEXT = re.compile(
    r"\bcommande\b|manage\.py|--wet-run|\b(notify_freezes|switchover_check|switchover_migrate|"
    r"detect_duplicates|send_expiry_reminders|extend_accreditations|invitations_expire)\b",
    re.IGNORECASE,
)


def _templates():
    return sorted(p for p in TEMPLATES.rglob("*") if p.is_file() and p.suffix in {".html", ".txt"})


def test_templates_are_found():
    assert len(_templates()) > 50


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_no_template_tells_the_user_to_run_a_command(path):
    found = [
        f"{number}: {line.strip()[:120]}"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if COMMAND_TEXT.search(line)
    ]
    assert not found, found
