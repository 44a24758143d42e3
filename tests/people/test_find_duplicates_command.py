"""``manage.py find_duplicates``: good files, awkward files and bad ones."""

import csv
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command, execute_from_command_line

from forprev.people.models import Person

HEADER = "id,last_name,first_name,birth_date,birth_place,email,postcode\n"
ROWS = (
    "12,Bernard,Nathalie,1985-03-17,Lyon,nathalie.bernard@orange.fr,69003\n"
    "3,BERNARD,Nathalie,17/03/1985,Lyon,,69003\n"
    "7,Bernrad,Nathalie,17-03-1985,Lyon,nathalie.bernard@orange.fr,69003\n"
    "20,Bernard,Chloé,1985-03-17,Lyon,nathalie.bernard@orange.fr,69003\n"
    "5,Dupont,Paul,1970-01-01,Paris,,75011\n"
)


def write(path: Path, text: str, encoding="utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def pairs_of(path: Path) -> list[tuple[str, str, float]]:
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        assert next(reader) == ["id_a", "id_b", "score"]
        return [(a, b, float(s)) for a, b, s in reader]


def run(tmp_path, text, *options, encoding="utf-8"):
    source = write(tmp_path / "people.csv", text, encoding)
    output = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--input", str(source), "--output", str(output), *options)
    return [(a, b) for a, b, _ in pairs_of(output)]


def test_pairs_are_written_in_numeric_id_order_with_id_a_below_id_b(tmp_path):
    source = write(tmp_path / "people.csv", HEADER + ROWS)
    output = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--input", str(source), "--output", str(output))
    pairs = pairs_of(output)
    assert [(a, b) for a, b, _ in pairs] == [("3", "7"), ("3", "12"), ("7", "12")]
    assert all(0.5 <= score <= 1 for _, _, score in pairs)
    assert output.read_text(encoding="utf-8").splitlines()[1].count(".") == 1  # 4 decimals
    assert len(output.read_text(encoding="utf-8").splitlines()[1].split(",")[2]) == 6


def test_the_threshold_keeps_more_or_fewer_pairs(tmp_path):
    everything = run(tmp_path, HEADER + ROWS, "--threshold", "0")
    default = run(tmp_path, HEADER + ROWS)
    strict = run(tmp_path, HEADER + ROWS, "--threshold", "0.9999999")
    assert set(strict) < set(default) < set(everything)
    assert ("12", "20") in everything  # twins are compared, not kept


@pytest.mark.parametrize("value", ["1.5", "-0.1", "beaucoup"])
def test_a_threshold_outside_zero_and_one_is_refused(tmp_path, value):
    with pytest.raises(CommandError, match="Seuil invalide"):
        run(tmp_path, HEADER + ROWS, "--threshold", value)


def test_a_french_comma_in_the_threshold_is_understood(tmp_path):
    assert run(tmp_path, HEADER + ROWS, "--threshold", "0,5") == run(tmp_path, HEADER + ROWS)


def test_french_headers_semicolons_windows_1252_and_other_columns(tmp_path):
    text = (
        "Numéro;Prénom;NOM;Date de naissance;Code postal;Courriel;Commentaire\n"
        "a1;Hélène;Lefèvre;07/03/1985;69003;;née à Lyon\n"
        "a2;Helene;LEFEVRE;1985-03-07;69003;;\n"
        "a3;Paul;Dupont;01/01/1970;75011;;\n"
    )
    assert run(tmp_path, text, encoding="cp1252") == [("a1", "a2")]


def test_utf8_with_bom_and_tabs(tmp_path):
    text = "\ufeffnom\tprenom\tdate_naissance\nLefèvre\tHélène\t07/03/1985\nLEFEVRE\tHelene\t07-03-1985\n"
    # Without an id column the 1-based row numbers are the ids.
    assert run(tmp_path, text) == [("1", "2")]


def test_utf16_with_bom(tmp_path):
    text = "surname,given_name,date_of_birth\nLefèvre,Hélène,19850307\nLEFEVRE,Helene,07/03/1985\n"
    assert run(tmp_path, text, encoding="utf-16") == [("1", "2")]


def test_missing_values_and_short_rows_are_allowed(tmp_path):
    text = HEADER + "1,Bernard,Nathalie,,,,\n2,Bernard,Nathalie\n\n3,,,,,,\n"
    assert run(tmp_path, text, "--threshold", "0") == [("1", "2")]


def test_ids_that_are_not_all_numbers_are_compared_as_text(tmp_path):
    text = HEADER + "b9,Bernard,Nathalie,1985-03-17,,,\nb10,Bernard,Nathalie,1985-03-17,,,\n"
    assert run(tmp_path, text) == [("b10", "b9")]


@pytest.mark.django_db
def test_from_the_database_ids_are_numeros_forprev(tmp_path):
    born = date(1985, 3, 17)
    one = Person.objects.create(last_name="Bernard", first_name="Nathalie", birth_date=born,
                                email="nathalie.bernard@orange.fr")  # fmt: skip
    two = Person.objects.create(last_name="BERNARD", first_name="Nathlie", birth_date=born,
                                email="nathalie.bernard@orange.fr")  # fmt: skip
    Person.objects.create(last_name="Bernard", first_name="Chloé", birth_date=born)
    Person.objects.create(last_name="Dupont", first_name="Paul", birth_date=date(1970, 1, 1))
    output = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--from-db", "--output", str(output))
    assert [(a, b) for a, b, _ in pairs_of(output)] == [
        tuple(sorted((one.forprev_id, two.forprev_id)))
    ]


def test_a_repeated_id_is_refused(tmp_path):
    with pytest.raises(CommandError, match="« 3 » apparaît 2 fois"):
        run(tmp_path, HEADER + ROWS + "3,Martin,Paul,1970-01-01,,,\n")


def test_an_unwritable_output_is_refused(tmp_path):
    source = write(tmp_path / "people.csv", HEADER + ROWS)
    with pytest.raises(CommandError, match="dossier de sortie"):
        call_command("find_duplicates", "--input", str(source),
                     "--output", str(tmp_path / "nowhere" / "pairs.csv"))  # fmt: skip


# Bad input: a clear French message, a non-zero exit, no traceback — through ``manage.py``'s
# own entry point (in this process, for speed; one case runs in a real child process below).
BAD_INPUTS = {
    "missing file": (None, "Fichier introuvable"),
    "empty file": (b"", "est vide"),
    "blank file": (b"\n  \n", "est vide"),
    "header only": (HEADER.encode(), "aucune ligne de données"),
    "no usable columns": (b"a,b,c\n1,2,3\n", "Aucune colonne utilisable"),
    "no header": (b"12,Bernard,Nathalie,1985-03-17\n", "Aucune colonne utilisable"),
    "unclosed quote": ((HEADER + '1,"Bernard,Nathalie,1985-03-17,,,\n2,Paul,Dupont,,,,\n').encode(),
                       "guillemet ouvrant sans guillemet fermant"),
    "stray quote": ((HEADER + '1,"Bernard"x,Nathalie,,,,\n').encode(), "CSV mal formé à la ligne 2"),
    "binary file": (bytes(range(256)) * 4, "n'est pas un texte lisible"),
    "spreadsheet": (b"PK\x03\x04" + b"\x00" * 100, "classeur"),
    "neither utf-8 nor windows-1252": (b"nom,prenom\nBernard,Nath\x81lie\n", "ni en UTF-8 ni en Windows-1252"),
}  # fmt: skip


def manage(*arguments) -> int:
    """Runs ``manage.py <arguments>`` the way ``manage.py`` does; its exit code."""
    try:
        execute_from_command_line(["manage.py", *arguments])
    except SystemExit as exit_:
        return exit_.code
    return 0


@pytest.mark.parametrize("case", BAD_INPUTS)
def test_bad_input_gives_a_french_message_and_a_non_zero_exit_without_traceback(
    tmp_path, capsys, case
):
    content, message = BAD_INPUTS[case]
    source = tmp_path / "people.csv"
    if content is not None:
        source.write_bytes(content)
    output = tmp_path / "pairs.csv"
    code = manage("find_duplicates", "--input", str(source), "--output", str(output))
    stderr = capsys.readouterr().err
    assert code != 0
    assert message in stderr
    assert "Traceback" not in stderr
    assert not output.exists()


def test_a_missing_argument_is_a_usage_error_not_a_traceback(tmp_path, capsys):
    code = manage("find_duplicates", "--input", str(tmp_path / "people.csv"))
    stderr = capsys.readouterr().err
    assert code != 0
    assert "--output" in stderr
    assert "Traceback" not in stderr


def child(*arguments):
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *arguments],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip


def test_in_a_real_process_bad_input_exits_with_the_message_only(tmp_path):
    source = write(tmp_path / "people.csv", "a,b,c\n1,2,3\n")
    result = child("find_duplicates", "--input", str(source), "--output", str(tmp_path / "o.csv"))
    assert result.returncode == 1
    assert result.stderr.startswith("CommandError: Aucune colonne utilisable")
    assert "Traceback" not in result.stderr


def test_in_a_real_process_pairs_go_to_the_output_and_progress_to_standard_error(tmp_path):
    source = write(tmp_path / "people.csv", HEADER + ROWS)
    result = child("find_duplicates", "--input", str(source), "--output", "-")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "id_a,id_b,score"
    assert result.stdout.splitlines()[1].startswith("3,7,")
    assert "paires candidates" in result.stderr
    assert "Terminé : 3 paires" in result.stderr
