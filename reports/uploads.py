"""Checking and storing uploaded reports: PDF or Word only, by the name AND by the bytes, under
the size limit. Stored in default storage (MEDIA_ROOT, private: never served by a URL) under a
random name; downloaded only through the reports:document view."""

import zipfile
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ReportDocument

PDF = "application/pdf"
DOC = "application/msword"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CONTENT_TYPES = {".pdf": PDF, ".doc": DOC, ".docx": DOCX}
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # Word 97-2003 (.doc)
ZIP_SIGNATURE = b"PK\x03\x04"

WRONG_TYPE = "The selected file must be a PDF or Word document"
EMPTY = "The selected file is empty"


def max_bytes() -> int:
    return int(settings.REPORT_UPLOAD_MAX_BYTES)


def too_big_message() -> str:
    limit = max_bytes()
    if limit >= 1024 * 1024:
        return f"The selected file must be smaller than {limit // (1024 * 1024)}MB"
    return f"The selected file must be smaller than {max(1, limit // 1024)}KB"


def _head(upload, count: int) -> bytes:
    upload.seek(0)
    head = upload.read(count)
    upload.seek(0)
    return head


def _is_docx(upload) -> bool:
    if not _head(upload, 4).startswith(ZIP_SIGNATURE):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    finally:
        upload.seek(0)


def _bytes_match(upload, suffix: str) -> bool:
    if suffix == ".pdf":
        return _head(upload, 5) == b"%PDF-"
    if suffix == ".doc":
        return _head(upload, 8) == OLE2_SIGNATURE
    return _is_docx(upload)


def check_upload(upload) -> str:
    """The content type to store the upload with, or ValidationError with the GOV.UK message.

    The browser's content type and the file name alone are never trusted: the bytes must be
    those of the document the name says it is.
    """
    size = upload.size or 0
    if size == 0:
        raise ValidationError(EMPTY, code="empty")
    if size > max_bytes():
        raise ValidationError(too_big_message(), code="too_big")
    suffix = PurePath(upload.name or "").suffix.lower()
    if suffix not in CONTENT_TYPES or not _bytes_match(upload, suffix):
        raise ValidationError(WRONG_TYPE, code="wrong_type")
    return CONTENT_TYPES[suffix]


def clean_name(name: str) -> str:
    """The file's own name, without any folders, for showing and for the download."""
    base = PurePath((name or "").replace("\\", "/")).name.strip() or "report"
    return "".join(ch for ch in base if ch.isprintable())[:255]


def store_document(*, upload, by):
    """Check the upload and keep it (a ReportDocument). Raises ValidationError if refused."""
    content_type = check_upload(upload)
    original = clean_name(upload.name)
    document = ReportDocument(
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    upload.seek(0)
    # The stored name comes from reports.models.document_path: random, with the checked suffix.
    document.file.save(original, upload, save=False)
    document.save()
    return document
