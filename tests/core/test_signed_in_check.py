"""The benchmark's floor page (issue 25, ADR 70): the base layout after one indexed query, for
anyone signed in, through the same middleware as every other page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.auth import login

pytestmark = pytest.mark.django_db


def test_it_names_the_signed_in_user_in_the_base_layout(client, social_worker):
    login(client, social_worker)
    response = client.get("/signed-in-check/")
    assert response.status_code == 200
    body = response.content.decode()
    assert f"You are signed in as {social_worker.full_name}" in body
    assert 'id="main-content"' in body  # the base layout
    assert "<title>Check you are signed in – " in body


def test_it_asks_sign_in_of_a_visitor(client):
    response = client.get("/signed-in-check/")
    assert response.status_code == 302
    assert "/sign-in/" in response["Location"]


def test_the_view_itself_makes_one_query_by_primary_key(client, social_worker):
    login(client, social_worker)
    client.get("/signed-in-check/")  # the session and the user's roles are loaded once per request
    with CaptureQueriesContext(connection) as queries:
        client.get("/signed-in-check/")
    by_pk = [
        q["sql"]
        for q in queries
        if '"accounts_user"."last_login"' in q["sql"] and '"password"' not in q["sql"]
    ]
    assert len(by_pk) == 1
    assert '"accounts_user"."id" =' in by_pk[0]
    assert len(queries) <= 6  # session, user, roles, the page's one query and the navigation
