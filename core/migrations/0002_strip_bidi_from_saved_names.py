"""Names saved before the rule (issue 20) lose their bidirectional control characters too, so
every output is clean, not only what is saved from now on."""

from django.db import migrations

from core.names import strip_saved_names


def forwards(apps, schema_editor):
    strip_saved_names(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("accounts", "0003_enrolment_codes_and_lockout_notices"),
        ("children", "0003_census_details"),
        ("conferences", "0011_i18_merged"),
        ("plans", "0006_i17_merged_choices"),
        ("reports", "0005_merge_20261205_1711"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
