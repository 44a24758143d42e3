import dataclasses
import gzip
import io
import random
import time
import zipfile
from datetime import date, datetime

import openpyxl
import pytest

from forprev.training.imports import (
    EMPTY_FILE,
    NO_TRAINEE,
    NOT_TABULAR,
    UNKNOWN_ENCODING,
    ImportResult,
    TraineeRow,
    format_count,
    parse_trainees,
)

TODAY = date(2025, 6, 15)
HEADER = "nom;prénom;date de naissance;e-mail"


def csv_bytes(*lines: str, encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return newline.join(lines).encode(encoding)


def xlsx_bytes(*rows, extra_sheet=None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(list(row))
    if extra_sheet is not None:
        other = workbook.create_sheet("Autre")
        for row in extra_sheet:
            other.append(list(row))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def parse(data: bytes, filename: str = "stagiaires.csv", **kwargs) -> ImportResult:
    kwargs.setdefault("today", TODAY)
    return parse_trainees(data, filename, **kwargs)


def only_row(*lines: str) -> TraineeRow:
    result = parse(csv_bytes(HEADER, *lines))
    assert result.file_errors == []
    assert len(result.rows) == 1
    return result.rows[0]


# Good files


def test_good_utf8_semicolon_file_gives_every_trainee():
    result = parse(
        csv_bytes(
            HEADER,
            "Dupont;Jean;01/02/1990;jean.dupont@exemple.fr",
            "Lefèvre;Hélène;1985-12-31;",
        )
    )

    assert result.is_valid
    assert result.file_errors == []
    assert result.error_count == 0
    assert result.rows == [
        TraineeRow(2, "Dupont", "Jean", date(1990, 2, 1), "jean.dupont@exemple.fr", ()),
        TraineeRow(3, "Lefèvre", "Hélène", date(1985, 12, 31), "", ()),
    ]
    assert result.valid_rows == result.rows


def test_good_windows_1252_comma_file_keeps_accents_and_ligatures():
    data = csv_bytes(
        "Nom,Prénom,Date de naissance,Courriel",
        "Cœur,Françoise,03/04/1970,f.coeur@exemple.fr",
        "ŒUVRARD,Gaëlle,1/1/2000,",
        encoding="cp1252",
    )
    assert b"\x9c" in data  # œ in Windows-1252: not valid UTF-8

    result = parse(data)

    assert result.is_valid
    assert [(row.last_name, row.first_name) for row in result.rows] == [
        ("Cœur", "Françoise"),
        ("ŒUVRARD", "Gaëlle"),
    ]


def test_utf8_byte_order_mark_is_ignored():
    result = parse(b"\xef\xbb\xbf" + csv_bytes(HEADER, "Dupont;Jean;01/02/1990;"))

    assert result.is_valid
    assert result.rows[0].last_name == "Dupont"


def test_crlf_and_trailing_empty_lines():
    data = csv_bytes(
        HEADER, "Dupont;Jean;01/02/1990;", "Martin;Léa;02/03/1991;", "", "", newline="\r\n"
    )

    result = parse(data + b"\r\n\r\n")

    assert result.is_valid
    assert [(row.line, row.last_name, row.email) for row in result.rows] == [
        (2, "Dupont", ""),
        (3, "Martin", ""),
    ]


def test_blank_lines_in_the_middle_keep_spreadsheet_line_numbers():
    result = parse(
        csv_bytes(HEADER, "Dupont;Jean;01/02/1990;", "", ";;;", "Martin;Léa;02/03/1991;")
    )

    assert [row.line for row in result.rows] == [2, 5]


def test_quoted_fields_with_delimiters_quotes_and_line_breaks():
    data = csv_bytes(
        HEADER,
        '"Dupont; de la Tour";"Jean ""Jeannot""";"01/02/1990";"jean@exemple.fr"',
        '"Le\nGall";Anne;02/03/1991;',
        "Martin;Léa;03/04/1992;",
    )

    result = parse(data)

    assert result.is_valid
    assert [(row.line, row.last_name, row.first_name) for row in result.rows] == [
        (2, "Dupont; de la Tour", 'Jean "Jeannot"'),
        (3, "Le Gall", "Anne"),  # the line break inside the name becomes a space
        (4, "Martin", "Léa"),
    ]


def test_comma_file_with_quoted_commas():
    data = csv_bytes(
        "nom,prénom,date de naissance",
        '"Dupont, dit Dupond",Jean,01/02/1990',
    )

    result = parse(data)

    assert result.is_valid
    assert result.rows[0].last_name == "Dupont, dit Dupond"


def test_values_are_stripped_and_inner_spaces_collapsed_keeping_case_and_accents():
    row = only_row("  de  LA   Fontaine ;\tJean-Édouard ; 01/02/1990 ; jean@exemple.fr ")

    assert (row.last_name, row.first_name, row.email) == (
        "de LA Fontaine",
        "Jean-Édouard",
        "jean@exemple.fr",
    )
    assert row.is_valid


@pytest.mark.parametrize(
    "header",
    [
        "nom;prénom;date de naissance;e-mail",
        "NOM;PRÉNOM;DATE DE NAISSANCE;E-MAIL",
        "Nom;Prenom;Date naissance;Email",
        "  Nom de famille ; Prénoms ;Naissance; Courriel ",
        "Nom de naissance;prénom;Date de naissance (JJ/MM/AAAA);Adresse électronique",
        "Nom *;Prénom *;Date   de   naissance *;Adresse e-mail",
        "nom;prénom;date_de_naissance;adresse mail",
    ],
)
def test_header_variants_are_recognised(header):
    result = parse(csv_bytes(header, "Dupont;Jean;01/02/1990;jean@exemple.fr"))

    assert result.is_valid
    assert result.rows[0] == TraineeRow(
        2, "Dupont", "Jean", date(1990, 2, 1), "jean@exemple.fr", ()
    )


def test_columns_in_any_order_and_other_columns_ignored():
    data = csv_bytes(
        "Courriel;Commentaire;Date de naissance;Ville;Prénom;Nom",
        "jean@exemple.fr;vient de Lyon;01/02/1990;Lyon;Jean;Dupont",
    )

    result = parse(data)

    assert result.is_valid
    assert result.rows[0] == TraineeRow(
        2, "Dupont", "Jean", date(1990, 2, 1), "jean@exemple.fr", ()
    )


def test_email_column_is_optional():
    result = parse(csv_bytes("nom;prénom;date de naissance", "Dupont;Jean;01/02/1990"))

    assert result.is_valid
    assert result.rows[0].email == ""


def test_trailing_empty_cells_are_tolerated():
    result = parse(csv_bytes("nom;prénom;date de naissance;", "Dupont;Jean;01/02/1990;;;"))

    assert result.is_valid


@pytest.mark.parametrize(
    "typed",
    ["01/02/1990", "1/2/1990", "01-02-1990", "1-2-1990", "01.02.1990", "1990-02-01"],
)
def test_date_formats(typed):
    assert only_row(f"Dupont;Jean;{typed};").birth_date == date(1990, 2, 1)


@pytest.mark.parametrize("name", ["Jean-Pierre", "D'Artagnan", "O’Neil", "Anne-Marie-Louise"])
def test_names_with_inner_hyphens_and_apostrophes_are_accepted(name):
    assert only_row(f"{name};{name};01/02/1990;").is_valid


# XLSX


def test_xlsx_with_strings_and_real_date_cells():
    data = xlsx_bytes(
        ("Nom", "Prénom", "Date de naissance", "E-mail"),
        ("Dupont", "Jean", date(1990, 2, 1), "jean@exemple.fr"),
        ("Lefèvre", "Hélène", datetime(1985, 12, 31, 0, 0), None),
        ("Martin", "Léa", "03/04/1992", ""),
        (None, None, None, None),
        ("  Cœur ", " Zoé ", "1993-05-06", None),
    )

    result = parse(data, "stagiaires.xlsx")

    assert result.is_valid
    assert [
        (row.line, row.last_name, row.first_name, row.birth_date, row.email) for row in result.rows
    ] == [
        (2, "Dupont", "Jean", date(1990, 2, 1), "jean@exemple.fr"),
        (3, "Lefèvre", "Hélène", date(1985, 12, 31), ""),
        (4, "Martin", "Léa", date(1992, 4, 3), ""),
        (6, "Cœur", "Zoé", date(1993, 5, 6), ""),
    ]


def test_xlsx_is_read_by_content_whatever_its_name():
    data = xlsx_bytes(("nom", "prénom", "date de naissance"), ("Dupont", "Jean", date(1990, 2, 1)))

    assert parse(data, "stagiaires.csv").is_valid
    assert parse(data, "stagiaires").is_valid


def test_xlsx_reads_the_first_sheet_only_with_columns_in_any_order():
    data = xlsx_bytes(
        ("Remarque", "Date de naissance", "Prénom", "Nom"),
        ("", date(1990, 2, 1), "Jean", "Dupont"),
        extra_sheet=[("Nom",), ("ignoré",)],
    )

    result = parse(data, "stagiaires.xlsx")

    assert result.is_valid
    assert [(row.last_name, row.birth_date) for row in result.rows] == [
        ("Dupont", date(1990, 2, 1))
    ]


def test_xlsx_row_errors():
    data = xlsx_bytes(
        ("Nom", "Prénom", "Date de naissance", "Courriel"),
        (None, "Jean", 32874, "pas-une-adresse"),
        ("Dupont", 12, date(2020, 1, 1), None),
    )

    result = parse(data, "stagiaires.xlsx")

    assert not result.is_valid
    assert [row.errors for row in result.rows] == [
        (
            "Nom manquant.",
            "Date de naissance illisible : « 32874 » (attendu JJ/MM/AAAA).",
            "Adresse électronique invalide : « pas-une-adresse ».",
        ),
        ("Date de naissance invraisemblable : 01/01/2020 (moins de 14 ans).",),
    ]
    assert result.rows[1].first_name == "12"


def test_xlsx_header_only_and_empty_workbook():
    assert parse(xlsx_bytes(("Nom", "Prénom", "Date de naissance")), "a.xlsx").file_errors == [
        NO_TRAINEE
    ]
    assert parse(xlsx_bytes(), "a.xlsx").file_errors == [EMPTY_FILE]


def test_xlsx_missing_column():
    result = parse(xlsx_bytes(("Nom", "Prénom"), ("Dupont", "Jean")), "a.xlsx")

    assert result.file_errors == ["Colonne manquante : date de naissance."]


# Row errors


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        (";Jean;01/02/1990;", ("Nom manquant.",)),
        ("Dupont;  ;01/02/1990;", ("Prénom manquant.",)),
        ("Dupont;Jean;;", ("Date de naissance manquante.",)),
        ("Dupont;Jean;31/02/2000;", ("Date de naissance impossible : 31/02/2000.",)),
        ("Dupont;Jean;00/01/2000;", ("Date de naissance impossible : 00/01/2000.",)),
        ("Dupont;Jean;2000-13-01;", ("Date de naissance impossible : 2000-13-01.",)),
        ("Dupont;Jean;29/02/2001;", ("Date de naissance impossible : 29/02/2001.",)),
        (
            "Dupont;Jean;1er janvier 1990;",
            ("Date de naissance illisible : « 1er janvier 1990 » (attendu JJ/MM/AAAA).",),
        ),
        (
            "Dupont;Jean;01/02/90;",
            ("Date de naissance illisible : « 01/02/90 » (attendu JJ/MM/AAAA).",),
        ),
        (
            "Dupont;Jean;01/02-1990;",
            ("Date de naissance illisible : « 01/02-1990 » (attendu JJ/MM/AAAA).",),
        ),
        (
            "Dupont;Jean;01/07/2025;",
            ("Date de naissance invraisemblable : 01/07/2025 (date future).",),
        ),
        (
            "Dupont;Jean;16/06/2011;",
            ("Date de naissance invraisemblable : 16/06/2011 (moins de 14 ans).",),
        ),
        (
            "Dupont;Jean;14/06/1924;",
            ("Date de naissance invraisemblable : 14/06/1924 (plus de 100 ans).",),
        ),
        ("Dupont;Jean;01/02/1990;jean@", ("Adresse électronique invalide : « jean@ ».",)),
        (
            "Dupont;Jean;01/02/1990;jean dupont@exemple.fr",
            ("Adresse électronique invalide : « jean dupont@exemple.fr ».",),
        ),
        (
            ";;01/02/1990;@exemple.fr",
            (
                "Nom manquant.",
                "Prénom manquant.",
                "Valeur non autorisée pour l'adresse électronique : "
                "elle ne peut pas commencer par =, +, - ou @.",
            ),
        ),
        (
            ";;31/02/2000;invalide",
            (
                "Nom manquant.",
                "Prénom manquant.",
                "Date de naissance impossible : 31/02/2000.",
                "Adresse électronique invalide : « invalide ».",
            ),
        ),
    ],
)
def test_row_errors(line, errors):
    row = only_row(line)

    assert row.errors == errors
    assert not row.is_valid


@pytest.mark.parametrize(
    ("born", "valid"),
    [
        ("15/06/2011", True),  # 14 today
        ("16/06/2011", False),  # 14 tomorrow
        ("15/06/1925", True),  # 100 today
        ("14/06/1924", False),  # 101 yesterday
        ("15/06/2025", False),  # born today
    ],
)
def test_age_limits(born, valid):
    assert only_row(f"Dupont;Jean;{born};").is_valid is valid


def test_today_defaults_to_the_current_local_date():
    result = parse_trainees(csv_bytes(HEADER, "Dupont;Jean;01/02/1990;"), "a.csv")

    assert result.is_valid


@pytest.mark.parametrize(
    ("last_name", "message"),
    [
        ("=SOMME(A1:A9)", "Valeur non autorisée pour le nom"),
        ("+33612345678", "Valeur non autorisée pour le nom"),
        ("-Dupont", "Valeur non autorisée pour le nom"),
        ("@Dupont", "Valeur non autorisée pour le nom"),
        ('=HYPERLINK(""http://x"")', "Valeur non autorisée pour le nom"),
    ],
)
def test_formula_injection_in_names_is_refused(last_name, message):
    row = only_row(f'"{last_name}";Jean;01/02/1990;')

    assert row.errors == (f"{message} : elle ne peut pas commencer par =, +, - ou @.",)


def test_formula_injection_in_first_name_is_refused():
    assert only_row("Dupont;=1+1;01/02/1990;").errors == (
        "Valeur non autorisée pour le prénom : elle ne peut pas commencer par =, +, - ou @.",
    )


@pytest.mark.parametrize(
    ("line", "errors"),
    [
        ("D" * 150 + ";Jean;01/02/1990;", ()),
        ("D" * 151 + ";Jean;01/02/1990;", ("Nom trop long (150 caractères au plus).",)),
        ("Dupont;" + "J" * 151 + ";01/02/1990;", ("Prénom trop long (150 caractères au plus).",)),
        (
            "Dupont;Jean;01/02/1990;" + "j" * 64 + "@" + "e" * 187 + ".fr",
            ("Adresse électronique trop longue (254 caractères au plus).",),
        ),
        (
            "Dupont;Jean;" + "9" * 500 + ";",
            ("Date de naissance illisible : « " + "9" * 30 + "… » (attendu JJ/MM/AAAA).",),
        ),
    ],
)
def test_overlong_values(line, errors):
    assert only_row(line).errors == errors


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Dupont;Jean;01/02/1990;;extra", "La ligne compte 5 colonnes au lieu de 4."),
        ("Dupont;Jean;01/02/1990", "La ligne compte 3 colonnes au lieu de 4."),
    ],
)
def test_rows_with_too_many_or_too_few_columns(line, expected):
    assert expected in only_row(line).errors


def test_duplicate_rows_name_the_first_line():
    result = parse(
        csv_bytes(
            HEADER,
            "Dupont;Jean-Édouard;01/02/1990;",
            "Martin;Léa;02/03/1991;",
            "DUPONT ;jean  edouard;1990-02-01;autre@exemple.fr",
            "Dupont;Jean Edouard;01/02/1990;",
            "Dupont;Jean-Édouard;02/02/1990;",  # another birth date: someone else
        )
    )

    assert [row.errors for row in result.rows] == [
        (),
        (),
        ("Doublon de la ligne 2.",),
        ("Doublon de la ligne 2.",),
        (),
    ]
    assert result.error_count == 2
    assert [row.line for row in result.valid_rows] == [2, 3, 6]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Cœur;Zoé", "COEUR;zoe"),
        ("Le Goff;Anne", "le-goff;ANNE"),
        ("D'Artagnan;Charles", "d’artagnan;charles"),
    ],
)
def test_duplicates_are_found_whatever_the_case_accents_and_separators(first, second):
    result = parse(csv_bytes(HEADER, f"{first};01/02/1990;", f"{second};01/02/1990;"))

    assert result.rows[1].errors == ("Doublon de la ligne 2.",)


def test_rows_without_a_valid_date_are_not_duplicates():
    result = parse(csv_bytes(HEADER, "Dupont;Jean;;", "Dupont;Jean;;"))

    assert [row.errors for row in result.rows] == [("Date de naissance manquante.",)] * 2


# File errors


@pytest.mark.parametrize(
    ("header", "errors"),
    [
        ("nom;prénom;e-mail", ["Colonne manquante : date de naissance."]),
        ("prénom;date de naissance", ["Colonne manquante : nom."]),
        ("Nom;Date", ["Colonnes manquantes : prénom, date de naissance."]),
        ("Dupont;Jean;01/02/1990", ["Colonnes manquantes : nom, prénom, date de naissance."]),
        (
            "nom;nom de famille;prénom;date de naissance",
            ["Colonne en double : nom."],
        ),
        (
            "nom;prénom;naissance;date de naissance;email;courriel",
            ["Colonne en double : date de naissance.", "Colonne en double : e-mail."],
        ),
    ],
)
def test_missing_or_doubled_columns(header, errors):
    result = parse(csv_bytes(header, "Dupont;Jean;01/02/1990;a@b.fr;x;y"))

    assert result.file_errors == errors
    assert result.rows == []
    assert not result.is_valid


def _zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("stagiaires.csv", "nom;prénom;date de naissance\nDupont;Jean;01/02/1990")
    return buffer.getvalue()


def _empty_zip_bytes() -> bytes:
    buffer = io.BytesIO()
    zipfile.ZipFile(buffer, "w").close()
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "filename"),
    [
        pytest.param(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n", "a.pdf", id="pdf"),
        pytest.param(b"%PDF-1.4\nnom;prenom;date de naissance\n", "a.csv", id="pdf-named-csv"),
        pytest.param(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "a.csv", id="png"),
        pytest.param(b"\xff\xd8\xff\xe0\x00\x10JFIF", "a.csv", id="jpeg"),
        pytest.param(b"nom;prenom\x00;date\n\x01\x02\x03", "a.csv", id="binary-with-nul"),
        pytest.param(random.Random(1).randbytes(2000) + b"\x00", "a.csv", id="random-binary"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.xls", id="xls-ole"),
        pytest.param(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(500), "a.xlsx", id="ole-as-xlsx"),
        pytest.param(_zip_bytes(), "a.xlsx", id="zip-not-xlsx"),
        pytest.param(_empty_zip_bytes(), "a.xlsx", id="empty-zip"),
        pytest.param(b"PK\x03\x04" + b"damaged" * 50, "a.xlsx", id="broken-zip"),
        pytest.param(gzip.compress(b"nom;prenom;date"), "a.csv.gz", id="gzip"),
        pytest.param(csv_bytes(HEADER, "Dupont;Jean;01/02/1990;"), "a.pdf", id="csv-named-pdf"),
        pytest.param(csv_bytes(HEADER, "Dupont;Jean;01/02/1990;"), "a.docx", id="csv-named-docx"),
    ],
)
def test_files_that_are_neither_csv_nor_xlsx(data, filename):
    result = parse(data, filename)

    assert result.file_errors == ["Le fichier n'est ni un CSV ni un classeur XLSX."]
    assert result.file_errors == [NOT_TABULAR]
    assert result.rows == []
    assert not result.is_valid


def test_truncated_xlsx_is_refused():
    data = xlsx_bytes(("Nom", "Prénom", "Date de naissance"), ("Dupont", "Jean", "01/02/1990"))

    assert parse(data[: len(data) // 2], "a.xlsx").file_errors == [NOT_TABULAR]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(HEADER.encode() + b"\nDupont;Jean\x81\x8d;01/02/1990;", id="invalid-bytes"),
        pytest.param(HEADER.encode() + b"\nDupont\x01;Jean;01/02/1990;", id="control-character"),
        pytest.param(HEADER.encode() + b"\nDupont\x1b[0m;Jean;01/02/1990;", id="escape"),
        pytest.param((HEADER + "\nDupont;Jean;01/02/1990;").encode("utf-16"), id="utf-16-bom"),
        pytest.param((HEADER + "\nDupont;Jean;01/02/1990;").encode("utf-16-le"), id="utf-16-le"),
        pytest.param((HEADER + "\nDupont;Jean;01/02/1990;").encode("utf-16-be"), id="utf-16-be"),
    ],
)
def test_unknown_encoding(data):
    result = parse(data)

    assert result.file_errors == [
        "Encodage du fichier non reconnu : enregistrez-le en UTF-8 ou Windows-1252."
    ]
    assert result.file_errors == [UNKNOWN_ENCODING]


@pytest.mark.parametrize(
    "data",
    [
        pytest.param(b"", id="zero-bytes"),
        pytest.param(b"   \n\r\n\t\n", id="whitespace"),
        pytest.param(b"\xef\xbb\xbf", id="bom-only"),
        pytest.param(b"\xef\xbb\xbf\r\n  \r\n", id="bom-and-blank-lines"),
        pytest.param(b";;;\n;;;\n", id="separators-only"),
        pytest.param(b'"";"";""\n', id="empty-quoted-cells"),
    ],
)
def test_empty_file(data):
    result = parse(data)

    assert result.file_errors == ["Le fichier est vide."]
    assert result.file_errors == [EMPTY_FILE]


@pytest.mark.parametrize(
    "data",
    [
        csv_bytes(HEADER),
        csv_bytes(HEADER, "", ";;;", "", newline="\r\n"),
        csv_bytes("Nom,Prénom,Date de naissance", ""),
    ],
)
def test_header_only(data):
    result = parse(data)

    assert result.file_errors == ["Le fichier ne contient aucun stagiaire."]
    assert result.file_errors == [NO_TRAINEE]


def test_unreadable_csv_gives_a_file_error():
    # A quoted value over 1,500 short lines: longer than the csv module's field limit.
    overlong_quoted_value = '"' + ("x" * 99 + "\n") * 1500
    result = parse(
        csv_bytes(HEADER, "Dupont;Jean;01/02/1990;", overlong_quoted_value + ";Jean;01/02/1990;")
    )

    assert result.file_errors == [
        "Le fichier CSV est illisible à partir de la ligne 3 "
        "(guillemets mal fermés ou valeur trop longue)."
    ]


def test_too_many_rows():
    data = csv_bytes(HEADER, *["Dupont;Jean;01/02/1990;"] * 4)

    assert parse(data, max_rows=4).file_errors == []
    result = parse(data, max_rows=3)
    assert result.file_errors == ["Le fichier contient 4 lignes ; 3 au plus par import."]
    assert result.rows == []


def test_too_many_rows_with_the_default_limit_uses_french_number_formatting():
    data = csv_bytes(HEADER, *[f"Dupont;Jean{i};01/02/1990;" for i in range(5001)])

    result = parse(data)

    assert result.file_errors == [
        "Le fichier contient 5\xa0001 lignes ; 5\xa0000 au plus par import."
    ]


@pytest.mark.parametrize(
    ("number", "written"),
    [(0, "0"), (999, "999"), (5000, "5\xa0000"), (1234567, "1\xa0234\xa0567")],
)
def test_format_count(number, written):
    assert format_count(number) == written


# The result


def test_result_counts_and_validity():
    result = parse(csv_bytes(HEADER, "Dupont;Jean;01/02/1990;", ";;;a", "Martin;Léa;02/03/1991;x"))

    assert not result.is_valid
    assert [row.line for row in result.valid_rows] == [2]
    assert result.error_count == 5  # 4 on line 3, 1 on line 4
    assert ImportResult(rows=[], file_errors=["x"]).error_count == 1
    assert not ImportResult(rows=[], file_errors=["x"]).is_valid


def test_trainee_rows_are_frozen():
    row = only_row("Dupont;Jean;01/02/1990;")

    with pytest.raises(dataclasses.FrozenInstanceError):
        row.last_name = "Martin"


@pytest.mark.parametrize("seed", range(40))
def test_never_raises_on_random_or_damaged_input(seed):
    rng = random.Random(seed)
    good_csv = csv_bytes(HEADER, '"Dupont";Jean;01/02/1990;jean@exemple.fr', "Cœur;Zoé;1/1/2000;")
    good_xlsx = xlsx_bytes(("Nom", "Prénom", "Date de naissance"), ("Dupont", "Jean", "1/1/1990"))
    base = rng.choice([good_csv, good_xlsx, rng.randbytes(300)])
    data = bytearray(base)
    for _ in range(rng.randint(1, 8)):
        position = rng.randrange(len(data))
        data[position] = rng.randrange(256)

    result = parse(bytes(data), rng.choice(["a.csv", "a.xlsx", "a"]))

    assert isinstance(result, ImportResult)
    assert all(isinstance(message, str) for message in result.file_errors)


# Performance sanity check: correctness is asserted, the time is only printed.


def _five_thousand_rows():
    for i in range(5000):
        yield (f"Nom{i}", f"Prénom{i}", date(1950 + i % 50, 1 + i % 12, 1 + i % 28), f"p{i}@ex.fr")


def test_five_thousand_csv_rows_parse(capsys):
    lines = ["Nom;Prénom;Date de naissance;E-mail"] + [
        f"{last};{first};{born:%d/%m/%Y};{email}"
        for last, first, born, email in _five_thousand_rows()
    ]
    data = csv_bytes(*lines, encoding="cp1252", newline="\r\n")

    start = time.perf_counter()
    result = parse(data)
    elapsed = time.perf_counter() - start

    assert result.is_valid
    assert len(result.rows) == 5000
    assert result.rows[-1] == TraineeRow(
        5001, "Nom4999", "Prénom4999", date(1999, 8, 16), "p4999@ex.fr", ()
    )
    with capsys.disabled():
        print(f"\n5 000 lignes CSV lues en {elapsed:.3f} s")


def test_five_thousand_xlsx_rows_parse(capsys):
    data = xlsx_bytes(("Nom", "Prénom", "Date de naissance", "E-mail"), *_five_thousand_rows())

    start = time.perf_counter()
    result = parse(data, "stagiaires.xlsx")
    elapsed = time.perf_counter() - start

    assert result.is_valid
    assert len(result.rows) == 5000
    assert result.rows[0].birth_date == date(1950, 1, 1)
    with capsys.disabled():
        print(f"\n5 000 lignes XLSX lues en {elapsed:.3f} s")
