"""Adding a child twice by a double click or a retried POST makes one child, and both answers go
to it (issue 20 item 3, ADR 49)."""

import pytest

from children.models import Child
from tests.auth import login
from tests.double_submissions import post_twice_at_once, with_token
from tests.services import require_postgres

from .test_child_record import post_data


@pytest.mark.django_db(transaction=True)
def test_two_identical_add_a_child_posts_at_once_make_one_child(social_worker):
    require_postgres()
    responses = post_twice_at_once(social_worker, "/children/new/", with_token(post_data()))
    child = Child.objects.get()
    assert [response.status_code for response in responses] == [302, 302]
    assert {response["Location"] for response in responses} == {f"/children/{child.pk}/"}


@pytest.mark.django_db
def test_a_retried_add_a_child_post_goes_to_the_child_the_first_made(client, social_worker):
    login(client, social_worker)
    data = with_token(post_data())
    first = client.post("/children/new/", data)
    retried = client.post("/children/new/", data)
    child = Child.objects.get()
    assert first["Location"] == retried["Location"] == f"/children/{child.pk}/"


@pytest.mark.django_db
def test_two_forms_with_their_own_tokens_add_two_children(client, social_worker):
    """The token stops a repeat, not a second child added on purpose (a fresh form each time)."""
    login(client, social_worker)
    client.post("/children/new/", with_token(post_data(legal_forename="Amelia")))
    client.post("/children/new/", with_token(post_data(legal_forename="Beatrice")))
    assert Child.objects.count() == 2
