"""Issue 20 item 2: emails carry a reference and a link, not a child's name; plain-text emails
are not HTML-escaped (O'Brien stays O'Brien); bidirectional controls are stripped from names
when saved and wherever shown."""

import pytest
from django.core import mail
from django.db import transaction
from django.template import Context, Template

from core.models import OutboxEmail
from core.text import strip_bidi
from tests.factories.accounts import UserFactory
from tests.factories.children import ChildFactory, PersonFactory
from timescales import services as timescale_services
from timescales.models import QanKind

pytestmark = pytest.mark.django_db
RLO, LRI, PDI, LRM = "\u202e", "\u2066", "\u2069", "\u200e"


@pytest.fixture
def household(db):
    return {
        "amelia": ChildFactory(legal_forename="Amelia", legal_surname="Jones"),
        "mother": PersonFactory(forename="Sarah", surname="Jones"),
    }


def test_strip_bidi_removes_every_override_isolate_and_mark():
    controls = "".join(chr(c) for c in [*range(0x202A, 0x202F), *range(0x2066, 0x206A)])
    assert strip_bidi(f"{controls}Amelia\u200e\u200f Jones") == "Amelia Jones"
    assert strip_bidi("Zoë O'Brien-Nwosu") == "Zoë O'Brien-Nwosu"  # letters are kept
    assert strip_bidi(None) is None


def test_names_are_saved_without_bidi_controls(household):
    amelia = household["amelia"]
    amelia.legal_forename = f"{RLO}Amelia"
    amelia.known_as = f"{LRI}Millie{PDI}"
    amelia.save()
    amelia.refresh_from_db()
    assert (amelia.legal_forename, amelia.known_as) == ("Amelia", "Millie")
    assert amelia.history.first().legal_forename == "Amelia"
    user = UserFactory(full_name=f"Pat{LRM} {RLO}Smith")
    user.refresh_from_db()
    assert user.full_name == "Pat Smith"
    mother = household["mother"]
    mother.surname = f"{RLO}Jones"
    mother.save()
    mother.refresh_from_db()
    assert mother.surname == "Jones"


def test_a_name_stored_with_controls_by_a_bulk_write_is_shown_without(household):
    from children.models import Child

    Child.objects.filter(pk=household["amelia"].pk).update(legal_surname=f"{RLO}Jones")
    amelia = Child.objects.get(pk=household["amelia"].pk)
    assert amelia.legal_name == "Amelia Jones"
    rendered = Template("{% load govuk %}{{ name|strip_bidi }}").render(
        Context({"name": f"{RLO}Jones"})
    )
    assert rendered == "Jones"


def test_names_saved_before_the_rule_are_cleaned_by_the_migration(household):
    from django.apps import apps

    from children.models import Child, Person
    from core.names import strip_saved_names

    Child.objects.filter(pk=household["amelia"].pk).update(legal_surname=f"{RLO}Jones")
    Person.objects.filter(pk=household["mother"].pk).update(forename=f"Sa{RLO}rah")
    assert strip_saved_names(apps) == 2
    assert Child.objects.get(pk=household["amelia"].pk).legal_surname == "Jones"
    assert Person.objects.get(pk=household["mother"].pk).forename == "Sarah"
    assert strip_saved_names(apps) == 0  # only rows that hold a control are written


def test_a_plain_text_email_is_not_html_escaped_and_has_no_controls(
    coordinator, django_capture_on_commit_callbacks
):
    manager = UserFactory(full_name=f"Siobhán O'Brien {RLO}<QA>", email="sob@example.gov.uk")
    manager.full_name = f"Siobhán O'Brien {RLO}<QA>"  # as a bulk write might have left it
    with django_capture_on_commit_callbacks(execute=True):
        qan = timescale_services.raise_qan(
            kind=QanKind.POSTPONED,
            description="Postponed.",
            responsible=coordinator,
            addressed_to=manager,
        )
    [email] = mail.outbox
    assert "Dear Siobhán O'Brien <QA>," in email.body
    assert "&#x27;" not in email.body and "&lt;" not in email.body and RLO not in email.body
    assert qan.reference in email.subject


def test_the_qan_and_reminder_emails_give_the_childs_reference_not_name(
    household, coordinator, service_manager, django_capture_on_commit_callbacks
):
    amelia = household["amelia"]
    with django_capture_on_commit_callbacks(execute=True):
        timescale_services.raise_qan(
            kind=QanKind.POSTPONED,
            description=f"The conference for {amelia.legal_name} was postponed.",
            responsible=coordinator,
            addressed_to=service_manager,
            child=amelia,
        )
    [email] = mail.outbox
    assert "Amelia" not in email.subject + email.body and "Jones" not in email.body
    assert f"Child: reference {amelia.reference}" in email.body


def test_an_email_queued_with_controls_in_it_is_stored_and_sent_without(
    django_capture_on_commit_callbacks,
):
    from django.core.mail import EmailMessage

    from core import outbox

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outbox.queue_email(
            EmailMessage(f"About {RLO}txt.exe", f"Dear {LRI}Pat{PDI}", "a@x.gov.uk", ["b@x.org"]),
            kind="test",
        )
    row = OutboxEmail.objects.get()
    assert (row.subject, row.body) == ("About txt.exe", "Dear Pat")
    assert mail.outbox[0].subject == "About txt.exe"


def test_csv_downloads_strip_bidi_controls_before_neutralising_formulas():
    from core.csv import safe_cell

    assert safe_cell(f"{RLO}Jones") == "Jones"
    assert safe_cell(f"{RLO}=HYPERLINK(1)") == "'=HYPERLINK(1)"
