"""python manage.py export_cin_census --reference-date 2026-03-31 --output cin.xml

Writes the child protection parts of the Children in Need census for the collection year ending
on the reference date, checks it against the schema (returns/schema/) and the DfE validation
error rules, and says what is wrong, child by child."""

import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from returns.census import build_census
from returns.validation import validate_census
from returns.xml import census_xml, schema_errors


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError as error:
        raise CommandError(
            f"--reference-date must be a date like 2026-03-31, not {value!r}"
        ) from error


class Command(BaseCommand):
    help = "Export the child protection parts of the DfE Children in Need census as XML."

    def add_arguments(self, parser):
        parser.add_argument("--reference-date", required=True, help="YYYY-MM-DD, normally 31 March")
        parser.add_argument("--output", required=True, help="The XML file to write")
        parser.add_argument(
            "--strict",
            action="store_true",
            help="Fail (exit status 1) when any DfE validation rule is broken",
        )

    def handle(self, *args, **options):
        reference_date = _date(options["reference_date"])
        census = build_census(reference_date)
        if not census.children:
            raise CommandError(
                f"No child had a Section 47 enquiry or a child protection plan between "
                f"{census.period_start.isoformat()} and {reference_date.isoformat()}: nothing to return."
            )
        document = census_xml(census)
        errors = schema_errors(document)
        if errors:
            raise CommandError("The return does not match the census schema:\n" + "\n".join(errors))
        Path(options["output"]).write_bytes(document)
        self.stdout.write(
            f"Wrote {len(census.children)} children for {census.period_start.isoformat()} to "
            f"{reference_date.isoformat()} to {options['output']} (schema-valid)."
        )
        for note in census.notes:
            self.stdout.write(f"Note: {note}")
        problems = validate_census(census)
        for problem in problems:
            self.stderr.write(f"Validation: {problem}")
        if problems and options["strict"]:
            raise CommandError(f"{len(problems)} DfE validation rules are broken.")
        if not problems:
            self.stdout.write(self.style.SUCCESS("No DfE validation rule is broken."))
