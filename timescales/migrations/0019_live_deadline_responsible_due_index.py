"""Each person's live deadlines, soonest first (issue 25): "Your deadlines" on the work list read
them through a bitmap AND of every live deadline and the person's. A partial btree index over
the few live rows only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0018_live_deadline_child_due_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "breached"))),
                fields=["responsible", "due_at", "id"],
                name="live_deadline_responsible_due",
            ),
        ),
    ]
