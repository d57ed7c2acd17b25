"""Load GOV.UK's published England & Wales bank holidays into NonWorkingDay.

The file is a copy of the "england-and-wales" division of https://www.gov.uk/bank-holidays.json.
get_or_create on the date, so a day an admin has already entered or renamed is never overwritten.
Reversing leaves the rows: they may have been edited since, and the calendar needs them.
"""

import json
from datetime import date
from pathlib import Path

from django.db import migrations

DATA = Path(__file__).resolve().parent.parent / "data" / "bank-holidays-england-and-wales.json"


def load_bank_holidays(apps, schema_editor):
    NonWorkingDay = apps.get_model("timescales", "NonWorkingDay")
    events = json.loads(DATA.read_text(encoding="utf-8"))["events"]
    for event in events:
        name = event["title"]
        if event["notes"]:
            name = f"{name} ({event['notes'].lower()})"
        NonWorkingDay.objects.using(schema_editor.connection.alias).get_or_create(
            date=date.fromisoformat(event["date"]),
            defaults={"name": name[:200], "kind": "bank_holiday"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0003_default_policy"),
    ]

    operations = [
        migrations.RunPython(load_bank_holidays, migrations.RunPython.noop),
    ]
