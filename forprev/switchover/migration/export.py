"""Phase « export » (``export.csv``): the export's date, the run's « today ».

It dates what Forprev 1 does not (the accounts' « inscrit le », the revocations), so that every
run of the same export writes the same values. Without the file (it is optional), today's date
stands for it and the report says so.
"""

from django.utils import timezone
from django.utils.translation import gettext as _

from ..legacy.spec import EXPORT

FILE = EXPORT.name


def migrate_export(ctx) -> None:
    legacy = ctx.open(EXPORT)
    for record in legacy.records():
        if record.rejected:
            ctx.rejected_record(FILE, record, "")
        elif ctx.export_date is None:
            ctx.export_date = record.values["date_export"]
            ctx.migrated(FILE)
        else:
            ctx.outcome(
                FILE, record.line, "", "duplicate_id",
                _("Une seule date d'export est lue : celle de la première ligne."),
            )  # fmt: skip
    ctx.close(legacy)
    if ctx.export_date is None:
        ctx.export_date = timezone.localdate()
        ctx.files[FILE].problems.append(
            {
                "line": None,
                "message": _(
                    "%(file)s : date de l'export absente ; la date du jour (%(day)s) la remplace."
                )
                % {"file": FILE, "day": f"{ctx.export_date:%d/%m/%Y}"},
                "severity": "notice",
                "code": "export_date_missing",
            }
        )
