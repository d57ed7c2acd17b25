"""The independent DfE-rules validator (the csc-validator-be-cin package, a dev dependency) run on
an exported census: the error rules it reports, each with the child IDs it names. Queries (rule
codes ending in Q) ask for an explanation, not a correction, and are left out."""

import datetime
import importlib
import warnings
from xml.etree import ElementTree as ET  # our own export, never untrusted input

import pytest


def independent_errors(document: bytes, reference_date: datetime.date) -> dict[str, set[str]]:
    cin_validator = pytest.importorskip("cin_validator.cin_validator")
    ruleset = f"cin{reference_date.year - 1}_{reference_date.year % 100:02d}"
    registry = importlib.import_module(f"cin_validator.rules.{ruleset}").registry
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        tables = cin_validator.process_data(
            cin_validator.convert_data(ET.fromstring(document))  # noqa: S314
        )
        validator = cin_validator.CinValidator(tables, registry)
    errors: dict[str, set[str]] = {}
    for rule, child_id in zip(
        validator.full_issue_df["rule_code"], validator.full_issue_df["child_id"], strict=True
    ):
        if not str(rule).endswith("Q"):
            errors.setdefault(str(rule), set()).add(str(child_id))
    for rule in validator.multichild_issues["rule_code"]:
        if not str(rule).endswith("Q"):
            errors.setdefault(str(rule), set()).add("(the whole return)")
    return errors
