import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from forprev.entities.identifiers import make_siret


def form_data(entity, **changes):
    data = {
        "kind": entity.kind,
        "name": entity.name,
        "siret": entity.siret,
        "nda": entity.nda,
        "department": entity.department_id,
        "trade_name": entity.trade_name,
        "address_line": entity.address_line,
        "address_complement": entity.address_complement,
        "postcode": entity.postcode,
        "city": entity.city,
        "head_name": entity.head_name,
        "phone": entity.phone,
        "contact_email": entity.contact_email,
    }
    data.update(changes)
    return data


def edit_url(entity):
    return reverse("entities:entity_edit", args=[entity.public_id])


@pytest.mark.django_db
def test_manager_edits_unlocked_fields(login_as, entity):
    client = login_as("manager")
    response = client.post(edit_url(entity), form_data(entity, trade_name="Le Fournil"))
    assert response.status_code == 302
    entity.refresh_from_db()
    assert entity.trade_name == "Le Fournil"


@pytest.mark.django_db
def test_manager_cannot_change_locked_fields_even_by_forging_the_form(login_as, entity):
    client = login_as("manager")
    original = entity.siret
    page = client.get(edit_url(entity)).content.decode()
    assert 'name="siret"' in page and "disabled" in page
    client.post(
        edit_url(entity),
        form_data(entity, siret=make_siret(99999999), name="PIRATE", trade_name="X"),
    )
    entity.refresh_from_db()
    assert entity.siret == original
    assert entity.name == "BOULANGERIE DU VIEUX-PORT"
    assert entity.trade_name == "X"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("siret", "message"),
    [
        ("1234", "exactement 14 chiffres"),
        ("73282932000075", "clé de contrôle"),
        ("ABCDEFGHIJKLMN", "exactement 14 chiffres"),
    ],
)
def test_instructor_gets_a_french_error_for_a_malformed_siret(login_as, entity, siret, message):
    client = login_as("instructor")
    response = client.post(edit_url(entity), form_data(entity, siret=siret))
    assert response.status_code == 200
    assert message in response.content.decode()
    entity.refresh_from_db()
    assert entity.siret != siret


@pytest.mark.django_db
def test_instructor_gets_a_french_error_for_a_malformed_nda(login_as, entity):
    client = login_as("instructor")
    response = client.post(edit_url(entity), form_data(entity, kind="training_org", nda="12 34"))
    assert response.status_code == 200
    assert "11 chiffres" in response.content.decode()


@pytest.mark.django_db
def test_instructor_changes_siret_typed_with_spaces_and_the_audit_log_shows_before_after(
    login_as, entity
):
    client = login_as("instructor")
    old = entity.siret
    new = "732 829 320 00074"
    assert client.post(edit_url(entity), form_data(entity, siret=new)).status_code == 302
    entity.refresh_from_db()
    assert entity.siret == "73282932000074"
    entry = (
        LogEntry.objects.get_for_object(entity)
        .filter(action=LogEntry.Action.UPDATE)
        .latest("timestamp")
    )
    assert entry.changes_dict["siret"] == [old, "73282932000074"]
    assert entry.actor.staff_role == "instructor"
    page = login_as("support").get(reverse("audit:audit_log")).content.decode()
    assert old in page and "73282932000074" in page
    detail = reverse("entities:entity_detail", args=[entity.public_id])
    history = login_as("manager").get(detail).content.decode()
    assert "Historique du tronc commun" in history and old in history
    assert "Historique du tronc commun" not in login_as("delegate").get(detail).content.decode()


@pytest.mark.django_db
def test_postcode_must_match_the_departement(login_as, entity):
    client = login_as("manager")
    response = client.post(edit_url(entity), form_data(entity, postcode="75011"))
    assert response.status_code == 200
    assert "ne correspond pas au département" in response.content.decode()


@pytest.mark.django_db
def test_moving_to_another_departement_moves_the_entity_to_that_caisse(login_as, entity):
    from forprev.referentials.models import Department

    client = login_as("instructor")
    lyon = Department.objects.get(code="69")
    client.post(edit_url(entity), form_data(entity, department=lyon.pk, postcode="69001"))
    entity.refresh_from_db()
    assert entity.caisse.code == "carsat-rhone-alpes"
    # It left the instructor's caisse: now outside their scope.
    assert client.get(reverse("entities:entity_detail", args=[entity.public_id])).status_code == 404


@pytest.mark.django_db
def test_locked_fields_say_why_they_are_greyed(login_as, entity):
    page = login_as("manager").get(edit_url(entity)).content.decode()
    assert "Modifiable uniquement par votre caisse." in page
    page = login_as("instructor").get(edit_url(entity)).content.decode()
    assert "14 chiffres, espaces acceptés." in page
