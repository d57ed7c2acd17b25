"""The conference household (Amelia 8 and Noah 3 Jones, their social worker and her manager)."""

from tests.conferences.conftest import (  # noqa: F401
    conference_request,
    enquiries,
    household,
    manager,
    worker,
)
