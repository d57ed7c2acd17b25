"""Conference.child_participation was one answer for all siblings: copy it to each child of the
conference (issue 21), before conferences removes the field."""

from django.db import migrations

# The old single answer, in the new per-child words (and a reason where the child did not).
MAPPING = {
    "attended": ("attended", ""),
    "advocate": ("advocate", ""),
    "in_writing": ("views_sent", ""),
    "social_worker": ("views_sent", ""),
    "too_young": ("did_not_take_part", "Too young to take part"),
    "did_not_take_part": ("did_not_take_part", "Not recorded (copied from the conference)"),
}


def copy_participation(apps, schema_editor):
    Conference = apps.get_model("conferences", "Conference")
    ConferenceChild = apps.get_model("conferences", "ConferenceChild")
    ChildVoice = apps.get_model("voice", "ChildVoice")
    answers = dict(
        Conference.objects.exclude(child_participation="").values_list("pk", "child_participation")
    )
    rows = []
    for link in ConferenceChild.objects.filter(conference_id__in=answers).only(
        "conference_id", "child_id"
    ):
        participation, reason = MAPPING.get(
            answers[link.conference_id], ("did_not_take_part", "Not recorded")
        )
        rows.append(
            ChildVoice(
                conference_id=link.conference_id,
                child_id=link.child_id,
                participation=participation,
                participation_reason=reason,
            )
        )
    ChildVoice.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("voice", "0001_i21_child_voice"),
        ("conferences", "0011_i18_merged"),
    ]

    operations = [migrations.RunPython(copy_participation, migrations.RunPython.noop)]
