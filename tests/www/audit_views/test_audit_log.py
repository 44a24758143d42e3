import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from forprev.referentials.models import ProgrammeLevel


@pytest.mark.django_db
def test_my_information_change_is_audited_with_actor_and_before_after(login_as, personas):
    person = personas["person"]
    before = person.last_name
    login_as("person").post(
        reverse("accounts:my_info_edit"),
        {"first_name": person.first_name, "last_name": "Nouveau-Nom", "email": person.email},
    )
    entry = LogEntry.objects.get_for_object(person).latest("timestamp")
    assert entry.actor == person
    assert entry.changes_dict["last_name"] == [before, "Nouveau-Nom"]


@pytest.mark.django_db
def test_national_edits_a_referential_in_the_back_office_and_it_is_audited(login_as, personas):
    level = ProgrammeLevel.objects.get(programme__code="SST", level=1)
    client = login_as("national")
    # Levels are edited inline on their dispositif.
    programme_url = reverse("admin:referentials_programme_change", args=[level.programme_id])
    page = client.get(programme_url)
    assert page.status_code == 200
    form = page.context["adminform"].form
    data = {name: form.initial.get(name, "") for name in form.fields}
    data["is_active"] = "on"
    inline = page.context["inline_admin_formsets"][0].formset
    data.update(
        inline.management_form.initial
        and {
            f"{inline.prefix}-{key}": value for key, value in inline.management_form.initial.items()
        }
    )
    for index, inline_form in enumerate(inline.forms):
        for name in inline_form.fields:
            value = inline_form.initial.get(name, "")
            if name == "delivered_by_inrs":
                if value:
                    data[f"{inline.prefix}-{index}-{name}"] = "on"
                continue
            if value is None:
                value = ""
            if name == "id":
                value = inline_form.instance.pk
            if name == "programme":
                value = level.programme_id
            data[f"{inline.prefix}-{index}-{name}"] = value
        if inline_form.instance.pk == level.pk:
            data[f"{inline.prefix}-{index}-certificate_validity_months"] = 30
    response = client.post(programme_url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    level.refresh_from_db()
    assert level.certificate_validity_months == 30
    entry = LogEntry.objects.get_for_object(level).latest("timestamp")
    assert entry.actor == personas["national"]
    assert entry.changes_dict["certificate_validity_months"] == ["24", "30"]


@pytest.mark.django_db
def test_audit_log_page_runs_a_constant_number_of_queries(
    login_as, entity, django_assert_max_num_queries
):
    from forprev.entities.services import entity_update_profile

    client = login_as("support")
    client.get(reverse("audit:audit_log"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("audit:audit_log"))
    instructor = entity.memberships.first().user
    for index in range(20):
        entity_update_profile(entity=entity, by=instructor, changes={"trade_name": f"Nom {index}"})
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("audit:audit_log"))
    assert "Nom 19" in response.content.decode()


@pytest.mark.django_db
def test_audit_filter_by_object(login_as, entity):
    client = login_as("national")
    url = reverse("audit:audit_log")
    page = client.post(url, {"objet": "VIEUX-PORT"}, follow=True).content.decode()
    assert "BOULANGERIE DU VIEUX-PORT" in page
    page = client.post(url, {"objet": "zzz-inexistant"}, follow=True).content.decode()
    assert "Aucune modification" in page


@pytest.mark.django_db
def test_audit_filter_keeps_the_name_out_of_addresses(login_as, entity):
    """The filter may be a person's name: POSTed, the results under a search id."""
    client = login_as("support")
    response = client.post(reverse("audit:audit_log"), {"objet": "VIEUX-PORT"})
    assert response.status_code == 302
    assert "VIEUX" not in response.url and "recherche=" in response.url
    page = client.get(response.url).content.decode()
    assert "BOULANGERIE DU VIEUX-PORT" in page
    # A filter put in the address by hand is ignored, the page lists everything.
    assert (
        "Aucune modification"
        not in client.get(reverse("audit:audit_log"), {"objet": "zzz"}).content.decode()
    )
