"""The round trip (issue 23 item 2): the demo authority's census return, brought into an empty
database and exported again, is the same return apart from the header's date and time."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from accounts.models import Role, RoleCode
from children.models import Child
from returns.census import build_census
from returns.census_import.apply import import_census
from returns.xml import census_xml
from tests.factories.accounts import UserFactory
from tests.reference_data import ensure_reference_data

pytestmark = pytest.mark.django_db
REFERENCE_DATE = datetime.date(2026, 3, 31)


def test_the_demo_census_comes_back_the_same_after_an_import_into_an_empty_database():
    ensure_reference_data()
    for code, name in RoleCode.choices:
        Role.objects.get_or_create(code=code, defaults={"name": name})
    importer = UserFactory(roles=[RoleCode.QA_MANAGER])
    with transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        exported = census_xml(build_census(REFERENCE_DATE), now=timezone.now())
        transaction.set_rollback(True)  # back to an empty database
    assert not Child.objects.exists()
    assert exported.count(b"<Child>") > 5

    report = import_census(content=exported, by=importer, dry_run=False)

    assert report["totals"]["refused"] == 0, [
        c for c in report["children"] if c["outcome"] == "refused"
    ]
    again = census_xml(build_census(REFERENCE_DATE), now=timezone.now())
    assert again.decode().splitlines() == exported.decode().splitlines()
