"""Links on the child's page, formatted from URL patterns reversed once per process
(core.links, issue 25): the child's page has twenty.
"""

from core.links import url_for, url_maker

# The child's own pages the child's page links to, by the name the template uses.
CHILD_LINKS = {
    "record_birth": "children:record-birth",
    "transfer_in": "plans:transfer-in",
    "record_strategy_discussion": "children:record-strategy-discussion",
    "add_sibling": "children:add-sibling",
    "record_looked_after": "plans:looked-after-add",
    "request_conference": "conferences:new-request",
    "change": "children:change",
    "add_family_member": "children:add-family-member",
    "add_professional": "children:add-professional",
    "record_worker_change": "children:change-of-worker-new",
    "decide_worker_change": "children:change-of-worker-decide",
    "history": "audit:child-history",
    "access_log": "audit:child-access-log",
}


def child_links(child_pk: int) -> dict[str, str]:
    """The URL of each of the child's pages in CHILD_LINKS, and of the search ("search")."""
    links = {name: url_maker(url_name)(child_pk) for name, url_name in CHILD_LINKS.items()}
    links["search"] = url_for("children:search")
    return links
