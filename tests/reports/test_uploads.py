"""Uploads: PDF or Word only, by name AND bytes, under the size limit, never empty; stored under
a random name with the original name kept for the download."""

import re

import pytest
from django.core.exceptions import ValidationError

from reports import uploads
from tests.factories.accounts import UserFactory
from tests.factories.reports import (
    DOC_BYTES,
    PDF_BYTES,
    docx_bytes,
    upload,
    zip_without_word_bytes,
)


def refused(file) -> str:
    with pytest.raises(ValidationError) as caught:
        uploads.check_upload(file)
    return caught.value.messages[0]


def test_the_default_limit_is_10mb_and_the_environment_can_change_it(settings):
    from config.settings import base

    assert base.REPORT_UPLOAD_MAX_BYTES == 10 * 1024 * 1024
    assert uploads.too_big_message() == "The selected file must be smaller than 10MB"


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("report.pdf", PDF_BYTES, uploads.PDF),
        ("REPORT.PDF", PDF_BYTES, uploads.PDF),
        ("report.doc", DOC_BYTES, uploads.DOC),
        ("report.docx", docx_bytes(), uploads.DOCX),
    ],
)
def test_pdf_and_word_documents_are_accepted(name, content, expected):
    # The browser's content type is not trusted: the stored type comes from the checked bytes.
    assert uploads.check_upload(upload(name, content, "text/html")) == expected


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", b"<html><script>alert(1)</script></html>"),  # .pdf name, not PDF bytes
        ("report.pdf", DOC_BYTES),
        ("report.doc", PDF_BYTES),  # .doc name, PDF bytes
        ("report.docx", zip_without_word_bytes()),  # a zip, but not a Word document
        ("report.docx", b"PK\x03\x04 truncated, not a real zip"),
        ("report.exe", PDF_BYTES),  # PDF bytes, wrong name
        ("report.html", PDF_BYTES),
        ("report", PDF_BYTES),
    ],
)
def test_anything_else_is_refused_in_plain_english(name, content):
    assert refused(upload(name, content)) == "The selected file must be a PDF or Word document"


def test_an_empty_file_is_refused():
    assert refused(upload("report.pdf", b"")) == "The selected file is empty"


def test_a_file_over_the_limit_is_refused(settings):
    settings.REPORT_UPLOAD_MAX_BYTES = 2 * 1024 * 1024
    big = PDF_BYTES + b"0" * (2 * 1024 * 1024)
    assert refused(upload("report.pdf", big)) == "The selected file must be smaller than 2MB"
    settings.REPORT_UPLOAD_MAX_BYTES = len(big)
    assert uploads.check_upload(upload("report.pdf", big)) == uploads.PDF


@pytest.mark.django_db
def test_a_stored_document_has_a_random_name_and_keeps_the_original_one(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    user = UserFactory()
    document = uploads.store_document(
        upload=upload("C:\\Users\\sw\\Jones family genogram.pdf", PDF_BYTES, "text/plain"),
        by=user,
    )
    assert document.original_name == "Jones family genogram.pdf"
    assert document.content_type == "application/pdf"
    assert document.size == len(PDF_BYTES)
    assert document.uploaded_by == user
    assert re.fullmatch(r"reports/\d{4}/\d{2}/[0-9a-f]{32}\.pdf", document.file.name)
    assert "Jones" not in document.file.name
    assert (tmp_path / document.file.name).read_bytes() == PDF_BYTES
    assert document.history.count() == 1


@pytest.mark.django_db
def test_store_refuses_a_bad_file_and_keeps_nothing(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    with pytest.raises(ValidationError):
        uploads.store_document(upload=upload("x.pdf", b"not a pdf"), by=UserFactory())
    assert not any(tmp_path.rglob("*.pdf"))
