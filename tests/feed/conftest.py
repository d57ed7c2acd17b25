"""Children held by the service, and a stub of the DfE CSC API on this machine's loopback.

- Amelia (CH0001): Section 47 from 2 June 2025, initial conference 20 June 2025 started a plan,
  reviewed 15 September 2025; still on the plan.
- Ben (CH0002): Section 47 from 1 October 2025, concluded 10 October: no conference needed.
- Dev (no child ID): a Child in Need plan from 5 January 2026, looked after since 2 February 2026.
- An unborn baby (CH0004) with a pre-birth plan from 1 March 2026.
Synthetic data only."""

import datetime
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from accounts.models import RoleCode
from children.models import LegalBasis, LookedAfterPeriod, PrimaryNeed, ReferralSource, S47Outcome
from plans import services as plan_services
from tests.factories.accounts import UserFactory
from tests.factories.census import held_conference_on, plan_on, plan_with_history, s47_enquiry
from tests.factories.children import ChildFactory, UnbornChildFactory

D = datetime.date
TOKEN = "token-for-tests-only"  # noqa: S105
SUBSCRIPTION_KEY = "subscription-key-for-tests"


@pytest.fixture
def worker(db):
    return UserFactory(roles=[RoleCode.SOCIAL_WORKER])


@pytest.fixture
def chair(db):
    return UserFactory(roles=[RoleCode.CHAIR])


def held_child(**fields):
    defaults = {
        "cin_referral_date": D(2025, 5, 28),
        "referral_source": ReferralSource.SCHOOLS,
        "primary_need": PrimaryNeed.N1,
    }
    return ChildFactory(**{**defaults, **fields})


@pytest.fixture
def held(worker, chair):
    amelia = held_child(
        legal_forename="Amelia",
        legal_surname="Jones",
        date_of_birth=D(2017, 3, 14),
        local_child_id="CH0001",
        upn="A123456789012",
        postcode="ab1 2cd",
    )
    amelias_plan = plan_with_history(
        child=amelia,
        by=worker,
        chair=chair,
        s47_on=D(2025, 6, 2),
        icpc_on=D(2025, 6, 20),
        reviews=[D(2025, 9, 15)],
    )
    ben = held_child(
        legal_forename="Ben",
        legal_surname="Smith",
        date_of_birth=D(2012, 1, 2),
        local_child_id="CH0002",
        cin_referral_date=D(2025, 9, 30),
    )
    bens_enquiry = s47_enquiry(
        child=ben,
        by=worker,
        started_on=D(2025, 10, 1),
        outcome=S47Outcome.NO_CONFERENCE,
        concluded_on=D(2025, 10, 10),
    )
    dev = held_child(
        legal_forename="Dev",
        legal_surname="Patel",
        date_of_birth=D(2014, 8, 1),
        cin_referral_date=D(2025, 12, 1),
        lead_social_worker=worker,
    )
    devs_cin_plan = plan_services.start_child_in_need_plan(
        child=dev, started_on=D(2026, 1, 5), by=worker
    )
    devs_period = LookedAfterPeriod.objects.create(
        child=dev, started_on=D(2026, 2, 2), legal_basis=LegalBasis.SECTION_20, recorded_by=worker
    )
    baby = UnbornChildFactory(
        legal_surname="Green",
        local_child_id="CH0004",
        expected_date_of_delivery=D(2026, 6, 1),
        cin_referral_date=D(2026, 1, 10),
        referral_source=ReferralSource.GP,
    )
    pre_birth = held_conference_on(child=baby, on=D(2026, 3, 2), chair=chair)
    babys_plan = plan_on(child=baby, conference=pre_birth, started_on=D(2026, 3, 2))
    return {
        "amelia": amelia,
        "amelias_plan": amelias_plan,
        "ben": ben,
        "bens_enquiry": bens_enquiry,
        "dev": dev,
        "devs_cin_plan": devs_cin_plan,
        "devs_period": devs_period,
        "baby": baby,
        "babys_plan": babys_plan,
    }


class StubDfE:
    """The DfE CSC API and its token service, as far as the feed uses them: every request is
    kept; answers are taken from `answers` (status codes) in turn, then 200 with a receipt."""

    def __init__(self):
        self.token_requests: list[dict] = []
        self.requests: list[dict] = []
        self.answers: list[int] = []
        self.url = ""

    @property
    def records(self) -> list[dict]:
        return [item for request in self.requests for item in request["body"]]

    def handler(self):
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet in the test output
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                if self.path == "/token":
                    stub.token_requests.append(
                        {"headers": dict(self.headers), "body": body.decode("ascii")}
                    )
                    self._answer(200, {"access_token": TOKEN, "token_type": "Bearer"})
                    return
                stub.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "body": json.loads(body)}
                )
                status = stub.answers.pop(0) if stub.answers else 200
                if status == 200:
                    self._answer(200, str(uuid.uuid4()))
                else:
                    self._answer(status, {"error": "Something went wrong at the Department"})

            def _answer(self, status, payload):
                data = json.dumps(payload).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        return Handler


@pytest.fixture
def stub_dfe():
    stub = StubDfE()
    server = ThreadingHTTPServer(("127.0.0.1", 0), stub.handler())
    stub.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield stub
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def feed_on(settings, stub_dfe):
    """The feed configured as an authority would, pointed at the stub."""
    settings.DFE_LA_CODE = "201"
    settings.DFE_FEED_URL = f"{stub_dfe.url}/api"
    settings.DFE_FEED_TOKEN_URL = f"{stub_dfe.url}/token"
    settings.DFE_FEED_CLIENT_ID = "client-id"
    settings.DFE_FEED_CLIENT_SECRET = "client-secret"  # noqa: S105
    settings.DFE_FEED_SCOPE = "api://dfe-csc/.default"
    settings.DFE_FEED_SUBSCRIPTION_KEY = SUBSCRIPTION_KEY
    settings.DFE_FEED_TIMEOUT_SECONDS = 5
    return stub_dfe
