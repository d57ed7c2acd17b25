"""What the child made is checked by its bytes as well as its name, and under the size limit."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from voice.uploads import check_upload


@pytest.mark.parametrize(
    ("name", "head", "content_type"),
    [
        ("drawing.png", b"\x89PNG\r\n\x1a\n", "image/png"),
        ("photo.JPG", b"\xff\xd8\xff\xe0", "image/jpeg"),
        ("letter.pdf", b"%PDF-1.7", "application/pdf"),
        ("voice.mp3", b"ID3\x03", "audio/mpeg"),
        ("voice.m4a", b"\x00\x00\x00\x20ftypM4A ", "audio/mp4"),
        ("voice.wav", b"RIFF\x00\x00\x00\x00WAVE", "audio/wav"),
    ],
)
def test_pictures_letters_and_recordings_are_accepted(name, head, content_type):
    assert check_upload(SimpleUploadedFile(name, head + b"\x00" * 32)) == content_type


@pytest.mark.parametrize(
    ("name", "body", "message"),
    [
        ("drawing.png", b"%PDF-1.7 pretending", "must be a picture"),
        ("script.html", b"<script>", "must be a picture"),
        ("empty.png", b"", "is empty"),
    ],
)
def test_other_files_are_refused(name, body, message):
    with pytest.raises(ValidationError, match=message):
        check_upload(SimpleUploadedFile(name, body))


def test_a_file_over_the_limit_is_refused(settings):
    settings.CHILD_VOICE_UPLOAD_MAX_BYTES = 10
    with pytest.raises(ValidationError, match="smaller than 1KB"):
        check_upload(SimpleUploadedFile("drawing.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32))
