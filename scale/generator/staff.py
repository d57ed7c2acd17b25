"""The staff of the generated authority: social workers, managers, chairs, minute takers,
coordinators, QA managers and professionals in proportion to the children, with their teams,
agencies, roles and the chairs' rooms.

Uses `_max_id` (writer) and the Generator's `fake`, `target` and `summary`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.hashers import make_password

from accounts.models import Agency, AgencyKind, Role, RoleCode, Team, User
from conferences.models import Venue
from scale.generator.constants import SCALE_DOMAIN


@dataclass
class Staff:
    social_workers: list
    team_managers: list
    service_managers: list
    head: User
    chairs: list
    minute_takers: list
    venues: list
    coordinators: list
    qa_managers: list
    agencies: dict
    professionals: list


class StaffMaker:
    """Make the authority's staff once, before the first household."""

    def _make_staff(self) -> Staff:
        """People in proportion to the children: caseloads and chairs' diaries as a large
        authority has them (about 100 children over ten years per social worker)."""
        tag = self._max_id(User) + 1
        n = self.target
        password = make_password(None)
        council, _ = Agency.objects.get_or_create(
            name="Scale Borough Council Children's Services",
            defaults={
                "kind": AgencyKind.CHILDRENS_SOCIAL_CARE,
                "known_phone_number": "01632 960500",
            },
        )
        agencies = {"council": council}
        for key, name, kind in [
            ("health", "Scale Community Health NHS Trust", AgencyKind.HEALTH),
            ("police", "Scale Constabulary", AgencyKind.POLICE),
            ("school", "Scale Education Service", AgencyKind.EDUCATION),
        ]:
            agencies[key], _ = Agency.objects.get_or_create(name=name, defaults={"kind": kind})
        roles = {role.code: role for role in Role.objects.all()}
        users: list[User] = []
        user_roles: list[tuple[User, str]] = []

        def person(role, job, team=None, agency=council, manager=None):
            number = len(users)
            user = User(
                email=f"{role.replace('_', '.')}.{tag}.{number}@{SCALE_DOMAIN}",
                full_name=self.fake.name(),
                job_title=job,
                team=team,
                agency=agency,
                line_manager=manager,
                password=password,
            )
            users.append(user)
            user_roles.append((user, role))
            return user

        def team(name):
            team, _ = Team.objects.get_or_create(
                name=f"{name} ({tag})", defaults={"agency": council}
            )
            return team

        qaru = team("Scale Quality Assurance and Review Unit")
        head = person(RoleCode.HEAD_OF_SERVICE, "Head of service")
        User.objects.bulk_create(users)
        qa_managers = [
            person(RoleCode.QA_MANAGER, "QA manager", qaru, manager=head)
            for _ in range(1 + n // 50_000)
        ]
        service_managers = [
            person(RoleCode.SERVICE_MANAGER, "Service manager", manager=head)
            for _ in range(max(1, n // 4000))
        ]
        User.objects.bulk_create(users[1:])
        saved = len(users)
        social_workers, team_managers = [], []
        for number in range(max(1, n // 800)):
            area = team(f"Scale Safeguarding Team {number + 1}")
            manager = person(
                RoleCode.TEAM_MANAGER,
                "Team manager",
                area,
                manager=service_managers[number % len(service_managers)],
            )
            team_managers.append(manager)
        User.objects.bulk_create(users[saved:])
        saved = len(users)
        for number in range(max(4, n // 100)):
            manager = team_managers[number % len(team_managers)]
            social_workers.append(
                person(RoleCode.SOCIAL_WORKER, "Social worker", manager.team, manager=manager)
            )
        chairs = [
            person(RoleCode.CHAIR, "Independent chair", qaru, manager=qa_managers[0])
            for _ in range(max(2, n // 1500))
        ]
        minute_takers = [
            person(RoleCode.MINUTE_TAKER, "Minute taker", qaru, manager=qa_managers[0])
            for _ in chairs
        ]
        coordinators = [
            person(
                RoleCode.CONFERENCE_COORDINATOR,
                "Conference coordinator",
                qaru,
                manager=qa_managers[0],
            )
            for _ in range(1 + n // 20_000)
        ]
        professionals = [
            person(RoleCode.AGENCY_PROFESSIONAL, "Health visitor", None, agencies["health"])
            for _ in range(max(2, n // 500))
        ]
        User.objects.bulk_create(users[saved:])
        for area in {m.team for m in team_managers}:
            Team.objects.filter(pk=area.pk).update(
                manager=next(m for m in team_managers if m.team == area)
            )
        User.roles.through.objects.bulk_create(
            [
                User.roles.through(user_id=user.pk, role_id=roles[code].pk)
                for user, code in user_roles
            ]
        )
        venues = Venue.objects.bulk_create(
            [
                Venue(name=f"Room {number + 1}, Scale Civic Centre ({tag})", address="Civic Centre")
                for number in range(len(chairs))
            ]
        )
        self.summary.rows[User] += len(users)
        return Staff(
            social_workers=social_workers,
            team_managers=team_managers,
            service_managers=service_managers,
            head=head,
            chairs=chairs,
            minute_takers=minute_takers,
            venues=venues,
            coordinators=coordinators,
            qa_managers=qa_managers,
            agencies=agencies,
            professionals=professionals,
        )
