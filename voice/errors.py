"""The voice app's refusal: a core.errors.DomainError with a plain-English message."""

from core.errors import DomainError


class VoiceError(DomainError):
    pass
