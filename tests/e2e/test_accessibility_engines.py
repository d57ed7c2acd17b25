"""The browser tests' accessibility checks themselves (ADR 0065): HTML_CodeSniffer runs beside axe,
and the page fixture knows which pages were visited but never checked."""

import pytest

from tests.e2e.conftest import assert_accessible

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def test_html_codesniffer_fails_what_axe_lets_through(page):
    """A form without a submit button: axe has no rule for it; HTMLCS (WCAG2AA) reports H32.2."""
    page.goto("/sign-in/")
    assert_accessible(page)
    page.evaluate(
        "document.querySelector('main').insertAdjacentHTML('beforeend',"
        ' \'<form id="no-button" method="post" action="/sign-in/"></form>\')'
    )
    with pytest.raises(pytest.fail.Exception, match=r"(?s)H32\.2.*#no-button"):
        assert_accessible(page)


def test_the_page_fixture_knows_which_pages_were_not_checked(page):
    page.goto("/accessibility-statement/")
    for _ in range(50):  # the document's report reaches the test through a binding
        if page.a11y_documents:
            break
        page.wait_for_timeout(100)
    assert list(page.a11y_documents.values()) == [page.url]
    assert not page.a11y_checked
    assert_accessible(page)
    assert set(page.a11y_documents) == page.a11y_checked


def test_a_page_that_goes_while_it_is_checked_is_checked_once_the_next_has_loaded(page):
    """A click returns once the navigation has started; a check that finds its document gone
    (or another loaded) checks the page that loaded instead of failing or passing the old one."""
    page.goto("/sign-in/")
    assert_accessible(page)
    # Leave for another page while the engines run: axe yields to the event loop, the timer fires.
    page.evaluate("setTimeout(() => { location.href = '/accessibility-statement/'; }, 0)")
    assert_accessible(page)
    assert page.url.endswith("/accessibility-statement/")
    assert page.evaluate("performance.timeOrigin") in page.a11y_checked
