"""Views read through selectors: no `Model.objects` in a views module (issue 19 item 6).

An AST check over every views module of the project's apps (`views.py`, `*_views.py`, and any
module inside a `views/` package). Each `<something>.objects` attribute access is reported with
its file and line; the query belongs in the app's selectors module, so that pages stay thin and
their reads can be found, named and counted in one place. Exits 1 if there is any, else 0.

Run by `make lint`; tests/core/test_views_lint.py keeps it honest.
"""

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

APPS = (
    "accounts",
    "audit",
    "children",
    "conferences",
    "core",
    "coreGroups",
    "enquiries",
    "plans",
    "reports",
    "returns",
    "timescales",
    "voice",
)

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Finding:
    path: str
    line: int
    app: str

    def __str__(self) -> str:
        return (
            f"{self.path}:{self.line}: views read through selectors: "
            f"move this query to {self.app}/selectors.py"
        )


def is_views_module(relative: Path) -> bool:
    """A views module: `views.py`, `*_views.py`, or any module inside a `views/` package."""
    if relative.suffix != ".py" or "migrations" in relative.parts:
        return False
    return (
        relative.name == "views.py"
        or relative.name.endswith("_views.py")
        or "views" in relative.parts[:-1]
    )


def check_source(source: str, path: str, app: str) -> list[Finding]:
    """Each `<something>.objects` in the source of one views module."""
    tree = ast.parse(source, filename=path)
    return [
        Finding(path=path, line=node.lineno, app=app)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and node.attr == "objects"
    ]


def views_modules(root: Path = ROOT):
    for app in APPS:
        app_dir = root / app
        if not app_dir.is_dir():
            continue
        for path in sorted(app_dir.rglob("*.py")):
            relative = path.relative_to(root)
            if is_views_module(relative.relative_to(app)):
                yield app, relative


def check(root: Path = ROOT) -> list[Finding]:
    """Every finding in the project's views modules, in file and line order."""
    findings = []
    for app, relative in views_modules(root):
        source = (root / relative).read_text(encoding="utf-8")
        findings += check_source(source, str(relative), app)
    return sorted(findings, key=lambda finding: (finding.path, finding.line))


def main() -> int:
    findings = check()
    for finding in findings:
        print(finding)
    if findings:
        print(
            f"{len(findings)} quer{'ies' if len(findings) != 1 else 'y'} in views", file=sys.stderr
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
