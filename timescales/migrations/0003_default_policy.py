"""Seed the default timescale policy (see timescales/policy_defaults.py). Never overwrites a value."""

from django.db import migrations

from timescales.policy_defaults import DEFAULTS, ensure_rule


def seed_policy(apps, schema_editor):
    TimescalePolicy = apps.get_model("timescales", "TimescalePolicy")
    for rule, *_ in DEFAULTS:
        ensure_rule(TimescalePolicy, rule)


class Migration(migrations.Migration):
    dependencies = [("timescales", "0002_deadlines_policy_and_qans")]
    operations = [migrations.RunPython(seed_policy, migrations.RunPython.noop)]
