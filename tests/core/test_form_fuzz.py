"""No input makes a 500 (issue 20 item 4): generated junk posted to every form in the service.

The forms are found, not listed: every page of the URL configuration is visited (GET) by each
user the access model lets see it, in the world of tests/core/url_access_world.py, and every
<form method="post"> on those pages is collected with the names of its fields, parsed from the
HTML. Each form is then posted, by the user who saw it, with values hypothesis generates: huge
numbers, negative numbers, unicode, empty strings, very long strings, and now and then one of
the options the page offered (so that junk gets past the choices and reaches the dates and
texts behind them). URLs that take a POST but whose form no page of the world shows are posted
with the names such forms use (GUESSED_FIELDS).

Asserted for every answer: it is not a 500 (the test client raises the view's exception, which
hypothesis then reports with the smallest example), and when it is the form again with errors
(a 200 with the error summary) no row of the service's own tables was added or removed: nothing
half-saved. Every example runs in a savepoint that is rolled back, so each starts from the same
world.
"""

import datetime
import logging
from collections import Counter
from urllib.parse import urlsplit

import lxml.html
import pytest
from django.apps import apps
from django.db import connection, transaction
from django.test import Client
from django.urls import Resolver404, resolve
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from accounts.models import RoleCode
from conferences import services as conference_services
from conferences.models import Conference
from tests.auth import login
from tests.core.test_url_access_by_role import ALL_URLS, EXPECTED, concrete_path
from tests.core.url_access_world import ANONYMOUS, NO_ROLE, VISITORS, World, build_world
from tests.factories.children import (
    ChildFactory,
    FamilyLinkFactory,
    ProfessionalInvolvementFactory,
    enquiries_needing_conference,
)
from tests.factories.conferences import (
    allocated_conference,
    booked_conference,
    send_invitations,
    send_request,
    working_day_at,
)
from tests.factories.voice import children_seen

pytestmark = pytest.mark.django_db

EXAMPLES_PER_FORM = 10
# Posting these ends the session: the forms after them would be posted signed out.
NOT_POSTED = {"sign-out", "sign-out-everywhere"}
# Sign-in and two-factor forms are covered by accounts' own tests (and changed by item 5).
NOT_POSTED_PREFIXES = ("/sign-in/", "/account/", "/two-factor/", "/admin/")
# Tables that a page may write to when it only shows something (who looked at a child, sign-in
# records, sessions), left out of the half-saved count.
# Bookkeeping, not records: who looked, sign-in attempts, and the form's one-time token (a form
# answered with errors releases its token, which stays as a row for a retry to take over).
NOT_COUNTED = {
    "ChildRecordView",
    "Session",
    "AccessLog",
    "AccessAttempt",
    "AccessFailureLog",
    "SubmissionToken",
}

HUGE = "99999999999999999999"
JUNK = st.one_of(
    st.just(""),
    st.sampled_from([HUGE, "-1", "0", "-99999999999999999999", "1e309", "NaN", "½", "٣", "²"]),
    st.integers().map(str),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.builds(lambda n: "x" * n, st.sampled_from([201, 5_001, 10_001, 100_000])),
    st.sampled_from(["\x00", "‮evil", "<script>alert(1)</script>", "' OR 1=1 --", "  "]),
)


def _project_models():
    return [
        model
        for model in apps.get_models()
        if model.__module__.split(".")[0]
        in {
            "accounts",
            "children",
            "conferences",
            "coreGroups",
            "enquiries",
            "plans",
            "reports",
            "returns",
            "timescales",
            "core",
        }
        and model.__name__ not in NOT_COUNTED
        and not model.__name__.startswith("Historical")
    ]


def _row_counts(models) -> Counter:
    """Every table's row count in one query (a hundred tables, before and after each post)."""
    quote = connection.ops.quote_name
    # The table names come from the models, never from input.
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(m._meta.db_table)})" for m in models)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    return Counter({model._meta.label: count for model, count in zip(models, row, strict=True)})


def _forms_on(html: bytes, page_path: str):
    """(action path, {field name: [offered values]}) for every POST form on a page."""
    try:
        document = lxml.html.fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return
    for form in document.forms:
        if (form.method or "GET").upper() != "POST":
            continue
        action = urlsplit(form.get("action") or page_path).path or page_path
        fields: dict[str, list[str]] = {}
        for element in form.inputs:
            name = element.get("name")
            if not name or name == "csrfmiddlewaretoken":
                continue
            offered = fields.setdefault(name, [])
            if element.tag == "select":
                offered.extend(o.get("value", o.text_content()) for o in element.iter("option"))
            elif element.get("value") is not None:
                offered.append(element.get("value"))
            elif element.tag == "textarea" and element.text:
                offered.append(element.text)
        yield action, fields


def build_stages(world) -> list[World]:
    """The world's child is past its conference; these children are at the earlier stages, so
    that the forms of asking for, booking and holding a conference are on a page too. Each
    stage is the world with its own child, request and conference, the same staff."""
    worker = world.user(RoleCode.SOCIAL_WORKER.value)
    coordinator = world.user(RoleCode.CONFERENCE_COORDINATOR.value)
    chair = world.user(RoleCode.CHAIR.value)
    minute_taker = world.user(RoleCode.MINUTE_TAKER.value)

    def child_with_network():
        child = ChildFactory(lead_social_worker=worker)
        FamilyLinkFactory(child=child)
        ProfessionalInvolvementFactory(child=child)
        return child

    def stage(**objects):
        return World(users=world.users, objects={**world.objects, **objects})

    # Enquiries concluded "conference needed", no request yet: the request form.
    child = child_with_network()
    enquiries = enquiries_needing_conference(by=worker, children=[child])
    stages = [stage(child=child, s47_enquiry=enquiries[0])]
    # A request waiting for its chair.
    child = child_with_network()
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    stages.append(stage(child=child, request=request))
    # Allocated, not booked: the booking form.
    child = child_with_network()
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = allocated_conference(request=request, coordinator=coordinator, chair=chair)
    stages.append(stage(child=child, request=request, conference=conference))
    # Booked and invited, days away: changing, postponing, cancelling, arrangements, replies.
    child = child_with_network()
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request, coordinator=coordinator, chair=chair, minute_taker=minute_taker
    )
    send_invitations(conference=conference, by=coordinator)
    invitation = conference.invitations.order_by("pk").first()
    stages.append(
        stage(
            child=child,
            request=request,
            conference=conference,
            invitation=invitation,
            family_invitation=conference.invitations.filter(kind="family").first() or invitation,
        )
    )
    # Started today, not decided: attendance, signs of safety, views, decisions, adjourning.
    child = child_with_network()
    request = send_request(
        by=worker, enquiries=enquiries_needing_conference(by=worker, children=[child])
    )
    conference = booked_conference(
        request=request,
        coordinator=coordinator,
        chair=chair,
        minute_taker=minute_taker,
        starts_at=working_day_at(6),  # not at the time of the other stage's booking
    )
    send_invitations(conference=conference, by=coordinator)
    # Later today, after the world's conference (the same chair may not chair two at once).
    now = timezone.now()
    Conference.objects.filter(pk=conference.pk).update(
        starts_at=now + datetime.timedelta(hours=2), ends_at=now + datetime.timedelta(hours=3)
    )
    conference.refresh_from_db()
    children_seen(conference)
    conference = conference_services.start_conference(conference=conference, by=chair)
    stages.append(stage(child=child, request=request, conference=conference))
    return stages


def _collect_forms(world, stages, clients):
    """Every POST form the pages show, each with the first visitor who saw it; at the stages,
    the conference pages only (the rest are the world's pages again). A URL's form with the
    same fields at another stage is posted once."""
    forms, seen, visited = {}, set(), set()
    _collect_from(world, clients, forms, seen, visited, prefix="")
    for stage in stages:
        _collect_from(stage, clients, forms, seen, visited, prefix="conferences:")
    postable, kinds = {}, set()
    for action, (visitor, fields) in sorted(forms.items()):
        url_name = _url_name(action)
        if url_name is None or url_name in NOT_POSTED or action.startswith(NOT_POSTED_PREFIXES):
            continue
        kind = (url_name, frozenset(fields))
        if kind not in kinds:
            kinds.add(kind)
            postable[action] = (visitor, fields)
    return postable


def _collect_from(world, clients, forms, seen, visited, prefix):
    for name, route in ALL_URLS:
        if name not in EXPECTED or not name.startswith(prefix):
            continue
        path = concrete_path(name, route, world)
        if path in visited:
            continue
        visited.add(path)
        for visitor, expected in zip(VISITORS, EXPECTED[name].split(), strict=True):
            if visitor in (ANONYMOUS, NO_ROLE) or expected not in ("200", "302", "405"):
                continue
            response = clients[visitor].get(path)
            if response.status_code == 405 or (
                response.status_code == 200
                and not response.streaming
                and "html" in response.get("Content-Type", "")
                and b"<form" not in response.content
            ):
                # A POST-only action, or a page without a form: posted as this visitor anyway.
                forms.setdefault(path, (visitor, {}))
            if response.status_code != 200 or response.streaming:
                continue
            for action, fields in _forms_on(response.content, path):
                key = (action, tuple(sorted(fields)))
                if key in seen:
                    continue
                seen.add(key)
                visitor_fields = forms.get(action, (visitor, {}))
                forms[action] = (visitor_fields[0], {**visitor_fields[1], **fields})


def _url_name(action: str) -> str | None:
    try:
        return resolve(action).view_name
    except Resolver404:
        return None


# Posted to a POST-only action whose form no page of the worlds shows: the names such forms use.
GUESSED_FIELDS = ("reason", "note", "explanation", "next", "date_day", "date_month", "date_year")


def _values(fields: dict[str, list[str]]):
    """A strategy for one posted body: for each field, junk or one of the offered values."""
    fields = fields or {name: [] for name in GUESSED_FIELDS}

    def one(offered):
        choices = [value for value in offered if value]
        return st.one_of(JUNK, st.sampled_from(choices)) if choices else JUNK

    return st.fixed_dictionaries(
        {name: one(offered) for name, offered in fields.items()},
    ).flatmap(
        # Sometimes a field is left out altogether, as an unticked box or a tampered form is.
        lambda body: st.sets(st.sampled_from(sorted(body)) if body else st.nothing()).map(
            lambda dropped: {k: v for k, v in body.items() if k not in dropped}
        )
    )


def _fuzz(action, visitor, client, fields, models, half_saved, failures):
    """Post generated bodies to one form, each in a savepoint rolled back afterwards."""

    @settings(
        max_examples=EXAMPLES_PER_FORM,
        deadline=None,
        database=None,
        # No shrinking: a failure is reported with the body that found it. Shrinking a 500 through
        # a whole request cycle takes many minutes, and the body is enough to reproduce it.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(body=_values(fields))
    def post_junk(body):
        with transaction.atomic():
            before = _row_counts(models)
            response = client.post(action, body)
            assert response.status_code != 500, f"{action} as {visitor}: 500 for {body!r}"
            if response.status_code == 200 and b"govuk-error-summary" in response.content:
                after = _row_counts(models)
                changed = {k: after[k] - before[k] for k in after if after[k] != before[k]}
                if changed:
                    half_saved.append(f"{action} as {visitor}: {changed} for {body!r}")
            transaction.set_rollback(True)

    try:
        post_junk()
    except Exception as error:  # a 500: the view's exception, with hypothesis's smallest body
        notes = "\n".join(getattr(error, "__notes__", []))
        failures.append(f"{action} as {visitor}: {type(error).__name__}: {error}\n{notes}")


def test_junk_posted_to_every_form_makes_no_500_and_saves_nothing_half(settings_override):
    world = build_world()
    clients = {}
    for visitor in VISITORS:
        if visitor not in (ANONYMOUS, NO_ROLE):
            clients[visitor] = login(Client(), world.user(visitor))
    models = _project_models()
    logging.disable(logging.WARNING)  # expected 403/404 warnings
    try:
        forms = _collect_forms(world, build_stages(world), clients)
        assert len(forms) > 40, f"Too few forms found to trust the walk: {sorted(forms)}"
        half_saved, failures = [], []
        for action, (visitor, fields) in sorted(forms.items()):
            _fuzz(action, visitor, clients[visitor], fields, models, half_saved, failures)
    finally:
        logging.disable(logging.NOTSET)
    assert not failures, f"{len(failures)} form(s) answered 500:\n" + "\n\n".join(failures)
    assert not half_saved, "Rows saved by a form answered with errors:\n" + "\n".join(
        sorted(set(half_saved))[:20]
    )


@pytest.fixture
def settings_override(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return settings


def test_the_form_parser_reads_names_options_and_actions():
    html = b"""<html><body>
      <form method="post" action="/x/?next=1"><input name="csrfmiddlewaretoken" value="t">
        <input name="held_on_day"><select name="agency"><option value="">Choose</option>
        <option value="7">Police</option></select><textarea name="reason">Hi</textarea>
        <input type="radio" name="kind" value="a"><input type="radio" name="kind" value="b">
      </form><form method="get" action="/search/"><input name="q"></form></body></html>"""
    ((action, fields),) = list(_forms_on(html, "/page/"))
    assert action == "/x/"
    assert fields == {
        "held_on_day": [],
        "agency": ["", "7"],
        "reason": ["Hi"],
        "kind": ["a", "b"],
    }


def test_a_bare_word_as_next_goes_back_to_the_default_page_not_a_500(settings_override):
    """Found by the fuzz: redirect() reversed a "next" with no "/" as a view name."""
    world = build_world()
    chair = login(Client(), world.user(RoleCode.CHAIR.value))
    report = world.objects["agency_report"]
    response = chair.post(f"/reports/agency/{report.pk}/read/", {"next": HUGE})
    assert response.status_code == 302
