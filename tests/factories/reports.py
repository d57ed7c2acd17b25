"""Reports to conference: invitations made directly (the invitations issue builds the real
sending), synthetic documents (tiny PDFs and Word files made here, never real ones), and a
booked conference ready to report to. Synthetic data only."""

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from accounts.models import AgencyKind
from children.models import ProfessionalRole
from conferences.models import Invitation, InvitationMethod, InviteeKind

from .accounts import AgencyFactory
from .children import ProfessionalInvolvementFactory

PDF_BYTES = b"%PDF-1.4\n% synthetic test document\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
DOC_BYTES = bytes.fromhex("D0CF11E0A1B11AE1") + b"\x00" * 504


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document>Synthetic report</w:document>")
    return buffer.getvalue()


def zip_without_word_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "not a Word document")
    return buffer.getvalue()


def upload(name: str = "report.pdf", content: bytes = PDF_BYTES, content_type: str = ""):
    return SimpleUploadedFile(name, content, content_type=content_type or "application/pdf")


def pdf_upload(name: str = "report.pdf"):
    return upload(name, PDF_BYTES)


def professional_invitation(
    conference,
    *,
    role: str = ProfessionalRole.HEALTH_VISITOR,
    user=None,
    agency=None,
    name: str | None = None,
    is_active: bool = True,
):
    """An invited professional (as the invitations service would record them): their
    involvement with the conference's first child, and the invitation."""
    child = conference.conference_children.order_by("pk").first().child
    if agency is None:
        agency = AgencyFactory(
            kind=AgencyKind.POLICE if role == ProfessionalRole.POLICE else AgencyKind.HEALTH
        )
    involvement = ProfessionalInvolvementFactory(
        child=child,
        role=role,
        user=user,
        agency=agency,
        name="" if user else (name or "Pat Professional"),
    )
    return Invitation.objects.create(
        conference=conference,
        kind=InviteeKind.PROFESSIONAL,
        involvement=involvement,
        user=user,
        agency=agency,
        name=user.full_name if user else involvement.name,
        connection=involvement.get_role_display(),
        organisation=agency.name,
        email=user.email if user else involvement.email,
        method=InvitationMethod.EMAIL,
        sent_at=timezone.now(),
        is_active=is_active,
    )


def signed_off_report(*, conference, worker, manager, **text):
    """A social work report written, sent for sign-off and signed off, through the services."""
    from reports import services

    text.setdefault("worries", "Bruising seen at nursery; father's drinking.")
    text.setdefault("working_well", "Mother takes the children to every appointment.")
    report = services.save_social_work_report(
        conference=conference, by=worker, recommendation="cp_plan", scaling_score=3, **text
    )
    services.submit_for_sign_off(report=report, by=worker)
    return services.sign_off_report(report=report, by=manager)
