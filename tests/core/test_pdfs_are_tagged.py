"""Every PDF the service makes is PDF/UA and set in the shipped font (issue 24 items 1 and 5).

Each document (the family's and the child's letters, the draft outline plan, both copies of the
minutes, "My plan") is made as the service makes it and read back with pypdf, a library
independent of WeasyPrint: tagged (MarkInfo /Marked, a structure tree with headings and tables
with header cells), DisplayDocTitle, the language, its title, the PDF/UA identification, and no
font but Arimo from the project's own package, embedded. A child and a parent with Polish names
show that the shipped font covers the letters such names use. Last, the same document made where
the machine has no fonts at all comes out line for line the same. Synthetic people only."""

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from pypdf import PdfReader

from accounts.models import RoleCode
from children.models import Relationship
from conferences import letters
from conferences.models import Invitation, InviteeKind
from conferences.outline_plan import render_outline_plan
from core import pdf
from plans import my_plan, selectors
from plans.models import ChildProtectionPlan
from reports import services as report_services
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import decide_every_child, make_quorate, send_request
from tests.factories.reports import complete_minutes, held_conference
from tests.pdfs import font_names, pdf_text, structure_types

pytestmark = pytest.mark.django_db

SHIPPED_FONTS = {"Arimo", "Arimo-Bold", "Arimo-Italic", "Arimo-BoldItalic"}
CHILD = ("Zofia", "Wójcik-Łukasik")
MOTHER = ("Małgorzata", "Wójcik")


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def held(db):
    """A conference booked (the letters made), held and decided: a plan for Zofia, who is 9."""
    team = TeamFactory()
    worker = UserFactory(roles=[RoleCode.SOCIAL_WORKER], team=team, agency=team.agency)
    coordinator = UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR])
    chair = UserFactory(roles=[RoleCode.CHAIR], full_name="Chidi Chair")
    minute_taker = UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes")
    child = ChildFactory(
        legal_forename=CHILD[0],
        legal_surname=CHILD[1],
        date_of_birth=timezone.localdate().replace(year=timezone.localdate().year - 9, day=1),
        lead_social_worker=worker,
    )
    FamilyLinkFactory(
        child=child,
        person=PersonFactory(forename=MOTHER[0], surname=MOTHER[1]),
        relationship=Relationship.MOTHER,
    )
    ProfessionalInvolvementFactory(
        child=child, name="Hannah Visitor", email="hannah.visitor@health.example"
    )
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference, _ = held_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    make_quorate(conference, by=minute_taker)
    decide_every_child(
        conference,
        chair=chair,
        actions=[{"what": "Take Zofia to her health visitor", "who": "Małgorzata Wójcik"}],
        contingency_plan="Zofia stays with her grandmother.",
    )
    conference.refresh_from_db()
    conference.people = {"chair": chair, "coordinator": coordinator, "minute_taker": minute_taker}
    return conference


def _children(conference):
    return [link.child for link in conference.conference_children.all()]


def _family_letter(conference):
    invitation = Invitation.objects.get(
        conference=conference, kind=InviteeKind.FAMILY, name__contains=MOTHER[0]
    )
    with invitation.letter.open("rb") as handle:
        return handle.read()


def _child_letter(conference):
    children = _children(conference)
    return letters.render_child_letter(child=children[0], conference=conference, children=children)


def _outline_plan(conference):
    return render_outline_plan(conference.child_decisions.get())


def _minutes(conference, *, family):
    people = conference.people
    minutes = report_services.start_minutes(conference=conference, by=people["minute_taker"])
    complete_minutes(minutes=minutes, by=people["minute_taker"])
    report_services.submit_minutes_to_chair(minutes=minutes, by=people["minute_taker"])
    minutes = report_services.approve_minutes(minutes=minutes, by=people["chair"])
    report_services.circulate_minutes(minutes=minutes, by=people["coordinator"])
    copy = minutes.copies.filter(is_family_copy=family).first()
    assert copy is not None, "no copy of the minutes was made"
    with copy.pdf.open("rb") as handle:
        return handle.read()


def _my_plan(conference):
    plan = ChildProtectionPlan.objects.get(child__conference_links__conference=conference)
    statements, actions = selectors.my_plan_contents(plan)
    return my_plan.render_my_plan(plan=plan, statements=statements, actions=actions)


# (what, how it is made, the start of its title, a phrase its text shows)
DOCUMENTS = [
    (
        "family letter",
        _family_letter,
        "Invitation to a child protection conference (CPC-",
        "You are invited to a child protection conference about Zofia Wójcik-Łukasik",
    ),
    (
        "child's letter",
        _child_letter,
        "You are invited to a meeting about you (CPC-",
        "Dear Zofia",
    ),
    (
        "draft outline plan",
        _outline_plan,
        "Draft outline plan for Zofia Wójcik-Łukasik",
        "Take Zofia to her health visitor",
    ),
    (
        "minutes, family copy",
        lambda conference: _minutes(conference, family=True),
        "Minutes of the child protection conference (CPC-",
        "Family copy",
    ),
    (
        "minutes, professional copy",
        lambda conference: _minutes(conference, family=False),
        "Minutes of the child protection conference (CPC-",
        "Professional copy",
    ),
    ("My plan", _my_plan, "My plan: Zofia", "What we are worried about and what we want"),
]


@pytest.mark.real_letters
@pytest.mark.parametrize(
    ("make", "title", "phrase"),
    [pytest.param(make, title, phrase, id=what) for what, make, title, phrase in DOCUMENTS],
)
def test_every_pdf_is_tagged_pdf_ua_in_the_shipped_font(held, make, title, phrase):
    content = make(held)
    assert content.startswith(b"%PDF-1.7")
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]

    # Tagged, with the structure a screen reader navigates by.
    assert root["/MarkInfo"]["/Marked"].value is True
    assert "/StructTreeRoot" in root
    structure = structure_types(content)
    assert structure[0] == "Document"
    for element in ("H1", "H2", "P", "Table", "TR", "TH", "TD"):
        assert element in structure, f"no {element} in the tag tree"
    assert structure.index("H1") < structure.index("H2")

    # The title is shown instead of the file name, in the document's language.
    assert root["/ViewerPreferences"]["/DisplayDocTitle"].value is True
    assert root["/Lang"] == "en-GB"
    assert reader.metadata.title.startswith(title)
    xmp = root["/Metadata"].get_object().get_data()
    assert b"pdfuaid:part" in xmp and b"<dc:title>" in xmp

    # Set in the shipped font only, embedded: never a font of the machine's.
    used = font_names(content)
    assert used and used <= SHIPPED_FONTS, f"fonts other than Arimo: {used - SHIPPED_FONTS}"
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            descriptor = font.get_object()["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            assert "/FontFile2" in descriptor or "/FontFile3" in descriptor

    assert phrase in pdf_text(content)


def test_no_pdf_is_made_without_the_shipped_font(settings, tmp_path):
    """Without the font package the service says how to install it, rather than quietly setting
    the letters in whatever fonts the machine has."""
    settings.PDF_FONT_DIR = tmp_path
    with pytest.raises(ImproperlyConfigured, match="make install"):
        pdf.render_pdf("<html lang='en-GB'><title>T</title><p>x</p></html>")


def test_the_pdf_fetcher_hands_over_the_shipped_font_and_nothing_else():
    shipped = pdf.font_paths()[0]
    assert pdf.fetch_shipped_fonts_only(shipped.as_uri()).read()[:4] == b"\x00\x01\x00\x00"
    elsewhere = Path(settings.BASE_DIR / "manage.py")
    for url in (
        elsewhere.as_uri(),
        (shipped.parent / ".." / ".." / ".." / ".." / "manage.py").as_uri(),
        "http://fonts.example/Arimo.ttf",
    ):
        with pytest.raises(ValueError):
            pdf.fetch_shipped_fonts_only(url)


HEADING = "You are invited to a child protection conference about Amelia Jones and Noah Jones"
LAYOUT_PROBE = f"""
import io, django
django.setup()
from pypdf import PdfReader
from core.pdf import render_pdf
html = '<html lang="en-GB"><title>T</title><h1 style="font-size: 18pt">{HEADING}</h1>'
reader = PdfReader(io.BytesIO(render_pdf(html)))
print(repr(reader.pages[0].extract_text()))
"""


def test_the_machines_fonts_do_not_change_the_layout(tmp_path):
    """The same heading made here and where fontconfig knows no fonts at all breaks at the same
    places: nothing in a PDF comes from the machine's fonts."""
    empty = tmp_path / "fonts.conf"
    empty.write_text(
        '<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
        f"<fontconfig><cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"}
    environment.pop("FONTCONFIG_FILE", None)
    layouts = []
    for fontconfig in (None, empty):
        env = dict(environment, **({"FONTCONFIG_FILE": str(fontconfig)} if fontconfig else {}))
        result = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
            [sys.executable, "-c", LAYOUT_PROBE],
            cwd=settings.BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr[-2000:]
        layouts.append(result.stdout.strip().splitlines()[-1])
    assert layouts[0] == layouts[1]
    assert "Amelia Jones" in layouts[0]


WEASYPRINT_IMPORT = re.compile(r"^\s*(from|import) weasyprint", re.MULTILINE)


def test_only_core_pdf_calls_weasyprint():
    """One place makes PDFs, so none can skip the tagging or the shipped font."""
    callers = []
    for app in settings.BASE_DIR.iterdir():
        if not (app / "apps.py").is_file() and app.name != "config":
            continue
        for module in app.rglob("*.py"):
            text = module.read_text(encoding="utf-8")
            if WEASYPRINT_IMPORT.search(text) and module != settings.BASE_DIR / "core" / "pdf.py":
                callers.append(str(module.relative_to(settings.BASE_DIR)))
    assert callers == []
