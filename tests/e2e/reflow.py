"""Reflow at 320 CSS pixels (WCAG 1.4.10; issue 24 item 2): a page is no wider than a 320 px
viewport, so a person zoomed to 400% never scrolls the whole page sideways. Wide tables scroll
inside their own region ({% table_region %}, ADR 64), which does not widen the page."""

import pytest

from tests.e2e.conftest import AXE_SCRIPT, _script

NARROW = {"width": 320, "height": 800}

# The elements that stick out past the viewport, outside any scrolling region: the culprits
# named when a page is too wide.
_WIDER_THAN_VIEWPORT = """() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const el of document.body.querySelectorAll('*')) {
    if (el.closest('.app-table-scroll') && !el.classList.contains('app-table-scroll')) continue;
    const box = el.getBoundingClientRect();
    if (box.width && box.right > width + 0.5) {
      const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
        (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
      out.push(`${name} (right edge ${Math.round(box.right)}px): ${(el.textContent || '').trim().slice(0, 60)}`);
    }
  }
  return out.slice(-8);
}"""


def page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def assert_fits_narrow_screen(page) -> None:
    """Fail, naming what sticks out, if the page is wider than its viewport."""
    viewport = page.viewport_size["width"]
    width = page_width(page)
    if width > viewport:
        culprits = page.evaluate(_WIDER_THAN_VIEWPORT)
        pytest.fail(
            f"{page.url} is {width}px wide at a {viewport}px viewport:\n  " + "\n  ".join(culprits)
        )


def too_wide(page) -> str:
    """'' when the page fits its viewport, else what sticks out (to collect over many pages)."""
    viewport = page.viewport_size["width"]
    width = page_width(page)
    if width <= viewport:
        return ""
    culprits = page.evaluate(_WIDER_THAN_VIEWPORT)
    return f"{page.url} is {width}px wide:\n    " + "\n    ".join(culprits)


def outside_landmarks(page) -> list[str]:
    """What axe's `region` rule finds outside every landmark (issue 24 item 3: the phase banner
    and back links once were); a best practice, so not among the WCAG tags axe runs by default."""
    if not page.evaluate("typeof axe !== 'undefined'"):
        page.evaluate(_script(AXE_SCRIPT))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'rule', values: ['region']}})"
    )
    return [
        f"{page.url}: {node['target']}"
        for violation in result["violations"]
        for node in violation["nodes"]
    ]
