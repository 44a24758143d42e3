"""« Journal des modifications »: French sentences, filters by dates, author, action, kind of
object and name, a total, scoped to who reads the journal, hostile filters answered in French."""

from datetime import date, timedelta

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from forprev.people.models import Person

pytestmark = pytest.mark.django_db
URL = reverse("audit:audit_log")
EMPTY = {"du": "", "au": "", "auteur": "", "action": "", "type": "", "objet": ""}


def _filter(client, **criteria):
    response = client.post(URL, {**EMPTY, **criteria})
    assert response.status_code == 302, response.content.decode()[:500]
    return client.get(response.url).content.decode()


@pytest.fixture
def trail(entity, personas):
    """An instructor edits the entity; support creates a person; one entry a month old."""
    with set_actor(personas["instructor"]):
        entity.address_line = "9 impasse Zéphirine"
        entity.save()
    with set_actor(personas["support"]):
        person = Person.objects.create(last_name="Quarenghi-Vasseur", first_name="Thibaude", birth_date=date(1984, 5, 6))  # fmt: skip
    old = LogEntry.objects.get_for_object(person).get()
    LogEntry.objects.filter(pk=old.pk).update(timestamp=timezone.now() - timedelta(days=40))
    return {"entity": entity, "person": person}


def test_the_journal_reads_as_sentences_with_a_total(login_as, trail, personas):
    page = login_as("support").get(URL).content.decode()
    who = personas["instructor"].full_name
    assert f"{who} a modifié l&#x27;adresse : " in page and "9 impasse Zéphirine" in page
    assert f"{personas['support'].full_name} a créé l&#x27;individu « QUARENGHI-VASSEUR" in page
    assert "None" not in page
    total = LogEntry.objects.count()
    assert f"{total} modifications enregistrées" in page


def test_filter_by_author(login_as, trail, personas):
    client = login_as("national")
    page = _filter(client, auteur=personas["instructor"].forprev_id)
    assert "9 impasse Zéphirine" in page and "QUARENGHI" not in page
    assert "1 modification correspond aux filtres" in page
    page = _filter(client, auteur=personas["support"].last_name)
    assert "QUARENGHI" in page and "Zéphirine" not in page


def test_filter_by_action_and_type(login_as, trail):
    client = login_as("support")
    page = _filter(client, action=str(LogEntry.Action.CREATE), type="people.person")
    assert "QUARENGHI" in page and "Zéphirine" not in page
    page = _filter(client, action=str(LogEntry.Action.DELETE))
    assert "Aucune modification ne correspond aux filtres" in page


def test_filter_by_dates_and_object(login_as, trail):
    client = login_as("support")
    today = timezone.localdate()
    page = _filter(client, du=(today - timedelta(days=41)).isoformat(), au=(today - timedelta(days=39)).isoformat())  # fmt: skip
    assert "QUARENGHI" in page and "Zéphirine" not in page
    page = _filter(client, du=today.isoformat(), objet="vieux-port")
    assert "Zéphirine" in page and "QUARENGHI" not in page


def test_the_journal_stays_for_support_and_national(login_as, trail):
    for persona in ("instructor", "manager", "instructor_elsewhere"):
        assert login_as(persona).get(URL).status_code == 403
        assert login_as(persona).post(URL, {**EMPTY, "objet": "x"}).status_code == 403


@pytest.mark.parametrize(
    "criteria",
    [
        {"du": "2026-02-30"},
        {"du": "demain"},
        {"du": "2026-05-01", "au": "2026-04-01"},
        {"action": "7"},
        {"action": "1 OR 1=1"},
        {"type": "auth.permission"},
        {"type": "nope"},
        {"auteur": "x" * 500},
        {"auteur": "Jean\x00ne"},
        {"objet": "%' OR '1'='1"},
        {"objet": "a\r\nb"},
    ],
    ids=["impossible-date", "text-date", "reversed-dates", "unknown-action", "sql-action",
         "unaudited-type", "unknown-type", "long-author", "nul-author", "sql-object", "crlf-object"],
)  # fmt: skip
def test_hostile_filters_get_a_french_message_not_a_500(login_as, trail, criteria):
    response = login_as("support").post(URL, {**EMPTY, **criteria})
    assert response.status_code in {200, 302}
    page = (response if response.status_code == 200 else login_as("support").get(response.url)).content.decode()  # fmt: skip
    assert "INVALID_TEMPLATE_VARIABLE" not in page
    if response.status_code == 200:
        assert "Le filtre contient des erreurs" in page


@pytest.mark.parametrize("query", ["page=abc", "page=-1", "page=99999", "recherche=" + "x" * 100, "recherche=%00"])  # fmt: skip
def test_hostile_addresses_answer_the_page(login_as, trail, query):
    assert login_as("support").get(f"{URL}?{query}").status_code == 200


def test_the_count_is_capped_on_a_huge_journal(login_as, trail, monkeypatch):
    from forprev.www.audit_views import views

    monkeypatch.setattr(views, "COUNT_CAP", 1)
    page = login_as("support").get(URL).content.decode()
    assert "Plus de 1 modifications : précisez les filtres" in page


def test_filtered_pages_cost_the_same_queries_for_1_and_60_entries(login_as, entity, personas):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = login_as("support")

    def edit(start, count):
        with set_actor(personas["instructor"]):
            for index in range(start, start + count):
                entity.trade_name = f"Fournil {index}"
                entity.save()

    edit(0, 1)
    response = client.post(URL, {**EMPTY, "auteur": personas["instructor"].forprev_id, "type": "entities.entity"})  # fmt: skip
    client.get(response.url)
    with CaptureQueriesContext(connection) as one:
        client.get(response.url)
    edit(1, 60)
    with CaptureQueriesContext(connection) as many:
        page = client.get(response.url).content.decode()
    assert "Fournil 60" in page, page[page.find("audit-count") :][:300]
    assert "61 modifications correspondent" in page
    assert len(many.captured_queries) == len(one.captured_queries)
