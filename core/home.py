"""What each role's home page offers. Apps register the work they make available in ready(),
so the home page only ever links to pages that exist."""

from dataclasses import dataclass

from accounts.models import RoleCode
from core.links import url_for


@dataclass(frozen=True)
class HomeLink:
    role: str
    text: str
    url_name: str
    description: str = ""
    order: int = 100


ROLE_SUMMARIES = {
    RoleCode.SOCIAL_WORKER: "Record children and strategy discussions, request conferences and keep plans current.",
    RoleCode.TEAM_MANAGER: "Sign off strategy records and reports, chair first core groups, agree reasons for delay.",
    RoleCode.SERVICE_MANAGER: "Agree postponements and cancellations and receive Quality Assurance notifications.",
    RoleCode.HEAD_OF_SERVICE: "Oversee plans that are reaching two years and the service's performance.",
    RoleCode.CONFERENCE_COORDINATOR: "Receive conference requests, allocate chairs, book and invite.",
    RoleCode.CHAIR: "Read reports, chair conferences and finalise decisions.",
    RoleCode.MINUTE_TAKER: "Record conferences and draft the minutes.",
    RoleCode.QA_MANAGER: "Oversee timeliness, Quality Assurance notifications and the authority's timescale policy.",
    RoleCode.AGENCY_PROFESSIONAL: "See the conferences you are invited to, reply and submit your report.",
    RoleCode.ENQUIRER: "Ask whether a child is subject to a child protection plan.",
}

_links: list[HomeLink] = []


def register(link: HomeLink) -> None:
    if link not in _links:
        _links.append(link)


def sections_for(user) -> list[dict]:
    """One section per role the user holds, with the links that role can use today."""
    labels = dict(RoleCode.choices)
    sections = []
    for code in RoleCode:
        if code not in user.role_codes:
            continue
        links = [
            {"text": link.text, "href": url_for(link.url_name), "description": link.description}
            for link in sorted(_links, key=lambda link: (link.order, link.text))
            if link.role == code
        ]
        sections.append(
            {
                "code": code,
                "role": labels[code],
                "summary": ROLE_SUMMARIES[code],
                "links": links,
            }
        )
    return sections
