"""The statutory returns hold every child's protection history: the QA manager downloads them."""

import rules

from accounts.rules import is_qa_manager

rules.add_perm("returns.download_returns", is_qa_manager)
