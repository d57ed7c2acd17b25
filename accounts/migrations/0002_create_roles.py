from django.db import migrations

ROLES = [
    (
        "social_worker",
        "Social worker",
        "Lead professional: records strategy discussions, requests conferences, writes reports, leads the core group.",
    ),
    (
        "team_manager",
        "Team manager",
        "Signs off strategy records and reports, chairs the first core group, signs off reasons for delay.",
    ),
    (
        "service_manager",
        "Service manager",
        "Agrees postponements, cancellations and ending a plan at the first review.",
    ),
    (
        "head_of_service",
        "Head of service",
        "Alerted when a child's plan is likely to pass two years.",
    ),
    (
        "conference_coordinator",
        "Conference coordinator",
        "Receives requests, allocates chairs, books, invites and circulates minutes.",
    ),
    (
        "chair",
        "Independent chair",
        "Reads reports, meets the family, chairs, finalises decisions and writes the rationale.",
    ),
    ("minute_taker", "Minute taker", "Records the conference."),
    (
        "qa_manager",
        "Quality assurance manager",
        "Oversees timeliness and Quality Assurance notifications.",
    ),
    (
        "agency_professional",
        "Agency professional",
        "Submits a report, attends, gives a view and a score, serves in the core group.",
    ),
    ("enquirer", "Enquirer", "Asks whether a child is subject to a child protection plan."),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for code, name, description in ROLES:
        Role.objects.update_or_create(
            code=code, defaults={"name": name, "description": description}
        )


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
