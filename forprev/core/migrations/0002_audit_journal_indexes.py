"""Indexes for the « Journal des modifications » (django-auditlog's table): newest first, alone
or within one kind of object, one author or one action. Plain SQL accepted by SQLite and
PostgreSQL; the table belongs to django-auditlog, so the indexes are declared here."""

from django.db import migrations

INDEXES = {
    "audit_journal_order_idx": "(timestamp, id)",
    "audit_journal_type_idx": "(content_type_id, timestamp, id)",
    "audit_journal_actor_idx": "(actor_id, timestamp, id)",
    "audit_journal_action_idx": "(action, timestamp, id)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_job_run"),
        ("auditlog", "0017_add_actor_email"),
    ]

    operations = [
        migrations.RunSQL(
            sql=f"CREATE INDEX IF NOT EXISTS {name} ON auditlog_logentry {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
