"""The synthetic Forprev 1 export (``forprev1_generate``): same seed, same bytes; every file
readable with only the problems its defects should raise; every kind of defect present at scale
0.01 and none with ``--clean``; references resolve; numbers and codes unique."""

import re
from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from forprev.entities.validators import luhn_ok
from forprev.referentials.data import PROGRAMMES
from forprev.switchover.legacy.generator import generate_export
from forprev.switchover.legacy.generator_base import add_months
from forprev.switchover.legacy.reader import read_file
from forprev.switchover.legacy.spec import BY_NAME, FILES
from forprev.switchover.trainer_duplicates import TrainerRecord, trainer_duplicates

EXPORT_DAY = date(2022, 12, 15)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[a-z]{2,}$")
# (file, problem code, column) the defects may raise; every other problem is a bug.
EXPECTED_PROBLEMS = {
    ("entites.csv", "required", "adresse"),
    ("entites.csv", "required", "commune"),
    ("entites.csv", "required", "code_postal"),
    ("individus.csv", "required", "date_naissance"),
    ("individus.csv", "broken", ""),
    ("formateurs.csv", "value", "date_naissance"),
    ("inscriptions.csv", "broken", ""),
    ("certificats.csv", "broken", ""),
} | {(name, "mixed_encoding", "") for name in BY_NAME}


class Export:
    """A generated folder read once: records and problems by file."""

    def __init__(self, directory, summary):
        self.directory, self.summary = directory, summary
        self.records, self.problems, self.encodings = {}, {}, {}
        for spec in FILES:
            legacy = read_file(directory, spec)
            records = list(legacy.records())
            self.records[spec.name] = records
            self.problems[spec.name] = [p for r in records for p in r.problems] + legacy.problems
            self.encodings[spec.name] = legacy.encodings

    def rows(self, name):
        return [r.values for r in self.records[name] if not r.broken]

    def raw(self, name) -> bytes:
        return (self.directory / name).read_bytes()

    def problem_kinds(self) -> set:
        return {(p.file, p.code, p.column) for problems in self.problems.values() for p in problems}


@pytest.fixture(scope="module")
def export(tmp_path_factory):
    directory = tmp_path_factory.mktemp("forprev1")
    return Export(directory, generate_export(directory, scale=0.01, seed=3))


@pytest.fixture(scope="module")
def clean(tmp_path_factory):
    directory = tmp_path_factory.mktemp("forprev1-clean")
    return Export(directory, generate_export(directory, scale=0.01, seed=3, clean=True))


def test_same_seed_gives_the_same_bytes_and_another_seed_other_ones(tmp_path):
    for name, seed in (("a", 5), ("b", 5), ("c", 6)):
        generate_export(tmp_path / name, scale=0.002, seed=seed)

    for spec in FILES:
        first = (tmp_path / "a" / spec.name).read_bytes()
        assert first == (tmp_path / "b" / spec.name).read_bytes(), spec.name
    assert (tmp_path / "a" / "individus.csv").read_bytes() != (
        tmp_path / "c" / "individus.csv"
    ).read_bytes()


def test_every_file_is_written_with_its_header_and_counted(export):
    for spec in FILES:
        assert (export.directory / spec.name).is_file()
        assert export.summary["files"][spec.name]["rows"] == len(export.records[spec.name])
    assert export.rows("export.csv") == [{"date_export": EXPORT_DAY, "origine": "Forprev 1.14.2"}]


def test_reader_meets_only_the_problems_the_defects_raise(export):
    kinds = export.problem_kinds()

    assert kinds <= EXPECTED_PROBLEMS, kinds - EXPECTED_PROBLEMS
    for expected in (
        ("individus.csv", "broken", ""),
        ("inscriptions.csv", "broken", ""),
        ("certificats.csv", "broken", ""),
        ("individus.csv", "required", "date_naissance"),
        ("formateurs.csv", "value", "date_naissance"),
    ):
        assert expected in kinds
    assert {code for _, code, column in kinds if column in ("adresse", "commune", "code_postal")}
    assert any(code == "mixed_encoding" for _, code, _ in kinds)
    impossible = [
        p for ps in export.problems.values() for p in ps if "date impossible" in p.message
    ]
    assert len(impossible) >= 3


def test_clean_export_reads_without_any_problem(clean):
    assert clean.problem_kinds() == set()
    assert all(encodings <= {"UTF-8"} for encodings in clean.encodings.values())
    assert clean.summary["defects"] == {}


def test_volumes_at_scale_001(export):
    count = {name: len(export.records[name]) for name in BY_NAME}
    entities = count["entites.csv"]
    assert 90 <= entities <= 110
    assert 600 <= count["formateurs.csv"] <= 640
    assert count["sessions.csv"] == 1_500
    assert count["individus.csv"] == 10_000
    assert 9_000 <= count["inscriptions.csv"] <= 11_000
    assert 0.75 <= count["certificats.csv"] / count["inscriptions.csv"] <= 0.9
    assert 1.2 <= count["habilitations.csv"] / entities <= 1.5
    assert 1.3 <= count["demandes.csv"] / entities <= 1.8
    assert 1.3 <= count["certificats_formateurs.csv"] / count["formateurs.csv"] <= 1.7
    assert 820 <= count["utilisateurs.csv"] <= 900


# -- defects, found in the files --------------------------------------------------------------


def shared_emails(rows) -> list[str]:
    counts = Counter(r["email"].lower() for r in rows if r["email"])
    return [email for email, n in counts.items() if n > 1]


def invalid_emails(rows) -> list[str]:
    return [r["email"] for r in rows if r["email"] and not EMAIL.match(r["email"])]


def missing_names(rows) -> list:
    return [r for r in rows if not r["nom"] or not r["prenom"]]


def digits(siret) -> str:
    return siret.replace(" ", "")


def attached(export) -> tuple[list, list]:
    """(children with their own SIRET, children of a training organisation with their own NDA)."""
    entities = {r["id_entite"]: r for r in export.rows("entites.csv")}
    children = [r for r in entities.values() if r["id_entite_parente"]]
    own_siret = [
        c
        for c in children
        if digits(c["siret"]) != digits(entities[c["id_entite_parente"]]["siret"])
    ]
    own_nda = [
        c
        for c in children
        if c["type"] == "OF" and c["nda"] != entities[c["id_entite_parente"]]["nda"]
    ]
    return own_siret, own_nda


def siret_changes(export) -> tuple[list, list]:
    """(NDA held by two top-level rows, SIREN of two top-level companies)."""
    top = [r for r in export.rows("entites.csv") if not r["id_entite_parente"]]
    ndas = Counter(r["nda"] for r in top if r["nda"])
    sirens = Counter(digits(r["siret"])[:9] for r in top if r["type"] == "ENT")
    return [n for n, c in ndas.items() if c > 1], [s for s, c in sirens.items() if c > 1]


def old_open_sessions(export) -> list:
    limit = date.fromordinal(add_months(EXPORT_DAY.toordinal(), -3))
    return [
        s for s in export.rows("sessions.csv") if s["statut"] == "OUVERTE" and s["date_fin"] < limit
    ]


def pending_statuses(export) -> set:
    pending = {"BROUILLON", "TRANSMISE", "EN_INSTRUCTION", "AVIS_RENDU"}
    return {r["statut"] for r in export.rows("demandes.csv")} & pending


def in_extension_windows(export) -> tuple[list, list]:
    ends = [r["date_echeance"] for r in export.rows("habilitations.csv")]
    return (
        [d for d in ends if date(2023, 1, 1) <= d <= date(2023, 3, 31)],
        [d for d in ends if date(2023, 4, 1) <= d <= date(2023, 5, 31)],
    )


def unknown_persons(export) -> list:
    known = {r["id_individu"] for r in export.rows("individus.csv")}
    return [r for r in export.rows("inscriptions.csv") if r["id_individu"] not in known]


def certificates_of_open_sessions(export) -> list:
    open_ = {s["id_session"] for s in export.rows("sessions.csv") if s["statut"] == "OUVERTE"}
    return [c for c in export.rows("certificats.csv") if c["id_session"] in open_]


def trainer_duplicate_groups(export):
    found = trainer_duplicates(
        TrainerRecord(r["id_formateur"], r["nom"], r["prenom"], r["date_naissance"], r["email"])
        for r in export.rows("formateurs.csv")
    )
    return found.groups


def date_formats(export) -> set[str]:
    seen = set()
    for spec in FILES:
        text = export.raw(spec.name).decode("latin-1")
        if re.search(r";\d{2}/\d{2}/\d{4}[;\r\n]", text):
            seen.add("JJ/MM/AAAA")
        if re.search(r";\d{4}-\d{2}-\d{2}[;\r\n]", text):
            seen.add("AAAA-MM-JJ")
        if re.search(r";\d{2}-\d{2}-\d{4}[;\r\n]", text):
            seen.add("JJ-MM-AAAA")
    return seen


def test_every_kind_of_defect_is_present_at_scale_001(export):
    users, persons = export.rows("utilisateurs.csv"), export.rows("individus.csv")
    assert shared_emails(users) and shared_emails(persons)
    assert invalid_emails(users) and invalid_emails(persons)
    assert [u for u in users if not u["email"]]
    assert missing_names(users) and missing_names(persons)
    assert trainer_duplicate_groups(export)
    own_siret, own_nda = attached(export)
    assert own_siret and own_nda
    assert [r for r in export.rows("entites.csv") if r["rattachement"] in ("ASSOCIEE", "ANTENNE")]
    shared_nda, shared_siren = siret_changes(export)
    assert shared_nda and shared_siren
    assert [r for r in export.records["entites.csv"] if r.rejected]  # tronc commun incomplete
    assert [r for r in export.rows("entites.csv") if not luhn_ok(digits(r["siret"]))]
    assert len(old_open_sessions(export)) >= 3
    assert pending_statuses(export) == {"BROUILLON", "TRANSMISE", "EN_INSTRUCTION", "AVIS_RENDU"}
    first_window, second_window = in_extension_windows(export)
    assert first_window and second_window
    assert [
        r
        for r in export.rows("habilitations.csv")
        if r["statut"] == "ACTIVE" and r["date_decision"] is None
    ]
    assert len(unknown_persons(export)) >= 3
    assert certificates_of_open_sessions(export)
    assert "Windows-1252" in set().union(*export.encodings.values())
    assert date_formats(export) == {"JJ/MM/AAAA", "AAAA-MM-JJ", "JJ-MM-AAAA"}


def test_clean_export_has_none_of_the_defects(clean):
    users, persons = clean.rows("utilisateurs.csv"), clean.rows("individus.csv")
    assert not shared_emails(users) and not shared_emails(persons)
    assert not invalid_emails(users) and not invalid_emails(persons)
    assert all(u["email"] for u in users)
    assert not missing_names(users) and not missing_names(persons)
    assert not trainer_duplicate_groups(clean)
    assert not [r for r in clean.rows("entites.csv") if r["id_entite_parente"] or r["rattachement"]]
    assert siret_changes(clean) == ([], [])
    assert all(luhn_ok(r["siret"]) for r in clean.rows("entites.csv"))
    assert {s["statut"] for s in clean.rows("sessions.csv")} == {"CLOTUREE", "ANNULEE"}
    assert all(u["date_validation_infos"] for u in users)
    assert not pending_statuses(clean)
    assert in_extension_windows(clean) == ([], [])
    assert not unknown_persons(clean)
    assert not certificates_of_open_sessions(clean)
    assert date_formats(clean) == {"JJ/MM/AAAA"}
    assert not any(clean.raw(name).startswith(b"\xef\xbb\xbf") for name in BY_NAME)


@pytest.mark.django_db
def test_conformity_checks_find_nothing_in_a_clean_export(clean):
    from forprev.switchover.checks.service import analyse

    assert analyse(clean.directory).findings == []


# -- references, numbers, codes ---------------------------------------------------------------


def unresolved(export) -> Counter:
    """References to a row no file has, by (file, column)."""
    keys = {
        spec.name: {r.values[spec.key] for r in export.records[spec.name] if not r.broken}
        for spec in FILES
        if spec.key
    }
    missing = Counter()
    for spec in FILES:
        for column in spec.columns:
            if column.type not in ("ref", "refs"):
                continue
            for record in export.records[spec.name]:
                if record.broken or record.values[column.name] is None:
                    continue
                value = record.values[column.name]
                for target in value if column.type == "refs" else (value,):
                    if target not in keys[column.ref]:
                        missing[(spec.name, column.name)] += 1
    return missing


def test_references_resolve_but_the_enrolments_of_unknown_individus(export, clean):
    assert unresolved(clean) == Counter()
    missing = unresolved(export)
    assert set(missing) == {("inscriptions.csv", "id_individu")}
    assert (
        missing[("inscriptions.csv", "id_individu")]
        == export.summary["defects"]["inscription_individu_inconnu"]
    )


def test_keys_numbers_and_codes_are_unique_and_well_formed(export):
    for spec in FILES:
        if spec.key:
            values = [r.values[spec.key] for r in export.records[spec.name] if not r.broken]
            assert len(values) == len(set(values)), spec.name
    certificates = export.rows("certificats.csv")
    numbers = [c["numero"] for c in certificates]
    codes = [c["code_verification"] for c in certificates]
    assert len(set(numbers)) == len(numbers) and len(set(codes)) == len(codes)
    assert all(re.fullmatch(r"[A-Z0-9]{3,4}\d{2}-\d{7}", n) and len(n) <= 20 for n in numbers)
    assert all(re.fullmatch(r"[A-Za-z0-9_-]{16,24}", c) for c in codes)
    identifiers = [u["identifiant"] for u in export.rows("utilisateurs.csv")]
    assert len(set(identifiers)) == len(identifiers)
    assert all(re.fullmatch(r"[A-Z]{3}\d{5}", i) for i in identifiers)
    numbers = [p["numero_forprev"] for p in export.rows("individus.csv")]
    assert len(set(numbers)) == len(numbers)


def test_dispositif_levels_are_those_of_the_referential(export):
    levels = {(code, level[0]) for code, _, _, levels in PROGRAMMES for level in levels}
    for name in ("certificats_formateurs.csv", "habilitations.csv", "sessions.csv"):
        used = {(r["dispositif"], r["niveau"]) for r in export.rows(name) if r["niveau"]}
        assert used <= levels, (name, used - levels)


def test_a_trainer_account_carries_the_numero_of_its_individu(clean):
    persons = {p["id_individu"]: p for p in clean.rows("individus.csv")}
    users = {u["id_utilisateur"]: u for u in clean.rows("utilisateurs.csv")}
    trainers = clean.rows("formateurs.csv")
    assert trainers
    for trainer in trainers:
        person, user = persons[trainer["id_individu"]], users[trainer["id_utilisateur"]]
        assert user["identifiant"] == person["numero_forprev"]
        assert (trainer["date_naissance"], trainer["email"]) == (
            person["date_naissance"],
            user["email"],
        )


# -- the command ------------------------------------------------------------------------------


def test_command_writes_the_export_and_prints_a_summary(tmp_path, capsys):
    call_command(
        "forprev1_generate", "--out", str(tmp_path), "--scale", "0.002", "--seed", "2",
        "--export-date", "31/01/2023", "--clean",
    )  # fmt: skip

    out = capsys.readouterr().out
    assert "Export Forprev 1 synthétique écrit" in out and "sans anomalie" in out
    assert re.search(r"individus\.csv\s+2000 lignes", out)
    assert (tmp_path / "export.csv").read_text().splitlines()[1].startswith("31/01/2023;")


@pytest.mark.parametrize(
    "arguments, message",
    [
        (["--scale", "0"], "L'échelle doit être comprise entre 0 (exclu) et 50."),
        (["--export-date", "31/02/2022"], "--export-date : date impossible « 31/02/2022 »."),
        (["--export-date", "demain"], "--export-date : date illisible « demain »"),
    ],
)
def test_command_refuses_bad_arguments(tmp_path, arguments, message):
    with pytest.raises(CommandError) as error:
        call_command("forprev1_generate", "--out", str(tmp_path), *arguments)
    assert message in str(error.value)
