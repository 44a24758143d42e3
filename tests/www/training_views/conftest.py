"""CSV files of the import tests (the session fixtures are in ``tests/session_fixtures.py``)."""

CSV_OK = (
    "Nom;Prénom;Date de naissance;E-mail\n"
    "Martin;Léa;12/03/1990;lea.martin@exemple.fr\n"
    "N'Diaye;Awa;1985-07-01;\n"
).encode()

CSV_BAD = ("Nom;Prénom;Date de naissance\n;Léa;31/02/1990\n").encode()
