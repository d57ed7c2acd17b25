"""python manage.py import_cin_census FILE.xml [--dry-run] [--by EMAIL]

Brings a DfE Children in Need census return into the service (issue 23, ADR 66): children,
Section 47 enquiries, initial and review conferences, child protection plans, Child in Need
plans and assessments, keyed on the authority's child ID. Says per child what was created,
updated, left alone or refused and why. With --dry-run nothing is saved. History records the
user named by --by (default: the first active QA manager)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import RoleCode, User
from returns.census_import.apply import import_census
from returns.census_import.parse import CensusFileError
from returns.census_import.report import summary_lines


class Command(BaseCommand):
    help = "Bring a DfE Children in Need census return (XML) into the service."

    def add_arguments(self, parser):
        parser.add_argument("file", help="The census return (XML)")
        parser.add_argument("--dry-run", action="store_true", help="Report only; save nothing")
        parser.add_argument("--by", help="Email of the user the history records (a QA manager)")

    def _user(self, email):
        users = User.objects.filter(is_active=True)
        if email:
            user = users.filter(email__iexact=email).first()
            if user is None:
                raise CommandError(f"There is no active user with the email {email}")
            return user
        user = users.filter(roles__code=RoleCode.QA_MANAGER).order_by("pk").first()
        if user is None:
            raise CommandError("Name the importing user with --by EMAIL (no QA manager found)")
        return user

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            content = path.read_bytes()
        except OSError as error:
            raise CommandError(f"Cannot read {path}: {error.strerror}") from error
        user = self._user(options["by"])
        try:
            report = import_census(content=content, by=user, dry_run=options["dry_run"])
        except CensusFileError as error:
            raise CommandError(str(error)) from error
        for line in summary_lines(report):
            self.stdout.write(line)
