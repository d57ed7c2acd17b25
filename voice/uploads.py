"""Checking and storing something the child made (a drawing, a letter, a recording): images,
PDF and audio only, by the name AND by the bytes, under the size limit, as reports.uploads does
for reports. Stored in private storage under a random name; downloaded only through the
voice:upload view, which checks the child may be seen."""

from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone

from .models import ChildVoiceUpload

CONTENT_TYPES = {
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".pdf": "application/pdf",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
}
WRONG_TYPE = (
    "The selected file must be a picture (PNG or JPEG), a PDF or a recording (MP3, M4A or WAV)"
)
EMPTY = "The selected file is empty"


def max_bytes() -> int:
    return int(settings.CHILD_VOICE_UPLOAD_MAX_BYTES)


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


def _bytes_match(upload, suffix: str) -> bool:
    head = _head(upload, 12)
    if suffix == ".png":
        return head.startswith(b"\x89PNG\r\n\x1a\n")
    if suffix in (".jpg", ".jpeg"):
        return head.startswith(b"\xff\xd8\xff")
    if suffix == ".pdf":
        return head.startswith(b"%PDF-")
    if suffix == ".mp3":
        return head.startswith(b"ID3") or head[:2] in (b"\xff\xfb", b"\xff\xf3", b"\xff\xf2")
    if suffix == ".m4a":
        return head[4:8] == b"ftyp"
    if suffix == ".wav":
        return head.startswith(b"RIFF") and head[8:12] == b"WAVE"
    return False


def check_upload(upload) -> str:
    """The content type to store the upload with, or ValidationError with the GOV.UK message.
    Never the browser's content type nor the name alone: the bytes must match the name."""
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
    base = PurePath((name or "").replace("\\", "/")).name.strip() or "upload"
    return "".join(ch for ch in base if ch.isprintable())[:255]


def store_upload(*, voice, upload, description: str, by) -> ChildVoiceUpload:
    """Check the upload and keep it. Raises ValidationError if refused."""
    content_type = check_upload(upload)
    original = clean_name(upload.name)
    row = ChildVoiceUpload(
        voice=voice,
        description=(description or "").strip()[:200],
        original_name=original,
        content_type=content_type,
        size=upload.size,
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    upload.seek(0)
    row.file.save(original, upload, save=False)
    row.save()
    return row
