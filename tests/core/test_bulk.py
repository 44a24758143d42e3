import uuid
from datetime import UTC, date, datetime

import pytest

from forprev.core.bulk import insert_rows
from forprev.people.models import Person


@pytest.mark.django_db
@pytest.mark.parametrize("returning", [True, False])
def test_rows_are_inserted_with_their_values_and_timestamps(returning):
    fields = (
        "forprev_id",
        "public_id",
        "last_name",
        "first_name",
        "birth_date",
        "email",
        "name_key",
    )
    rows = [
        (f"ABC{n:05d}", uuid.UUID(int=n + 1, version=4), "Le Gall", f"Anne {n}", date(1990, 1, n + 1),
         "", f"le gall|anne {n}")
        for n in range(5)
    ]  # fmt: skip
    before = datetime.now(UTC)
    ids = insert_rows(Person, fields, rows, returning=returning)
    persons = list(Person.objects.order_by("forprev_id"))
    assert [p.forprev_id for p in persons] == [row[0] for row in rows]
    assert [p.public_id for p in persons] == [row[1] for row in rows]
    assert [p.birth_date for p in persons] == [row[4] for row in rows]
    assert all(p.created_at == p.updated_at and p.created_at >= before for p in persons)
    assert ids == ([p.pk for p in persons] if returning else [])


@pytest.mark.django_db
def test_many_rows_span_several_statements_and_keep_their_order(monkeypatch):
    from forprev.core import bulk

    monkeypatch.setattr(bulk, "ROWS_PER_STATEMENT", 7)
    rows = [
        (f"XYZ{n:05d}", uuid.UUID(int=n + 100, version=4), "Nom", "Prénom", date(1980, 5, 5), "",
         "nom|prenom")
        for n in range(30)
    ]  # fmt: skip
    fields = (
        "forprev_id",
        "public_id",
        "last_name",
        "first_name",
        "birth_date",
        "email",
        "name_key",
    )
    ids = insert_rows(Person, fields, rows, returning=True)
    assert len(ids) == 30
    assert [Person.objects.get(pk=pk).forprev_id for pk in ids] == [row[0] for row in rows]
    assert insert_rows(Person, fields, [], returning=True) == []
