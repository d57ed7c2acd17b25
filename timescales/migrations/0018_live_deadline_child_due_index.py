"""Each child's live deadlines, soonest first (issue 25): the social worker's work list orders
their children by the next one. A partial btree index over the few live rows only."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("timescales", "0017_i22_contextual_safeguarding_rules"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="deadline",
            index=models.Index(
                condition=models.Q(("status__in", ("open", "breached"))),
                fields=["child", "due_at", "id"],
                name="live_deadline_child_due",
            ),
        ),
    ]
