"""The import preview checks the places left and the people already enrolled before offering
the confirmation, in correct French plurals; the template CSV/XLSX imports as it is."""

import csv
import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from forprev.people.models import Person
from forprev.training.imports import _HEADERS, FIELDS, _header_key
from forprev.www.training_views.imports import already_enrolled, enrolled, will_enrol
from tests.session_fixtures import BORN, enrolled_in

from .conftest import CSV_OK

HEADER = "Nom;Prénom;Date de naissance;E-mail\n"


def rows_csv(count, start=0):
    lines = [f"Stagiaire{start + i};Awa;01/02/1991;\n" for i in range(count)]
    return (HEADER + "".join(lines)).encode()


def upload(client, session, content, name="stagiaires.csv"):
    return client.post(
        reverse("training:trainees_import", args=[session.public_id]),
        {"file": SimpleUploadedFile(name, content)},
    )


def confirm(client, session, token):
    return client.post(
        reverse("training:trainees_import_confirm", args=[session.public_id]),
        {"token": token},
        follow=True,
    )


CONFIRM = "Confirmer l&#x27;inscription de ces stagiaires"


def has_confirm(html):
    return "Confirmer l'inscription de ces stagiaires" in html or CONFIRM in html


# Plurals.


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "Aucun stagiaire ne sera inscrit."),
        (1, "1 stagiaire sera inscrit."),
        (3, "3 stagiaires seront inscrits."),
    ],
)
def test_the_count_of_trainees_to_enrol_is_correct_french(count, text):
    assert will_enrol(count) == text


@pytest.mark.parametrize(
    ("count", "text"),
    [
        (0, "Aucun stagiaire inscrit : tous figuraient déjà dans la session."),
        (1, "1 stagiaire inscrit."),
        (2, "2 stagiaires inscrits."),
    ],
)
def test_the_message_after_confirmation_is_correct_french(count, text):
    assert enrolled(count) == text


def test_people_already_enrolled_are_counted_in_correct_french():
    assert already_enrolled(0) == ""
    assert already_enrolled(1).startswith("1 personne du fichier est déjà inscrite")
    assert already_enrolled(2).startswith("2 personnes du fichier sont déjà inscrites")


# Capacity.


@pytest.mark.django_db
def test_an_import_beyond_the_places_left_offers_no_confirmation(login_as, session):
    session.capacity = 3
    session.save()
    enrolled_in(session, last_name="Premier")
    client = login_as("manager")
    response = upload(client, session, rows_csv(3))
    html = response.content.decode()
    assert response.status_code == 200
    assert "token" not in response.context and not has_confirm(html)
    assert "Places libres dans la session : 2 sur 3." in html
    assert "Le fichier compte 3 stagiaires à inscrire." in html
    assert "Retirez 1 ligne du fichier" in html
    assert not client.session.get(f"import-token-{session.public_id}")


@pytest.mark.django_db
def test_an_import_filling_the_places_exactly_is_offered(login_as, session):
    session.capacity = 3
    session.save()
    enrolled_in(session, last_name="Premier")
    response = upload(login_as("manager"), session, rows_csv(2))
    html = response.content.decode()
    assert response.context["token"] and has_confirm(html)
    assert "2 stagiaires seront inscrits." in html
    assert "Retirez" not in html


@pytest.mark.django_db
def test_places_taken_between_preview_and_confirmation_refuse_it_and_write_nothing(
    login_as, session
):
    session.capacity = 2
    session.save()
    client = login_as("manager")
    token = upload(client, session, rows_csv(2)).context["token"]
    enrolled_in(session, last_name="Arrivé")  # someone enrolled meanwhile, by hand
    response = confirm(client, session, token)
    html = response.content.decode()
    assert "Places libres dans la session : 1 sur 2." in html
    assert "Retirez 1 ligne du fichier" in html
    assert session.enrolments.count() == 1 and Person.objects.count() == 1


# People already enrolled.


@pytest.mark.django_db
def test_people_already_enrolled_are_shown_on_their_line_and_skipped(login_as, session):
    enrolled_in(session, last_name="MARTIN", first_name="lea", birth_date=BORN)  # CSV_OK's line 2
    client = login_as("manager")
    response = upload(client, session, CSV_OK)
    html = response.content.decode()
    assert "1 personne du fichier est déjà inscrite à cette session" in html
    assert "Déjà inscrit" in html and "ligne ignorée" in html
    assert "1 stagiaire sera inscrit." in html
    line = html[html.index("<td>2</td>") : html.index("<td>3</td>")]
    assert "Déjà inscrit" in line  # on Martin's line (line 2 of the file)
    after = confirm(client, session, response.context["token"]).content.decode()
    assert "1 stagiaire inscrit." in after
    assert session.enrolments.count() == 2


@pytest.mark.django_db
def test_a_file_of_people_all_enrolled_has_nothing_to_confirm(login_as, session):
    client = login_as("manager")
    confirm(client, session, upload(client, session, CSV_OK).context["token"])
    response = upload(client, session, CSV_OK)
    html = response.content.decode()
    assert "token" not in response.context and not has_confirm(html)
    assert "2 personnes du fichier sont déjà inscrites" in html
    assert "Il n&#x27;y a rien à importer" in html or "Il n'y a rien à importer" in html
    assert "Aucun stagiaire ne sera inscrit." in html
    assert session.enrolments.count() == 2


@pytest.mark.django_db
def test_a_file_with_errors_offers_no_confirmation_and_does_not_announce_a_count(login_as, session):
    content = (HEADER + "Martin;Léa;12/03/1990;\n;Awa;31/02/1990;\n").encode()
    response = upload(login_as("manager"), session, content)
    html = response.content.decode()
    assert not has_confirm(html) and "seront inscrits" not in html and "sera inscrit" not in html
    assert "Nom manquant" in html


# The template.


def template(client, kind):
    return client.get(reverse(f"training:trainees_import_template_{kind}"))


@pytest.mark.django_db
def test_the_import_page_links_to_both_templates(login_as, session):
    html = (
        login_as("manager")
        .get(reverse("training:trainees_import", args=[session.public_id]))
        .content.decode()
    )
    assert reverse("training:trainees_import_template_csv") in html
    assert reverse("training:trainees_import_template_xlsx") in html
    assert "Télécharger le modèle CSV" in html and "Télécharger le modèle XLSX" in html


@pytest.mark.django_db
def test_the_csv_template_is_utf8_with_a_bom_semicolons_a_header_and_one_example(login_as, session):
    response = template(login_as("manager"), "csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="modele-import-stagiaires.csv"'
    content = response.content
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Nom", "Prénom", "Date de naissance", "E-mail"]
    assert len(rows) == 2 and len(rows[1]) == 4
    assert [_HEADERS[_header_key(cell)] for cell in rows[0]] == list(FIELDS)
    cells = [cell for row in rows for cell in row]
    assert not any(cell.startswith(("=", "+", "-", "@")) for cell in cells)


@pytest.mark.django_db
def test_the_xlsx_template_has_the_same_columns_and_no_formula(login_as, session):
    response = template(login_as("manager"), "xlsx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows())
    assert [cell.value for cell in rows[0]] == ["Nom", "Prénom", "Date de naissance", "E-mail"]
    assert len(rows) == 2
    assert all(cell.data_type != "f" for row in rows for cell in row)
    assert all(not str(cell.value).startswith(("=", "+", "-", "@")) for row in rows for cell in row)


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_the_template_as_downloaded_is_accepted_by_the_preview(login_as, session, kind):
    client = login_as("manager")
    content = template(client, kind).content
    response = upload(client, session, content, name=f"modele.{kind}")
    html = response.content.decode()
    assert response.context["result"].is_valid and response.context["token"]
    assert "1 stagiaire sera inscrit." in html and has_confirm(html)


@pytest.mark.django_db
def test_the_csv_template_with_the_example_replaced_is_accepted(login_as, session):
    client = login_as("manager")
    text = template(client, "csv").content.decode("utf-8-sig")
    header = text.splitlines()[0]
    filled = (
        "\ufeff" + header + "\r\nNGUYEN;Thi Mai;07/09/1988;\r\nMÜLLER;Jörg;1975-11-30;j@ex.fr\r\n"
    )
    response = upload(client, session, filled.encode("utf-8"), name="modele.csv")
    assert response.context["token"]
    assert "2 stagiaires seront inscrits." in response.content.decode()
    confirm(client, session, response.context["token"])
    assert sorted(session.enrolments.values_list("person__last_name", flat=True)) == [
        "MÜLLER",
        "NGUYEN",
    ]


@pytest.mark.django_db
def test_the_xlsx_template_with_the_example_replaced_is_accepted(login_as, session):
    client = login_as("manager")
    workbook = openpyxl.load_workbook(io.BytesIO(template(client, "xlsx").content))
    sheet = workbook.active
    sheet.delete_rows(2)
    sheet.append(["NGUYEN", "Thi Mai", "07/09/1988", None])
    out = io.BytesIO()
    workbook.save(out)
    response = upload(client, session, out.getvalue(), name="modele.xlsx")
    assert response.context["token"]
    assert "1 stagiaire sera inscrit." in response.content.decode()


@pytest.mark.django_db
def test_the_template_with_the_example_removed_and_nothing_added_says_so(login_as, session):
    client = login_as("manager")
    header = template(client, "csv").content.decode("utf-8-sig").splitlines()[0]
    response = upload(client, session, ("\ufeff" + header + "\r\n").encode(), name="modele.csv")
    assert "Le fichier ne contient aucun stagiaire." in response.content.decode()
    assert "token" not in response.context
