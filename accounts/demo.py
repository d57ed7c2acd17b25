"""Demo people for a small, fictional authority. Every name comes from Faker's en_GB provider."""

from faker import Faker

from .models import Agency, AgencyKind, Role, RoleCode, Team, User

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105  documented in the README; demo data only

# (email, roles, team or agency key, job title)
DEMO_USERS = [
    ("social.worker@demo.example", [RoleCode.SOCIAL_WORKER], "assessment", "Social worker"),
    ("team.manager@demo.example", [RoleCode.TEAM_MANAGER], "assessment", "Team manager"),
    ("service.manager@demo.example", [RoleCode.SERVICE_MANAGER], "assessment", "Service manager"),
    ("head.of.service@demo.example", [RoleCode.HEAD_OF_SERVICE], "assessment", "Head of service"),
    (
        "coordinator@demo.example",
        [RoleCode.CONFERENCE_COORDINATOR],
        "qaru",
        "Conference coordinator",
    ),
    ("chair@demo.example", [RoleCode.CHAIR], "qaru", "Independent chair"),
    ("minute.taker@demo.example", [RoleCode.MINUTE_TAKER], "qaru", "Minute taker"),
    ("qa.manager@demo.example", [RoleCode.QA_MANAGER], "qaru", "Quality assurance manager"),
    ("health.visitor@demo.example", [RoleCode.AGENCY_PROFESSIONAL], "health", "Health visitor"),
    ("enquirer@demo.example", [RoleCode.ENQUIRER], "police", "Police public protection officer"),
    ("no.role@demo.example", [], "assessment", "New starter"),
]

LINE_MANAGERS = {
    "social.worker@demo.example": "team.manager@demo.example",
    "team.manager@demo.example": "service.manager@demo.example",
    "service.manager@demo.example": "head.of.service@demo.example",
    "coordinator@demo.example": "qa.manager@demo.example",
    "chair@demo.example": "qa.manager@demo.example",
    "minute.taker@demo.example": "qa.manager@demo.example",
    "qa.manager@demo.example": "head.of.service@demo.example",
}


def seed(fake: Faker) -> dict:
    council, _ = Agency.objects.get_or_create(
        name="Demo Borough Council Children's Services",
        defaults={"kind": AgencyKind.CHILDRENS_SOCIAL_CARE, "known_phone_number": "01632 960000"},
    )
    health, _ = Agency.objects.get_or_create(
        name="Demo Community Health NHS Trust",
        defaults={"kind": AgencyKind.HEALTH, "known_phone_number": "01632 960111"},
    )
    police, _ = Agency.objects.get_or_create(
        name="Demo Constabulary",
        defaults={"kind": AgencyKind.POLICE, "known_phone_number": "01632 960222"},
    )
    Agency.objects.get_or_create(
        name="Oakfield Primary School",
        defaults={"kind": AgencyKind.EDUCATION, "known_phone_number": "01632 960333"},
    )
    assessment, _ = Team.objects.get_or_create(
        name="Assessment Team North", defaults={"agency": council}
    )
    qaru, _ = Team.objects.get_or_create(
        name="Quality Assurance and Review Unit", defaults={"agency": council}
    )
    places = {
        "assessment": {"team": assessment, "agency": council},
        "qaru": {"team": qaru, "agency": council},
        "health": {"team": None, "agency": health},
        "police": {"team": None, "agency": police},
    }
    roles = {role.code: role for role in Role.objects.all()}
    users = {}
    for email, role_codes, place, job_title in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(
                email=email,
                password=DEMO_PASSWORD,
                full_name=fake.name(),
                job_title=job_title,
                phone=fake.phone_number(),
                **places[place],
            )
        user.roles.set([roles[code] for code in role_codes])
        users[email] = user
    for email, manager_email in LINE_MANAGERS.items():
        User.objects.filter(email=email).update(line_manager=users[manager_email])
    Team.objects.filter(pk=assessment.pk).update(manager=users["team.manager@demo.example"])
    Team.objects.filter(pk=qaru.pk).update(manager=users["qa.manager@demo.example"])
    return {"users": users, "teams": places}
