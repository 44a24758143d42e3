from django.db import migrations

from forprev.referentials.data import load_referentials


def seed(apps, schema_editor):
    load_referentials(
        apps.get_model("referentials", "Caisse"),
        apps.get_model("referentials", "Department"),
        apps.get_model("referentials", "Programme"),
        apps.get_model("referentials", "ProgrammeLevel"),
    )


class Migration(migrations.Migration):
    dependencies = [("referentials", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
