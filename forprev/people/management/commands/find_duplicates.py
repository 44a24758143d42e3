"""``manage.py find_duplicates --input people.csv --output pairs.csv [--threshold T]``.

Finds the people entered more than once in a CSV file (or in the database with ``--from-db``)
and writes one row ``id_a,id_b,score`` per pair scoring the threshold or more, ``id_a < id_b``
(as numbers when every id is an integer), sorted. Progress goes to standard error. The engine
is ``forprev.people.duplicates.engine``; the file formats accepted are described in
``forprev.people.duplicates.people_csv``.
"""

import time

from django.core.management.base import BaseCommand, CommandError

from forprev.people.duplicates.engine import (
    DEFAULT_THRESHOLD,
    DuplicateIdError,
    find_pairs,
    number,
)
from forprev.people.duplicates.people_csv import PeopleFileError, read_people, write_pairs
from forprev.people.duplicates.table import PeopleTable

DB_CHUNK = 10_000


def threshold_value(text: str) -> float:
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        raise CommandError(f"Seuil invalide : « {text} » (un nombre entre 0 et 1).") from None
    if not 0 <= value <= 1:
        raise CommandError(f"Seuil invalide : {text} (un nombre entre 0 et 1).")
    return value


def people_from_database(progress) -> PeopleTable:
    """Every person of the database, the numéro Forprev as id (no place of birth, no
    postcode: ``Person`` has none)."""
    from forprev.people.models import Person

    table = PeopleTable()
    append = table.append
    rows = Person.objects.order_by().values_list(
        "forprev_id", "last_name", "first_name", "birth_date", "email"
    )
    for count, (forprev_id, last_name, first_name, birth_date, email) in enumerate(
        rows.iterator(chunk_size=DB_CHUNK), start=1
    ):
        append(forprev_id, last_name, first_name, birth_date, None, email, None)
        if not count % 250_000:
            progress(f"… {number(count)} personnes lues")
    progress(f"{number(len(table))} personnes lues dans la base")
    return table


class Command(BaseCommand):
    help = (
        "Cherche les personnes saisies plusieurs fois (CSV ou base) et écrit les paires "
        "id_a,id_b,score au-dessus du seuil."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "--input",
            help="CSV d'entrée : en-tête nommant id, last_name (nom), first_name (prénom), "
            "birth_date (date de naissance), birth_place, email, postcode (code postal).",
        )
        source.add_argument(
            "--from-db", action="store_true", help="Lit les individus de la base de données."
        )
        parser.add_argument("--output", required=True, help="CSV de sortie (« - » : la console).")
        parser.add_argument(
            "--threshold",
            default=str(DEFAULT_THRESHOLD),
            help=f"Score minimal d'une paire, entre 0 et 1 (défaut : {DEFAULT_THRESHOLD}).",
        )

    def handle(self, *args, input=None, from_db=False, output, threshold, **options):
        threshold = threshold_value(str(threshold))
        started = time.perf_counter()

        def progress(message):
            self.stderr.write(f"[{time.perf_counter() - started:6.1f} s] {message}")

        try:
            table = people_from_database(progress) if from_db else read_people(input, progress)
            pairs = find_pairs(table, threshold, progress=progress)
            count = write_pairs(output, pairs, progress)
        except (PeopleFileError, DuplicateIdError) as error:
            raise CommandError(str(error)) from None
        progress(f"Terminé : {number(count)} paires (seuil {threshold:g}).")
