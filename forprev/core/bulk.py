"""Multi-row INSERTs of plain tuples, for the synthetic dataset's millions of rows.

``bulk_create`` builds a model instance per row and compiles every value through the ORM: about
three quarters of the time of a national-scale generation went there. ``insert_rows`` takes the
values as tuples in the order of the field names given, adapts only the columns whose database
form differs (UUIDs, dates, datetimes) through the field itself, adds ``created_at`` and
``updated_at`` with one timestamp, and sends a few thousand rows per statement on the raw DB-API
cursor (no query log even with ``DEBUG``). Portable: SQLite ≥ 3.35 and PostgreSQL, primary keys
returned in the order of the rows (``RETURNING``, as ``bulk_create`` relies on too).

On PostgreSQL, rows whose keys are not needed go through ``COPY`` (5× faster than INSERTs here),
and INSERTs bind their parameters on the server (psycopg's plain cursor: a third faster than the
client-side binding Django's cursor uses, which writes every value into the SQL text).

No ``save()``, no signals, no validation: the caller builds valid values, and the database
constraints check the rest.
"""

from collections.abc import Sequence

from django.db import connection, models
from django.utils import timezone

ROWS_PER_STATEMENT = 2_000
_ADAPTED = (models.UUIDField, models.DateField, models.JSONField)  # DateTimeField is a DateField


def insert_rows(
    model, fields: Sequence[str], rows: Sequence[Sequence], *, returning: bool = False
) -> list[int]:
    """Insert ``rows`` (tuples of Python values for ``fields``, attribute names such as
    ``session_id``) into ``model``'s table. Returns the new primary keys when ``returning``."""
    if not rows:
        return []
    opts = model._meta
    columns = [opts.get_field(name) for name in fields]
    stamps = [f for f in opts.concrete_fields if f.name in ("created_at", "updated_at")]
    stamps = [f for f in stamps if f.name not in fields]
    converters = [
        (index, field) for index, field in enumerate(columns) if isinstance(field, _ADAPTED)
    ]
    now = timezone.now()
    stamp_values = tuple(field.get_db_prep_save(now, connection) for field in stamps)

    def adapted(row) -> list:
        row = list(row)
        for index, field in converters:
            row[index] = field.get_db_prep_save(row[index], connection)
        row.extend(stamp_values)
        return row

    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in [*columns, *stamps])
    width = len(columns) + len(stamps)
    placeholder = "?" if connection.vendor == "sqlite" else "%s"
    row_sql = "(" + ", ".join([placeholder] * width) + ")"
    limit = connection.features.max_query_params
    per_statement = min(ROWS_PER_STATEMENT, limit // width) if limit else ROWS_PER_STATEMENT
    suffix = f" RETURNING {quote(opts.pk.column)}" if returning else ""
    ids: list[int] = []
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        import psycopg

        cursor = psycopg.Cursor(connection.connection)
        if not returning:
            with cursor, cursor.copy(f"COPY {quote(opts.db_table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(adapted(row))
            return ids
    else:
        cursor = connection.connection.cursor()
    try:
        for start in range(0, len(rows), per_statement):
            chunk = rows[start : start + per_statement]
            params = []
            for row in chunk:
                params.extend(adapted(row))
            sql = (
                f"INSERT INTO {quote(opts.db_table)} ({names}) VALUES "  # noqa: S608 - names from the model
                + ", ".join([row_sql] * len(chunk))
                + suffix
            )
            cursor.execute(sql, params)
            if returning:
                ids.extend(row[0] for row in cursor.fetchall())
    finally:
        cursor.close()
    return ids
