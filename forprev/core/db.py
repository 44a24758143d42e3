"""Hot reads of public pages, prepared once per PostgreSQL connection.

Django's ORM binds parameters on the client, so PostgreSQL parses and plans every query anew.
For a lookup that joins several tables by primary key, planning costs more than running: the
verification page's five-table join took about 0.23 ms of the server's CPU to plan and 0.05 ms
to run (measured on the scale-1 dataset). ``fetch_one`` sends such a query through a
server-binding cursor that psycopg prepares on its first run on each connection
(``prepare_threshold``, see ``forprev.core.env``) and then only executes.

It also skips Django's per-request health check (a ``SELECT 1`` round trip before the first
query of every request): a connection the server closed meanwhile fails the query, which is then
run once more on a new connection — outside a transaction only, where nothing else was read.
On SQLite it is a plain query.
"""

from django.db import connection
from django.db.utils import InterfaceError, OperationalError


def fetch_one(sql: str, params: list) -> tuple | None:
    """The first row of ``sql`` (``%s`` placeholders) or None."""
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()
    try:
        return _fetch_prepared(sql, params)
    except (OperationalError, InterfaceError):
        if connection.in_atomic_block or not _lost():
            raise  # inside a transaction, or an error of the query itself (a timeout…)
        connection.close()  # the server closed it (restart, idle timeout): a new one
        return _fetch_prepared(sql, params)


def _lost() -> bool:
    raw = connection.connection
    return raw is None or raw.closed


def _fetch_prepared(sql: str, params: list) -> tuple | None:
    from django.db.backends.postgresql.base import ServerBindingCursor

    connection.ensure_connection()
    connection.validate_thread_sharing()
    raw = ServerBindingCursor(connection.connection)
    # Django's own wrappers: errors translated, the query logged where queries are counted.
    if connection.queries_logged:
        cursor = connection.make_debug_cursor(raw)
    else:
        cursor = connection.make_cursor(raw)
    with cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()
