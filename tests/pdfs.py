"""Reading a PDF back in tests, with pypdf (a library independent of WeasyPrint, which made it).

Text is compared after normalising whitespace: where a line breaks depends on the font's widths,
and a test must not fail because a heading wrapped (issue 24 item 5)."""

import contextlib
import functools
import io
from unittest import mock

from pypdf import PdfReader

# Set by tests/conftest.py for each test: False for a test marked real_letters.
STAND_IN_LETTERS = True


def pdf_text(content: bytes) -> str:
    """Every page's text, each run of whitespace (line breaks included) made one space."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def file_pdf_text(field_file) -> str:
    """The text of a PDF stored in a FileField (a letter, a copy of the minutes)."""
    with field_file.open("rb") as handle:
        return pdf_text(handle.read())


def font_names(content: bytes) -> set[str]:
    """The base names of the fonts every page uses, without the subset prefix ("ABCDEF+")."""
    reader = PdfReader(io.BytesIO(content))
    names = set()
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        fonts = resources.get("/Font") or {}
        for font in fonts.values():
            base = str(font.get_object()["/BaseFont"]).lstrip("/")
            names.add(base.split("+", 1)[-1])
    return names


def structure_types(content: bytes) -> list[str]:
    """The structure elements of the tag tree, in reading order ("H1", "P", "Table", "TH"...)."""
    reader = PdfReader(io.BytesIO(content))
    root = reader.trailer["/Root"]["/StructTreeRoot"].get_object()
    found = []

    def walk(node):
        node = node.get_object()
        if isinstance(node, dict):
            if "/S" in node:
                found.append(str(node["/S"]).lstrip("/"))
            kids = node.get("/K")
            if kids is None:
                return
            for kid in kids if isinstance(kids, list) else [kids]:
                if hasattr(kid, "get_object") or isinstance(kid, dict | list):
                    walk(kid)

    walk(root)
    return found


@functools.cache
def stand_in_pdf() -> bytes:
    """A real tagged PDF (core.pdf), made once per process, that the journey builders file as
    each invitation letter in place of laying out the five-page letter every time (ADR 74)."""
    from core.pdf import render_pdf

    return render_pdf(
        '<!doctype html><html lang="en-GB"><head><title>Letter (test stand-in)</title></head>'
        "<body><h1>Letter (test stand-in)</h1><p>A journey builder filed this letter.</p>"
        "</body></html>"
    )


@contextlib.contextmanager
def letters_as_stand_ins():
    """Inside this block, conferences.letters files stand_in_pdf() instead of rendering, unless
    the running test is marked real_letters. The letters' HTML is still built from the data."""
    if not STAND_IN_LETTERS:
        yield
        return
    with mock.patch("conferences.letters.render_pdf", lambda html: stand_in_pdf()):
        yield
