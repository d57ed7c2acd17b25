"""The QA manager's census import pages (issue 23): upload, the dry run's report, confirm; a
bad file or a second confirm is a message, never a 500; the report page's queries are bounded
whatever the number of children."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import RoleCode
from children.models import Child
from returns.models import CensusImport, CensusImportStatus
from tests.auth import login
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db
ERRORS_FILE = Path(__file__).parent / "census_files" / "deliberate_errors.xml"


@pytest.fixture
def qa_client(client):
    return login(client, UserFactory(roles=[RoleCode.QA_MANAGER]))


def _upload(client, content: bytes, name="cin.xml"):
    return client.post("/returns/import/", {"upload": SimpleUploadedFile(name, content)})


def test_upload_dry_run_and_confirm(qa_client, django_assert_max_num_queries):
    response = _upload(qa_client, ERRORS_FILE.read_bytes())
    assert response.status_code == 302
    assert not Child.objects.exists()
    with django_assert_max_num_queries(12):
        page = qa_client.get(response["Location"])
    text = page.content.decode()
    assert "nothing has been saved yet" in text
    assert "&#x27;X&#x27; is not a valid code for the sex (Sex)." in text
    assert "Would create" in text
    upload = CensusImport.objects.get()
    confirmed = qa_client.post(f"/returns/import/{upload.pk}/confirm/")
    assert confirmed.status_code == 302
    upload.refresh_from_db()
    assert upload.status == CensusImportStatus.APPLIED
    assert Child.objects.count() == 2
    assert "Brought in" in qa_client.get(confirmed["Location"]).content.decode()

    again = qa_client.post(f"/returns/import/{upload.pk}/confirm/")
    assert again.status_code == 400
    assert "already been brought in" in again.content.decode()
    assert Child.objects.count() == 2


def test_no_file_and_a_broken_file_are_messages(qa_client):
    response = qa_client.post("/returns/import/", {})
    assert response.status_code == 400
    assert "Select the census return" in response.content.decode()
    response = _upload(qa_client, b"\xff\xfe not text")
    page = qa_client.get(response["Location"])
    assert "not text in UTF-8" in page.content.decode()
    response = _upload(qa_client, b"<Message><Header>")
    page = qa_client.get(response["Location"])
    assert "not well-formed XML" in page.content.decode()
    assert "Bring these children in" not in page.content.decode()


def test_only_the_qa_manager_may_import(client):
    login(client, UserFactory(roles=[RoleCode.SOCIAL_WORKER]))
    assert _upload(client, ERRORS_FILE.read_bytes()).status_code == 403
    assert not CensusImport.objects.exists()


def test_an_imported_childs_pages_open_and_say_what_came_from_the_census(qa_client, client):
    """The child, the plan and its initial conference, brought in from the census, open for the
    QA manager; the conference says it is known only from the census."""
    from returns.census_import.apply import import_census

    qa = UserFactory(roles=[RoleCode.QA_MANAGER])
    import_census(content=ERRORS_FILE.read_bytes(), by=qa, dry_run=False)
    child = Child.objects.get(local_child_id="GOOD1")
    plan = child.protection_plans.get()
    login(client, qa)
    assert client.get(f"/children/{child.pk}/").status_code == 200
    assert client.get(f"/plans/{plan.pk}/").status_code == 200
    page = client.get(f"/conferences/{plan.started_by_conference_id}/")
    assert page.status_code == 200
    assert "Brought in from the census" in page.content.decode()
