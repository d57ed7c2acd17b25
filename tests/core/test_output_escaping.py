"""Hostile names render harmlessly everywhere (issue 9 part 5): in HTML, in CSV downloads and in
the PDFs WeasyPrint makes.

A child is recorded with the legal forename `<script>alert(1)</script>` and the surname
`"><img src=x onerror=alert(1)>`; their mother is `=HYPERLINK(...)` `<b>bold</b>`, their father's
forename is an `<img src="http://...">` tag, their health visitor is `+SUM(1,2)` and so is the
conference's chair. Everything is made through the services (deadlines, QANs, letters, minutes and
the outline plan are the real ones), then every page that shows these people is fetched as someone
allowed to see it:

- HTML: the raw tags never appear, their escaped forms do;
- CSV (the timescales dashboard download, the project's only CSV writer, which goes through
  core.csv): every cell starting with =, +, -, @ is prefixed with an apostrophe;
- PDF (the family invitation letter, the outline plan, the minutes): the extracted text holds the
  names with their angle brackets, as characters (WeasyPrint did not read them as markup), and
  rendering fetched nothing from the network.
"""

import contextlib
import csv
import io
import socket
from unittest import mock

import pytest

from accounts.models import RoleCode
from children.models import Relationship
from conferences.models import Invitation, InviteeKind
from plans.models import ChildProtectionPlan
from reports import services as report_services
from tests.auth import login
from tests.factories.accounts import TeamFactory, UserFactory
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    PersonFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
    synthetic_nhs_number,
)
from tests.factories.conferences import (
    decide_every_child,
    make_quorate,
    send_request,
)
from tests.factories.reports import complete_minutes, held_conference
from tests.pdfs import pdf_text
from timescales import services as timescale_services

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert(1)</script>"
IMG = '"><img src=x onerror=alert(1)>'
HYPERLINK = '=HYPERLINK("http://evil.example","x")'
BOLD = "<b>bold</b>"
FETCHING_IMG = '<img src="http://evil.example/track.png">'
SUM = "+SUM(1,2)"
TEAM = "@Team(1)"

INJECTED = '<p>x</p><img src="http://evil.example/track.png">'

SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
IMG_ESCAPED = "&lt;img src=x onerror=alert(1)&gt;"
BOLD_ESCAPED = "&lt;b&gt;bold&lt;/b&gt;"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def people(db):
    team = TeamFactory(name=TEAM)
    manager = UserFactory(
        roles=[RoleCode.TEAM_MANAGER], team=team, agency=team.agency, full_name="Tess Manager"
    )
    worker = UserFactory(
        roles=[RoleCode.SOCIAL_WORKER],
        team=team,
        agency=team.agency,
        line_manager=manager,
        full_name="-Sam Worker",
    )
    return {
        "manager": manager,
        "worker": worker,
        "coordinator": UserFactory(roles=[RoleCode.CONFERENCE_COORDINATOR]),
        "chair": UserFactory(roles=[RoleCode.CHAIR], full_name=SUM),
        "minute_taker": UserFactory(roles=[RoleCode.MINUTE_TAKER], full_name="Mina Minutes"),
        "qa": UserFactory(roles=[RoleCode.QA_MANAGER]),
    }


@pytest.fixture
def child(people):
    child = ChildFactory(
        legal_forename=SCRIPT,
        legal_surname=IMG,
        nhs_number=synthetic_nhs_number(),
        lead_social_worker=people["worker"],
    )
    mother = PersonFactory(forename=HYPERLINK, surname=BOLD)
    father = PersonFactory(forename=FETCHING_IMG, surname="Jones")
    FamilyLinkFactory(child=child, person=mother, relationship=Relationship.MOTHER)
    FamilyLinkFactory(child=child, person=father, relationship=Relationship.FATHER)
    ProfessionalInvolvementFactory(child=child, name=SUM)
    return child


@pytest.fixture
def conference_request(people, child):
    enquiries = enquiries_needing_conference(by=people["worker"], children=[child])
    return send_request(by=people["worker"], enquiries=enquiries)


@pytest.fixture
def held(people, conference_request):
    """Booked (letters made), invited, started, quorate and decided: a plan, an outline plan."""
    conference, _ = held_conference(
        request=conference_request,
        coordinator=people["coordinator"],
        chair=people["chair"],
        minute_taker=people["minute_taker"],
    )
    make_quorate(conference, by=people["minute_taker"])
    decide_every_child(
        conference,
        chair=people["chair"],
        actions=[{"what": f"Keep {SCRIPT} safe", "who": SUM}],
        contingency_plan=f"If {BOLD} happens, call {HYPERLINK}.",
    )
    conference.refresh_from_db()
    return conference


def assert_escaped(response, *, expect_child=True):
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    for raw in (SCRIPT, "<img src=x", BOLD, '<img src="http://evil', "<b>bold"):
        assert raw not in html, f"{raw!r} is in the page unescaped"
    if expect_child:
        assert SCRIPT_ESCAPED in html
    return html


@contextlib.contextmanager
def no_network():
    """Record (and refuse) every attempt to open a network connection."""
    attempts = []

    def refuse(self, address, *args, **kwargs):
        attempts.append(address)
        raise OSError("no network in tests")

    with (
        mock.patch.object(socket.socket, "connect", refuse),
        mock.patch.object(
            socket, "create_connection", lambda address, *a, **k: refuse(None, address)
        ),
    ):
        yield attempts


def assert_pdf_shows_names_as_text(content: bytes, *names: str):
    assert content.startswith(b"%PDF")
    text = pdf_text(content)
    for name in names:
        assert name in text, f"{name!r} is not in the PDF's text"
    # WeasyPrint drew the tags as characters: nothing was taken as markup and swallowed.
    assert "alert(1)" in text


# --- HTML pages -------------------------------------------------------------------------------


def test_the_childs_page_and_search_escape_every_name(client, people, child):
    login(client, people["worker"])
    html = assert_escaped(client.get(f"/children/{child.pk}/"))
    assert IMG_ESCAPED in html and BOLD_ESCAPED in html
    assert "&lt;img src=&quot;http://evil.example/track.png&quot;&gt;" in html
    assert SUM in html and "HYPERLINK(&quot;http://evil.example&quot;" in html
    html = assert_escaped(client.get("/children/", {"q": child.nhs_number}))
    assert IMG_ESCAPED in html


def test_the_request_and_the_queue_escape_the_childs_name(client, people, conference_request):
    login(client, people["worker"])
    assert_escaped(client.get(f"/conferences/requests/{conference_request.pk}/"))
    login(client, people["coordinator"])
    assert_escaped(client.get("/conferences/requests/"))
    assert_escaped(client.get(f"/conferences/requests/{conference_request.pk}/"))


def test_conference_invitations_reports_decision_and_minutes_pages_escape(client, people, held):
    child = held.conference_children.get().child
    login(client, people["coordinator"])
    for path in (
        f"/conferences/{held.pk}/",
        f"/conferences/{held.pk}/invitations/",
        f"/reports/conferences/{held.pk}/",
        f"/conferences/{held.pk}/attendance/",
        "/conferences/",
    ):
        html = assert_escaped(client.get(path))
    assert BOLD_ESCAPED in assert_escaped(client.get(f"/conferences/{held.pk}/invitations/"))
    login(client, people["chair"])
    for path in (
        f"/conferences/{held.pk}/decision/",
        f"/conferences/{held.pk}/decision/{child.pk}/",
        "/reports/chair/",
    ):
        html = assert_escaped(client.get(path), expect_child=path != "/reports/chair/")
    assert html  # the chair's list may show only conferences still to come


def test_the_plan_page_escapes(client, people, held):
    plan = ChildProtectionPlan.objects.get(child__conference_links__conference=held)
    login(client, people["worker"])
    html = assert_escaped(client.get(f"/plans/{plan.pk}/"))
    assert f"Keep {SCRIPT_ESCAPED} safe" in html


def test_the_dashboard_qan_inbox_and_csv_neutralise_names(client, people, child, held):
    deadline = child.deadlines.first() if hasattr(child, "deadlines") else None
    timescale_services.raise_qan(
        kind="late_request",
        description=f"Late for {SCRIPT} and {HYPERLINK}",
        responsible=people["worker"],
        child=child,
        deadline=deadline,
    )
    login(client, people["manager"])
    assert_escaped(client.get("/timescales/dashboard/", {"show": "all"}), expect_child=False)
    assert_escaped(client.get("/timescales/qans/"))

    response = client.get("/timescales/dashboard/download/", {"show": "all"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    cells = [cell for row in rows for cell in row]
    assert rows[1:], "the download has no rows"
    dangerous = [cell for cell in cells if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == [], f"formula cells not neutralised: {dangerous}"
    assert any(cell == f"'{TEAM}" for cell in cells)
    assert any(cell == "'-Sam Worker" for cell in cells)
    assert any(SCRIPT in cell for cell in cells)  # CSV is text: the name is kept as it is


# --- PDFs ---------------------------------------------------------------------------------------


@pytest.mark.real_letters
def test_the_family_letter_shows_the_names_as_text(people, held):
    mother = Invitation.objects.get(conference=held, kind=InviteeKind.FAMILY, name__contains=BOLD)
    with mother.letter.open("rb") as handle:
        content = handle.read()
    assert_pdf_shows_names_as_text(content, SCRIPT, BOLD, "onerror=alert(1)")


def test_the_family_letter_fetches_nothing_for_an_image_tag_in_a_name(people, held):
    """The father's name is an <img> tag pointing at the network: the letter is rendered again
    with the PDFs' fetcher watched; it is asked for the shipped font files and nothing else, and
    the tag is text."""
    from conferences import letters
    from core import pdf

    father = Invitation.objects.get(conference=held, kind=InviteeKind.FAMILY, name__contains="img")
    children = [link.child for link in held.conference_children.all()]
    with (
        no_network() as connections,
        mock.patch.object(
            pdf, "fetch_shipped_fonts_only", wraps=pdf.fetch_shipped_fonts_only
        ) as fetching,
    ):
        fetching._fail_on_errors = False
        content = letters.render_family_letter(
            invitation=father, conference=held, children=children
        )
    assert connections == []
    asked = [call.args[0] for call in fetching.call_args_list]
    assert asked, "the letter was not rendered through core.pdf's fetcher"
    # The tag is escaped text: nothing but the font was fetched.
    assert [url for url in asked if not pdf._is_shipped_font(url)] == []
    assert_pdf_shows_names_as_text(content, FETCHING_IMG, SCRIPT)


def test_an_injected_fetch_would_be_refused():
    """If markup ever did reach WeasyPrint, the PDFs' fetcher refuses the network, and any file
    but the shipped font."""
    from core import pdf

    asked = []

    def watching(url, *args, **kwargs):
        asked.append(url)
        return pdf.fetch_shipped_fonts_only(url, *args, **kwargs)

    watching._fail_on_errors = False
    with no_network() as connections, mock.patch.object(pdf, "fetch_shipped_fonts_only", watching):
        content = pdf.render_pdf(INJECTED)
    assert content.startswith(b"%PDF")  # the refused image is left out, the rest renders
    assert "http://evil.example/track.png" in asked  # WeasyPrint asked the PDFs' fetcher
    assert connections == []  # which refused: nothing reached the network
    for url in ("http://evil.example/track.png", "file:///etc/passwd", "data:text/plain,x"):
        with pytest.raises(ValueError):
            pdf.fetch_shipped_fonts_only(url)


def test_the_outline_plan_shows_the_names_as_text(client, people, held):
    child = held.conference_children.get().child
    login(client, people["worker"])
    response = client.get(f"/conferences/{held.pk}/decision/{child.pk}/outline-plan.pdf")
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    assert_pdf_shows_names_as_text(content, SCRIPT, f"Keep {SCRIPT} safe", BOLD)


def test_the_minutes_pdfs_show_the_names_as_text(people, held):
    minutes = report_services.start_minutes(conference=held, by=people["minute_taker"])
    complete_minutes(minutes=minutes, by=people["minute_taker"], slot_text=f"About {BOLD}")
    report_services.submit_minutes_to_chair(minutes=minutes, by=people["minute_taker"])
    minutes = report_services.approve_minutes(minutes=minutes, by=people["chair"])
    report_services.circulate_minutes(minutes=minutes, by=people["coordinator"])
    copies = list(minutes.copies.all())
    assert copies
    for copy in copies:
        with copy.pdf.open("rb") as handle:
            content = handle.read()
        assert_pdf_shows_names_as_text(content, SCRIPT)
