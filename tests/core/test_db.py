"""``fetch_one``: the hot reads of public pages, prepared once per PostgreSQL connection, run again
on a new connection when the server closed the old one (outside transactions only)."""

import psycopg
import pytest
from django.db import connection, transaction
from django.db.utils import InterfaceError, OperationalError
from django.test.utils import CaptureQueriesContext

from forprev.core.db import fetch_one
from tests.factories import EntityFactory

SQL = "SELECT name, siret FROM entities_entity WHERE id = %s"

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="prepared statements: PostgreSQL only"
)


@pytest.mark.django_db
def test_reads_the_row_or_none_and_is_counted():
    entity = EntityFactory(name="SCIERIE DU HAUT-JURA")
    with CaptureQueriesContext(connection) as queries:
        assert fetch_one(SQL, [entity.pk]) == ("SCIERIE DU HAUT-JURA", entity.siret)
        assert fetch_one(SQL, [entity.pk + 1000]) is None
    assert len(queries) == 2  # logged like any query: query counts stay truthful


def _prepared_statements() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT statement FROM pg_prepared_statements")
        return [row[0] for row in cursor.fetchall()]


@postgresql_only
@pytest.mark.django_db
def test_prepared_on_postgresql_and_only_that_query():
    entity = EntityFactory()
    for _ in range(3):
        assert fetch_one(SQL, [entity.pk])[0] == entity.name
    list(type(entity).objects.filter(pk=entity.pk))  # the ORM: bound on the client, never prepared
    list(type(entity).objects.filter(pk=entity.pk))
    prepared = _prepared_statements()
    assert prepared == ["SELECT name, siret FROM entities_entity WHERE id = $1"]


def _terminate_our_backend():
    """Close this test's connection from the server side, as a restart or an idle timeout does."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        (pid,) = cursor.fetchone()
    params = connection.get_connection_params()
    params.pop("context", None)
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


# Outside a transaction (``transactional_db``): no row needed, the tables are emptied afterwards.
UPPER = "SELECT upper(%s)"


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_a_connection_closed_by_the_server_is_replaced_outside_transactions():
    assert fetch_one(UPPER, ["tuilerie"]) == ("TUILERIE",)
    _terminate_our_backend()
    assert fetch_one(UPPER, ["de la bresse"]) == ("DE LA BRESSE",)
    assert fetch_one(UPPER, ["encore"]) == ("ENCORE",)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_inside_a_transaction_the_error_is_raised_not_hidden():
    assert fetch_one(UPPER, ["avant"]) == ("AVANT",)
    _terminate_our_backend()
    with pytest.raises((OperationalError, InterfaceError)), transaction.atomic():
        fetch_one(UPPER, ["pendant"])
    connection.close()
    assert fetch_one(UPPER, ["après"]) == ("APRÈS",)


@postgresql_only
@pytest.mark.django_db(transaction=True)
def test_an_error_of_the_query_itself_is_not_run_twice():
    with connection.cursor() as cursor:
        cursor.execute("SET statement_timeout = 50")
    try:
        with CaptureQueriesContext(connection) as queries, pytest.raises(OperationalError):
            fetch_one("SELECT pg_sleep(1), %s", ["lent"])
        assert len(queries) == 1  # cancelled once, not retried on a new connection
        assert fetch_one(UPPER, ["toujours là"]) == ("TOUJOURS LÀ",)  # same connection, usable
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET statement_timeout = 0")
