"""save_posted_form, the one way a form page runs its service action."""

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from core.errors import DomainError
from core.view_helpers import Saved, save_posted_form


class NameForm(forms.Form):
    name = forms.CharField()


def _request(method="post", data=None):
    request = getattr(RequestFactory(), method)("/", data or {})
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def test_a_valid_post_runs_the_action_once_and_says_so():
    request = _request(data={"name": "Ada"})
    calls = []
    form = NameForm(request.POST)
    saved = save_posted_form(
        request,
        form,
        lambda data: calls.append(data) or 42,
        success=lambda data: f"{data['name']} saved",
    )
    assert saved == Saved(42)
    assert calls == [{"name": "Ada"}]
    assert [str(m) for m in get_messages(request)] == ["Ada saved"]


@pytest.mark.parametrize(("method", "data"), [("get", {}), ("post", {})])
def test_a_get_or_an_invalid_form_runs_nothing(method, data):
    request = _request(method, data)
    form = NameForm(request.POST if method == "post" else None)
    saved = save_posted_form(request, form, lambda data: pytest.fail("ran"), success="no")
    assert saved is None
    assert list(get_messages(request)) == []


def test_a_refusal_goes_on_its_field_and_nothing_is_flashed():
    request = _request(data={"name": "Ada"})
    form = NameForm(request.POST)

    def refuse(_data):
        raise DomainError("Enter a different name", field="name")

    assert save_posted_form(request, form, refuse, success="no") is None
    assert form.errors == {"name": ["Enter a different name"]}
    assert list(get_messages(request)) == []
