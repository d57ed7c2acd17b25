"""The one place the service makes PDFs (letters, the draft outline plan, minutes, "My plan").

Every PDF is PDF/UA-1: tagged (headings, lists, tables with their headers), with the document's
language and title and DisplayDocTitle, so a screen reader can read it (issue 24 item 1). Text is
set in Arimo, an open-licence font the project ships from npm (@expo-google-fonts/arimo, ADR 62),
never a font the machine happens to have: the same letter looks the same on every machine, and a
test's line breaks do not depend on which fonts are installed. Nothing else is fetched while
rendering: the fetcher hands WeasyPrint the shipped font files and refuses every other address, so
a name that smuggled in markup cannot make the server reach the network.
"""

import logging
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# WeasyPrint logs every layout step at INFO, and fontTools each font it reads: too much for the
# service's logs.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
logging.getLogger("fontTools").setLevel(logging.WARNING)

PDF_VARIANT = "pdf/ua-1"
FONT_FAMILY = "Arimo"
# (weight, style, file): regular and bold, upright and italic, all the documents use. One whole
# TrueType file a style (Latin with its extensions, Greek, Cyrillic, Hebrew): WeasyPrint merges
# font files that share a family, weight and style, so a font split by script would garble text.
FONT_FILES = (
    (400, "normal", "400Regular/Arimo_400Regular.ttf"),
    (400, "italic", "400Regular_Italic/Arimo_400Regular_Italic.ttf"),
    (700, "normal", "700Bold/Arimo_700Bold.ttf"),
    (700, "italic", "700Bold_Italic/Arimo_700Bold_Italic.ttf"),
)


def font_dir() -> Path:
    return Path(settings.PDF_FONT_DIR).resolve()


def font_paths() -> list[Path]:
    """The shipped font files; the font not installed is an error, never a quiet fallback to the
    machine's fonts."""
    paths = [font_dir() / name for _, _, name in FONT_FILES]
    missing = [str(path) for path in paths if not path.is_file()]
    if missing:
        raise ImproperlyConfigured(
            f"The PDF font is not installed ({', '.join(missing)}): run `make install` (npm ci), "
            "which installs @expo-google-fonts/arimo."
        )
    return paths


def font_css() -> str:
    """@font-face rules naming the shipped files by absolute URL, and the root element set in
    them (the page's margin boxes, page numbers and "DRAFT", inherit from the root)."""
    rules = [
        f"@font-face {{ font-family: {FONT_FAMILY}; font-weight: {weight}; "
        f"font-style: {style}; src: url({path.as_uri()}) format('truetype'); }}"
        for (weight, style, _), path in zip(FONT_FILES, font_paths(), strict=True)
    ]
    rules.append(f"html {{ font-family: {FONT_FAMILY}, sans-serif; }}")
    return "\n".join(rules)


def _is_shipped_font(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
        return False
    return Path(unquote(parts.path)).resolve() in font_paths()


def fetch_shipped_fonts_only(url, *args, **kwargs):
    """WeasyPrint's fetcher for every PDF: the shipped font files, and nothing else."""
    from weasyprint.urls import URLFetcherResponse

    if not _is_shipped_font(url):
        raise ValueError(f"PDFs load nothing but the shipped font ({url})")
    return URLFetcherResponse(url, body=Path(unquote(urlsplit(url).path)).read_bytes())


# WeasyPrint asks its fetcher whether a failure should fail the document: it should not, the
# resource is left out and the rest of the document renders.
fetch_shipped_fonts_only._fail_on_errors = False


def render_pdf(html: str) -> bytes:
    """`html` (a whole document, with <html lang> and a <title>) as a tagged PDF/UA-1 set in the
    shipped font."""
    # Imported here: weasyprint is slow to load and only PDFs need it.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    shipped_font = CSS(string=font_css(), url_fetcher=fetch_shipped_fonts_only, font_config=fonts)
    return HTML(string=html, url_fetcher=fetch_shipped_fonts_only).write_pdf(
        stylesheets=[shipped_font], font_config=fonts, pdf_variant=PDF_VARIANT
    )
