"""The database restarts while users are signed in (issue 20): the connection the web process kept
is dead; the next request notices (CONN_HEALTH_CHECKS), opens a new one, and the user is still
signed in (sessions are in the database, which kept them)."""

import psycopg
import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory

from tests.services import require_postgres


def test_kept_connections_are_health_checked():
    database = settings.DATABASES["default"]
    assert database["CONN_HEALTH_CHECKS"] is True
    assert database["CONN_MAX_AGE"] > 0  # kept between requests, so it must be checked


def serve(path: str, cookies) -> tuple[str, str]:
    """One request through Django's own WSGI handler, as gunicorn makes it: unlike the test
    client it sends request_started/finished, where Django checks and recycles connections."""
    environ = RequestFactory().get(path, HTTP_COOKIE=cookies.output(header="", sep=";")).environ
    statuses = []
    response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
    try:
        body = b"".join(response).decode()
    finally:
        response.close()  # request_finished
    return statuses[0], body


@pytest.mark.django_db(transaction=True)
def test_after_the_database_drops_every_connection_the_next_request_succeeds(client, make_user):
    require_postgres()
    user = make_user("social_worker", full_name="Sam Signedin")
    client.force_login(user)
    status, body = serve("/", client.cookies)
    assert status.startswith("200") and "Sam Signedin" in body
    assert connection.connection is not None  # kept for the next request (CONN_MAX_AGE)
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        [pid] = cursor.fetchone()

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    with psycopg.connect(**params, autocommit=True) as other:  # as a restart does
        other.execute("SELECT pg_terminate_backend(%s)", [pid])

    status, body = serve("/", client.cookies)
    assert status.startswith("200") and "Sam Signedin" in body  # still signed in
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        assert cursor.fetchone()[0] != pid  # a new connection
