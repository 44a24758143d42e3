"""The Forprev 1 reader on bad input: every defect is reported with its file, line and a French
reason, and the other rows are still read."""

from datetime import date

import pytest

from forprev.switchover.legacy.reader import (
    ERROR,
    MAX_LINE_BYTES,
    MAX_RECORD_LINES,
    NOTICE,
    convert,
    read_file,
)
from forprev.switchover.legacy.spec import EXPORT, PERSONS, SESSIONS, USERS

HEADER = "id_individu;numero_forprev;nom;prenom;date_naissance;email\n"
JEAN = "1;JKA37899;DUPONT;Jean;14/07/1985;jean.dupont@exemple.fr\n"
MARIE = "2;BXR20931;CURIE;Marie;07/11/1990;\n"
PAUL = "3;;DURAND;Paul;11/02/1978;paul.durand@exemple.fr\n"


def read(directory, content, spec=PERSONS):
    """Write ``content`` (text in UTF-8, or bytes) as the file of ``spec``; read it all."""
    path = directory / spec.name
    path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    legacy = read_file(directory, spec)
    return legacy, list(legacy.records())


def ids(records):
    return [r.values["id_individu"] for r in records if not r.broken]


def problems(legacy, records):
    return [p for r in records for p in r.problems] + legacy.problems


def test_clean_file_reads_typed_values_with_line_numbers(tmp_path):
    legacy, records = read(tmp_path, HEADER + JEAN + MARIE)

    assert [r.line for r in records] == [2, 3]
    assert records[0].values == {
        "id_individu": "1",
        "numero_forprev": "JKA37899",
        "nom": "DUPONT",
        "prenom": "Jean",
        "date_naissance": date(1985, 7, 14),
        "email": "jean.dupont@exemple.fr",
    }
    assert records[1].values["email"] is None  # an empty cell is no value
    assert problems(legacy, records) == []
    assert legacy.rows_read == 2


def test_missing_required_file_is_reported_and_reads_nothing(tmp_path):
    legacy = read_file(tmp_path, PERSONS)

    assert list(legacy.records()) == []
    [problem] = legacy.problems
    assert (problem.file, problem.line, problem.code) == ("individus.csv", None, "missing_file")
    assert str(problem).startswith("individus.csv : Fichier absent de l'export")
    assert not legacy.usable


def test_missing_optional_file_is_not_a_problem(tmp_path):
    legacy = read_file(tmp_path, EXPORT)

    assert list(legacy.records()) == []
    assert legacy.problems == []


def test_comma_separated_file_is_read_and_the_separator_noticed(tmp_path):
    text = (HEADER + JEAN + MARIE).replace(";", ",")

    legacy, records = read(tmp_path, text)

    assert ids(records) == ["1", "2"]
    [problem] = legacy.problems
    assert (problem.line, problem.code, problem.severity) == (1, "separator", NOTICE)
    assert "Séparateur « , » au lieu de « ; »" in problem.message


def test_stray_separator_breaks_its_line_only(tmp_path):
    broken = "2;BXR20931;CURIE;Marie;07/11/1990;marie.curie@exemple.fr;\n"

    legacy, records = read(tmp_path, HEADER + JEAN + broken + PAUL)

    assert ids(records) == ["1", "3"]
    [record] = [r for r in records if r.broken]
    assert record.rejected and record.line == 3
    [problem] = record.problems
    assert (problem.file, problem.line, problem.code) == ("individus.csv", 3, "broken")
    assert "ligne cassée : 7 valeurs au lieu de 6" in problem.message
    assert legacy.rows_read == 3


def test_unbalanced_quote_breaks_its_line_only_not_the_rest_of_the_file(tmp_path):
    broken = '2;BXR20931;"CURIE;Marie;07/11/1990;\n'
    rest = "".join(f"{n};;NOM{n};Prénom;01/01/1980;\n" for n in range(3, 3 + 2 * MAX_RECORD_LINES))

    legacy, records = read(tmp_path, HEADER + JEAN + broken + rest)

    assert ids(records) == ["1"] + [str(n) for n in range(3, 3 + 2 * MAX_RECORD_LINES)]
    [record] = [r for r in records if r.broken]
    assert record.line == 3
    assert "guillemet ouvert jamais refermé" in record.reason()
    assert [r.line for r in records] == list(range(2, 4 + 2 * MAX_RECORD_LINES))


def test_quote_left_open_at_the_end_of_the_file_breaks_that_line(tmp_path):
    legacy, records = read(tmp_path, HEADER + JEAN + '2;;"CURIE;Marie;07/11/1990;\n' + PAUL)

    assert ids(records) == ["1", "3"]
    assert [r.line for r in records if r.broken] == [3]


def test_quoted_value_over_two_lines_is_one_value(tmp_path):
    text = HEADER + '1;;"DUPONT\nDE LA FONTAINE";Jean;14/07/1985;\n' + MARIE

    legacy, records = read(tmp_path, text)

    assert records[0].values["nom"] == "DUPONT\nDE LA FONTAINE"
    assert [r.line for r in records] == [2, 4]
    assert problems(legacy, records) == []


def test_quoted_values_with_separator_and_doubled_quote(tmp_path):
    text = HEADER + '1;;"DUPONT; DIT ""JEANNOT""";Jean;14/07/1985;\n' + MARIE

    legacy, records = read(tmp_path, text)

    assert records[0].values["nom"] == 'DUPONT; DIT "JEANNOT"'
    assert ids(records) == ["1", "2"]


def test_unknown_column_is_noticed_and_ignored(tmp_path):
    header = HEADER.replace("\n", ";commentaire\n")

    legacy, records = read(tmp_path, header + JEAN.replace("\n", ";à rappeler\n"))

    assert records[0].values["nom"] == "DUPONT" and "commentaire" not in records[0].values
    [problem] = legacy.problems
    assert (problem.line, problem.code, problem.severity, problem.column) == (
        1,
        "unknown_column",
        NOTICE,
        "commentaire",
    )
    assert problem.message == "Colonne inconnue « commentaire » : ignorée."


def test_missing_required_column_makes_the_file_unusable(tmp_path):
    header = HEADER.replace("date_naissance;", "")

    legacy, records = read(tmp_path, header + "1;JKA37899;DUPONT;Jean;\n")

    assert records == [] and not legacy.usable
    [problem] = legacy.problems
    assert (problem.line, problem.code, problem.severity) == (1, "missing_column", ERROR)
    assert "« date_naissance »" in problem.message
    assert "ne peut pas être repris" in problem.message


def test_missing_optional_column_reads_as_empty(tmp_path):
    legacy, records = read(
        tmp_path, "id_individu;nom;prenom;date_naissance\n1;DUPONT;Jean;14/07/1985\n"
    )

    assert records[0].values["email"] is None
    assert problems(legacy, records) == []


def test_dates_in_the_three_accepted_formats(tmp_path):
    text = HEADER + "1;;A;B;14/07/1985;\n2;;A;B;1985-07-14;\n3;;A;B;14-07-1985;\n4;;A;B;4/7/1985;\n"

    legacy, records = read(tmp_path, text)

    assert [r.values["date_naissance"] for r in records] == [
        date(1985, 7, 14),
        date(1985, 7, 14),
        date(1985, 7, 14),
        date(1985, 7, 4),
    ]
    assert problems(legacy, records) == []


def test_impossible_required_date_rejects_the_row_and_says_why(tmp_path):
    legacy, records = read(tmp_path, HEADER + JEAN + "2;;CURIE;Marie;31/02/1990;\n" + PAUL)

    assert ids(records) == ["1", "2", "3"]
    record = records[1]
    assert record.rejected and not record.broken
    [problem] = record.problems
    assert (problem.file, problem.line, problem.code, problem.column) == (
        "individus.csv",
        3,
        "required",
        "date_naissance",
    )
    assert (
        str(problem) == "individus.csv, ligne 3 : date_naissance : date impossible « 31/02/1990 »."
    )
    assert not records[0].rejected and not records[2].rejected


def test_illegible_optional_date_is_dropped_and_the_row_kept(tmp_path):
    header = "id_utilisateur;identifiant;nom;prenom;email;actif;date_validation_infos\n"
    text = header + "88001;JKA37899;MARTIN;Claire;c@m.fr;O;2 juin 2022\n"

    legacy, records = read(tmp_path, text, USERS)

    [record] = records
    assert not record.rejected and record.values["date_validation_infos"] is None
    [problem] = record.problems
    assert problem.code == "value"
    assert (
        "date illisible « 2 juin 2022 » (attendu JJ/MM/AAAA, AAAA-MM-JJ ou JJ-MM-AAAA)"
        in problem.message
    )


def test_missing_required_value_rejects_the_row(tmp_path):
    legacy, records = read(tmp_path, HEADER + "1;;DUPONT;Jean;;\n")

    assert records[0].rejected
    assert records[0].reason() == "date_naissance : valeur obligatoire absente."


def test_windows_1252_file_is_decoded(tmp_path):
    text = HEADER + "1;;RÉMY;Zoé;14/07/1985;zoe@exemple.fr\n2;;LÆTITIA;Œdipe;01/01/1980;\n"

    legacy, records = read(tmp_path, text.encode("cp1252"))

    assert [(r.values["nom"], r.values["prenom"]) for r in records] == [
        ("RÉMY", "Zoé"),
        ("LÆTITIA", "Œdipe"),
    ]
    assert legacy.encodings == {"Windows-1252"}
    assert problems(legacy, records) == []


def test_utf8_file_with_a_few_windows_1252_lines_is_read_and_noticed(tmp_path):
    content = (
        (HEADER + "1;;RÉMY;Zoé;14/07/1985;\n").encode("utf-8")
        + "2;;FRANÇOIS;Hélène;01/01/1980;\n".encode("cp1252")
        + "3;;GÉRARD;Noël;02/02/1982;\n".encode()
        + "4;;LEFÈVRE;Loïc;03/03/1983;\n".encode("cp1252")
    )

    legacy, records = read(tmp_path, content)

    assert [r.values["prenom"] for r in records] == ["Zoé", "Hélène", "Noël", "Loïc"]
    assert legacy.encodings == {"UTF-8", "Windows-1252"}
    [problem] = legacy.problems
    assert (problem.line, problem.code, problem.severity) == (3, "mixed_encoding", NOTICE)
    assert "2 ligne(s) en Windows-1252 (lignes 3, 5)" in problem.message


def test_byte_order_mark_is_skipped(tmp_path):
    legacy, records = read(tmp_path, b"\xef\xbb\xbf" + (HEADER + JEAN).encode("utf-8"))

    assert ids(records) == ["1"]
    assert problems(legacy, records) == []


def test_utf16_file_is_refused_with_a_reason(tmp_path):
    legacy, records = read(tmp_path, (HEADER + JEAN).encode("utf-16"))

    assert records == []
    [problem] = legacy.problems
    assert problem.code == "encoding" and "UTF-16" in problem.message


def test_windows_line_ends(tmp_path):
    legacy, records = read(tmp_path, (HEADER + JEAN + MARIE).replace("\n", "\r\n"))

    assert ids(records) == ["1", "2"]
    assert records[0].values["email"] == "jean.dupont@exemple.fr"


@pytest.mark.parametrize("content", ["", "\n\n  \n"])
def test_empty_file_is_reported(tmp_path, content):
    legacy, records = read(tmp_path, content)

    assert records == [] and not legacy.usable
    [problem] = legacy.problems
    assert (problem.line, problem.code, problem.severity) == (1, "empty", ERROR)
    assert problem.message == "Fichier vide : aucune ligne d'en-tête."


def test_header_only_is_noticed(tmp_path):
    legacy, records = read(tmp_path, HEADER)

    assert records == []
    [problem] = legacy.problems
    assert (problem.code, problem.severity) == ("no_rows", NOTICE)
    assert "ne contient que son en-tête" in problem.message


def test_blank_lines_are_skipped_and_line_numbers_kept(tmp_path):
    legacy, records = read(tmp_path, "\n" + HEADER + JEAN + "\n   \n" + MARIE + "\n")

    assert [r.line for r in records] == [3, 6]
    assert legacy.rows_read == 2
    assert problems(legacy, records) == []


def test_very_long_line_is_rejected_without_losing_the_others(tmp_path):
    long_line = "2;;" + "X" * (MAX_LINE_BYTES + 10) + ";Marie;07/11/1990;\n"

    legacy, records = read(tmp_path, HEADER + JEAN + long_line + PAUL)

    assert ids(records) == ["1", "3"]
    [record] = [r for r in records if r.broken]
    assert record.line == 3
    assert f"ligne de plus de {MAX_LINE_BYTES} octets" in record.reason()


def test_value_longer_than_its_column_is_reported(tmp_path):
    legacy, records = read(tmp_path, HEADER + "1;;" + "X" * 151 + ";Jean;14/07/1985;\n")

    [record] = records
    assert record.values["nom"] is None and not record.rejected
    assert record.problems[0].message == "nom : 151 caractères, au plus 150."


def test_reading_again_reports_the_same_problems_once(tmp_path):
    legacy, _ = read(tmp_path, (HEADER + JEAN).replace(";", ","))
    list(legacy.records())

    assert [p.code for p in legacy.problems] == ["separator"]


def test_bad_choices_integers_and_ids(tmp_path):
    header = ";".join(SESSIONS.column_names) + "\n"
    row = "600001;10001;SST;1_0;INITIALE;12/09/2022;13/09/2022;;;peut-être;dix;FERMEE;;7001|7002\n"

    legacy, records = read(tmp_path, header + row, SESSIONS)

    [record] = records
    messages = [p.message for p in record.problems]
    assert "niveau : « 1_0 » n'est pas un nombre entier." in messages
    assert "inter : « peut-être » n'est ni O ni N." in messages
    assert "capacite : « dix » n'est pas un nombre entier." in messages
    assert any(m.startswith("statut : « FERMEE » n'est pas une valeur admise") for m in messages)
    assert record.values["ids_formateurs"] == ("7001", "7002")
    assert record.rejected  # niveau and statut are required


def test_ids_are_plain_ascii_digits():
    with pytest.raises(ValueError, match="identifiant non numérique"):
        convert(PERSONS.column("id_individu"), "١٢٣")
    assert convert(PERSONS.column("id_individu"), "123") == "123"
