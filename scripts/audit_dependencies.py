"""pip-audit against the locked dependencies (uv.lock), for `make audit` (issue 9 part 6; ADR 28).

- A known vulnerability in any locked package fails (exit 1), listing each one.
- When the vulnerability database cannot be reached (offline, a proxy, PyPI answering "not
  found" for every package), nothing was audited: say so plainly and pass (exit 0), so an offline
  build is not blocked, but nobody mistakes the skip for a clean bill.
- When only some packages could not be audited, list them and judge the rest.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"


def locked_requirements() -> str:
    return subprocess.run(  # noqa: S603 (fixed arguments, no shell)
        [
            VENV_BIN / "uv",
            "export",
            "--frozen",
            "--format",
            "requirements-txt",
            "--no-emit-project",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def main() -> int:
    with tempfile.NamedTemporaryFile("w", suffix=".txt") as requirements:
        requirements.write(locked_requirements())
        requirements.flush()
        result = subprocess.run(  # noqa: S603 (fixed arguments, no shell)
            [
                VENV_BIN / "pip-audit",
                "--requirement",
                requirements.name,
                "--require-hashes",
                "--disable-pip",
                "--progress-spinner",
                "off",
                "--format",
                "json",
            ],
            capture_output=True,
            text=True,
            timeout=600,
        )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        print(f"pip-audit SKIPPED: the vulnerability database could not be reached ({last}).")
        return 0
    dependencies = report.get("dependencies", [])
    skipped = [d for d in dependencies if d.get("skip_reason")]
    found = [(d, v) for d in dependencies for v in d.get("vulns", [])]
    if found:
        print(f"pip-audit FAILED: {len(found)} known vulnerability(ies) in locked packages:")
        for dependency, vuln in found:
            fixes = ", ".join(vuln.get("fix_versions", [])) or "no fixed version yet"
            print(f"  {dependency['name']} {dependency.get('version', '')}: {vuln['id']} ({fixes})")
        return 1
    if dependencies and len(skipped) == len(dependencies):
        print(
            "pip-audit SKIPPED: the vulnerability database could not be reached "
            f"(none of the {len(dependencies)} locked packages could be looked up; first reason: "
            f"{skipped[0]['skip_reason']})."
        )
        return 0
    if skipped:
        print(f"pip-audit: {len(skipped)} package(s) could not be audited:")
        for dependency in skipped:
            print(f"  {dependency['skip_reason']}")
    print(f"pip-audit: no known vulnerabilities in {len(dependencies) - len(skipped)} packages.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
