"""``docs/forprev1-export.md`` describes every file and column of ``spec.FILES``, with the same
type and required flag, and no column the spec does not have: the page cannot drift."""

import re
from pathlib import Path

import pytest

from forprev.switchover.legacy.spec import FILES

DOC = Path(__file__).resolve().parents[2] / "docs" / "forprev1-export.md"
_ROW = re.compile(r"^\| `(?P<name>[a-z_]+)` \| (?P<type>[a-z]+)\b[^|]* \| (?P<required>yes|no) \|")


def sections() -> dict[str, str]:
    """The text under each ``### `file.csv``` heading, up to the next heading."""
    text = DOC.read_text(encoding="utf-8")
    parts = re.split(r"^### `([a-z_]+\.csv)`.*$", text, flags=re.MULTILINE)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def documented_columns(section: str) -> dict[str, tuple[str, bool]]:
    columns = {}
    for line in section.splitlines():
        match = _ROW.match(line)
        if match:
            columns[match["name"]] = (match["type"], match["required"] == "yes")
    return columns


def test_every_file_has_its_section():
    assert [spec.name for spec in FILES if spec.name not in sections()] == []
    assert set(sections()) == {spec.name for spec in FILES}


@pytest.mark.parametrize("spec", FILES, ids=lambda spec: spec.name)
def test_every_column_is_documented_with_its_type_and_required_flag(spec):
    documented = documented_columns(sections()[spec.name])

    assert list(documented) == list(spec.column_names)
    for column in spec.columns:
        assert documented[column.name] == (column.type, column.required), column.name


@pytest.mark.parametrize("spec", FILES, ids=lambda spec: spec.name)
def test_references_and_choices_are_named(spec):
    section = sections()[spec.name]
    for column in spec.columns:
        if column.ref:
            assert f"`{column.name}` | {column.type} → `{column.ref}`" in section
        for choice in column.choices:
            assert f"`{choice}`" in section, (column.name, choice)
