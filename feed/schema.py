"""The DfE CSC API's published schema (feed/schema/, version 1.0.1) and a check of records
against it with `jsonschema`.

The schema is OpenAPI 3.0; the keywords its CSC array uses (type, pattern, minLength, maxLength,
maxItems, uniqueItems, required, additionalProperties, format) mean the same in JSON Schema draft
4, so `Draft4Validator` with a format checker (for the `date` format) reads it exactly."""

import json
from functools import cache
from pathlib import Path

from jsonschema import Draft4Validator, FormatChecker

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "dfe-csc-api-openapi-1.0.1.json"


@cache
def openapi_document() -> dict:
    with SCHEMA_PATH.open(encoding="utf-8") as document:
        return json.load(document)


def csc_schema() -> dict:
    """The request body of POST /children_social_care_data/{la_code}/children: an array."""
    return openapi_document()["components"]["schemas"]["CSC"]


@cache
def _validators() -> tuple[Draft4Validator, Draft4Validator]:
    payload = csc_schema()
    checker = FormatChecker()
    return (
        Draft4Validator(payload["items"], format_checker=checker),
        Draft4Validator(payload, format_checker=checker),
    )


def _where(error) -> str:
    return "/".join(str(part) for part in error.absolute_path) or "(record)"


def _messages(validator, instance) -> list[str]:
    errors = sorted(validator.iter_errors(instance), key=_where)
    return [f"{_where(error)}: {error.message}" for error in errors]


def record_errors(record: dict) -> list[str]:
    """Every way one child's record breaks the schema (empty when it is valid)."""
    return _messages(_validators()[0], record)


def payload_errors(payload: list) -> list[str]:
    """Every way a whole request body breaks the schema (at most 100 records, each valid)."""
    return _messages(_validators()[1], payload)
