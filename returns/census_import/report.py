"""The import's report: per child, what was created, updated, left alone, or why it was refused.
Kept as JSON on the CensusImport, so the dry run and the confirmed import can be read later."""

import datetime


class ImportReport:
    def __init__(self, *, reference_date: datetime.date, dry_run: bool):
        self.reference_date = reference_date
        self.dry_run = dry_run
        self.children: list[dict] = []

    def refuse(self, label: str, reasons: list[str]) -> None:
        self.children.append({"child": label, "outcome": "refused", "reasons": reasons})

    def record(self, label: str, changes) -> None:
        if changes.created and any(c.startswith("The child's record") for c in changes.created):
            outcome = "created"
        elif changes.created or changes.updated:
            outcome = "updated"
        else:
            outcome = "unchanged"
        self.children.append(
            {
                "child": label,
                "outcome": outcome,
                "created": changes.created,
                "updated": changes.updated,
                "unchanged": changes.unchanged,
            }
        )

    def as_dict(self) -> dict:
        totals = {"created": 0, "updated": 0, "unchanged": 0, "refused": 0}
        for child in self.children:
            totals[child["outcome"]] += 1
        return {
            "reference_date": self.reference_date.isoformat(),
            "dry_run": self.dry_run,
            "file_refused": "",
            "totals": totals,
            "children": self.children,
        }

    @staticmethod
    def refused_file(message: str) -> dict:
        return {
            "reference_date": "",
            "dry_run": True,
            "file_refused": message,
            "totals": {"created": 0, "updated": 0, "unchanged": 0, "refused": 0},
            "children": [],
        }


def summary_lines(report: dict) -> list[str]:
    """The report as plain lines, for the command's output."""
    if report.get("file_refused"):
        return [f"Refused: {report['file_refused']}"]
    totals = report["totals"]
    lines = [
        f"{'Dry run: nothing was saved. ' if report['dry_run'] else ''}"
        f"{totals['created']} children new, {totals['updated']} updated, "
        f"{totals['unchanged']} unchanged, {totals['refused']} refused."
    ]
    for child in report["children"]:
        lines.append(f"{child['child']}: {child['outcome']}")
        for reason in child.get("reasons", []):
            lines.append(f"  refused: {reason}")
        for key in ("created", "updated"):
            for item in child.get(key, []):
                lines.append(f"  {key}: {item}")
    return lines
