"""Talking to the DfE CSC API (ADR 67): the endpoint and credentials come from settings (the
environment); the feed is off while `DFE_FEED_URL` is empty.

Find and Use an API gives each application a client ID and secret (an OAuth 2 client-credentials
token from `DFE_FEED_TOKEN_URL`, sent as a Bearer token) and a subscription key per API (sent in
`Ocp-Apim-Subscription-Key`). Either may be left empty where a gateway does not ask for it."""

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings

SUBSCRIPTION_KEY_HEADER = "Ocp-Apim-Subscription-Key"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


class FeedClientError(Exception):
    """The Department could not be reached, or its token service refused us."""


@dataclass(frozen=True)
class FeedConfiguration:
    url: str
    la_code: int
    token_url: str = ""
    client_id: str = ""
    client_secret: str = ""
    scope: str = ""
    subscription_key: str = ""
    timeout: float = 60.0

    @property
    def endpoint(self) -> str:
        return f"{self.url.rstrip('/')}/children_social_care_data/{self.la_code}/children"


@dataclass(frozen=True)
class Answer:
    status: int
    body: str

    @property
    def accepted(self) -> bool:
        return 200 <= self.status < 300


def configuration() -> FeedConfiguration | None:
    """The feed's settings, or None while it is off."""
    url = getattr(settings, "DFE_FEED_URL", "")
    if not url:
        return None
    return FeedConfiguration(
        url=url,
        la_code=int(getattr(settings, "DFE_LA_CODE", "999")),
        token_url=settings.DFE_FEED_TOKEN_URL,
        client_id=settings.DFE_FEED_CLIENT_ID,
        client_secret=settings.DFE_FEED_CLIENT_SECRET,
        scope=settings.DFE_FEED_SCOPE,
        subscription_key=settings.DFE_FEED_SUBSCRIPTION_KEY,
        timeout=float(settings.DFE_FEED_TIMEOUT_SECONDS),
    )


def _checked(url: str) -> str:
    """HTTPS only, except to this machine (the tests' stub server): records of children never
    travel in clear text, and no file: or other scheme is ever opened."""
    parts = urllib.parse.urlsplit(url)
    if parts.scheme == "https" or (parts.scheme == "http" and parts.hostname in LOOPBACK_HOSTS):
        return url
    raise FeedClientError(f"The DfE feed address must use https: {parts.scheme}://{parts.netloc}")


def _post(url: str, data: bytes, headers: dict, timeout: float) -> Answer:
    request = urllib.request.Request(_checked(url), data=data, headers=headers, method="POST")  # noqa: S310 - scheme checked
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310  # nosec B310
            return Answer(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        return Answer(error.code, error.read().decode("utf-8", "replace"))
    except (urllib.error.URLError, OSError) as error:
        raise FeedClientError(f"Could not reach {request.host}: {error}") from error


def access_token(config: FeedConfiguration) -> str:
    """A Bearer token by the client-credentials grant; empty when no token service is set."""
    if not config.token_url:
        return ""
    form = {
        "grant_type": "client_credentials",
        "client_id": config.client_id,
        "client_secret": config.client_secret,
    }
    if config.scope:
        form["scope"] = config.scope
    answer = _post(
        config.token_url,
        urllib.parse.urlencode(form).encode("ascii"),
        {"Content-Type": "application/x-www-form-urlencoded"},
        config.timeout,
    )
    if not answer.accepted:
        raise FeedClientError(f"The token service answered {answer.status}")
    try:
        return json.loads(answer.body)["access_token"]
    except (ValueError, KeyError, TypeError) as error:
        raise FeedClientError("The token service's answer held no access token") from error


def post_records(config: FeedConfiguration, token: str, items: list[dict]) -> Answer:
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if config.subscription_key:
        headers[SUBSCRIPTION_KEY_HEADER] = config.subscription_key
    body = json.dumps(items, separators=(",", ":")).encode("utf-8")
    return _post(config.endpoint, body, headers, config.timeout)
