"""The audit trail told in French (``core.audit``): who did what, fields by their verbose name
with their article, no « None → », empty values said in words; foreign keys named for a whole
page in one query per model."""

from datetime import date

import pytest
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.template import Context, Template

from forprev.core.audit import describe_entries, with_article
from forprev.people.models import Person
from forprev.people.requests import PersonRequest

pytestmark = pytest.mark.django_db


def _lines(obj):
    entries = LogEntry.objects.get_for_object(obj).select_related("actor", "content_type")
    return describe_entries(entries.order_by("timestamp", "pk"))


def test_articles_follow_the_word():
    assert with_article("adresse") == "l'adresse"
    assert with_article("date de naissance") == "la date de naissance"
    assert with_article("nom commercial") == "le nom commercial"
    assert with_article("habilitation") == "l'habilitation"
    assert with_article("droits") == "les droits"
    assert with_article("créé le") == "le champ « créé le »"


def test_update_sentences_name_the_author_and_the_field(entity, personas):
    author = personas["instructor"]
    with set_actor(author):
        entity.address_line = "12 quai du Port"
        entity.save()
        entity.trade_name = "Fournil Zéphyrin"  # was empty
        entity.save()
        entity.trade_name = ""  # cleared
        entity.save()
    sentences = [s for line in _lines(entity)[1:] for s in line.sentences]
    who = author.full_name
    assert sentences[0].startswith(f"{who} a modifié l'adresse : ")
    assert sentences[0].endswith(" → 12 quai du Port.")
    assert sentences[1] == f"{who} a renseigné le nom commercial : Fournil Zéphyrin."
    assert sentences[2] == f"{who} a effacé le nom commercial (ancienne valeur : Fournil Zéphyrin)."
    assert not any("None" in s for s in sentences)


def test_create_and_delete_are_one_sentence_each(personas):
    with set_actor(personas["support"]):
        person = Person.objects.create(last_name="Ravaillac-Quéméneur", first_name="Ysolde", birth_date=date(1991, 2, 3))  # fmt: skip
        pk = person.pk
        person.delete()
    entries = LogEntry.objects.filter(object_id=pk, content_type__model="person").select_related("actor", "content_type")  # fmt: skip
    lines = describe_entries(entries.order_by("timestamp", "pk"))
    who = personas["support"].full_name
    assert lines[0].sentences == [f"{who} a créé l'individu « RAVAILLAC-QUÉMÉNEUR Ysolde (03/02/1991) »."]  # fmt: skip
    assert lines[1].sentences == [f"{who} a supprimé l'individu « RAVAILLAC-QUÉMÉNEUR Ysolde (03/02/1991) »."]  # fmt: skip
    assert lines[0].object_label.startswith("Individu : ")


def test_without_an_actor_the_system_speaks(entity):
    entity.phone = "0491000000"
    entity.save()
    assert _lines(entity)[-1].sentences[0].startswith("Le système a renseigné le téléphone : ")


def test_values_are_shown_as_people_read_them(entity, personas):
    item = PersonRequest.objects.create(
        entity=entity, kind="not_found", last_name="Ravaillac", first_name="Ysolde",
        birth_date=date(1991, 2, 3), requested_by=personas["manager"],
    )  # fmt: skip
    with set_actor(personas["instructor"]):
        item.status = "rejected"
        item.birth_date = date(1991, 3, 2)
        item.resolved_by = personas["instructor"]
        item.save()
    text = " ".join(_lines(item)[-1].sentences)
    assert "l'état : En attente de la caisse → Sans suite" in text
    assert "la date de naissance : 03/02/1991 → 02/03/1991" in text
    assert f"a renseigné le champ « traitée par » : {personas['instructor']}" in text


def test_foreign_keys_cost_one_query_per_model_not_per_entry(
    entity, personas, django_assert_num_queries
):
    def answered(count, by):
        for index in range(count):
            item = PersonRequest.objects.create(entity=entity, kind="not_found", last_name=f"A{index}", first_name="B", birth_date=date(1990, 1, 1), requested_by=personas["manager"])  # fmt: skip
            item.resolved_by = by
            item.save()
        return list(LogEntry.objects.select_related("actor", "content_type").order_by("-pk")[:50])

    few = answered(1, personas["instructor"])
    with django_assert_num_queries(1):  # the accounts named
        lines = describe_entries(few)
    assert personas["instructor"].full_name in lines[0].sentences[0] or str(personas["instructor"]) in lines[0].sentences[0]  # fmt: skip
    many = answered(15, personas["support"])
    with django_assert_num_queries(1):
        describe_entries(many)


def test_the_filter_tells_one_entry(entity, personas):
    with set_actor(personas["national"]):
        entity.address_line = "3 rue Zéphyr"
        entity.save()
    entry = LogEntry.objects.get_for_object(entity).latest("timestamp")
    html = Template("{% load audit_sentences %}{% for s in entry|audit_sentences %}{{ s }}{% endfor %}").render(Context({"entry": entry}))  # fmt: skip
    assert "a modifié l&#x27;adresse" in html and "3 rue Zéphyr" in html
