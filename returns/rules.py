"""The statutory returns hold every child's protection history: the QA manager downloads them."""

import rules

from accounts.rules import is_qa_manager

rules.add_perm("returns.download_returns", is_qa_manager)
# Issue 23: bringing an authority's history in from its census return (ADR 66).
rules.add_perm("returns.import_census", is_qa_manager)
