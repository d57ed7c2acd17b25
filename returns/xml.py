"""The census as the DfE's XML message, checked against the schema kept in returns/schema/."""

import datetime
from functools import cache
from pathlib import Path
from xml.etree import ElementTree as ET

import xmlschema
from django.utils import timezone

from .census import Census

SCHEMA_PATH = Path(__file__).resolve().parent / "schema" / "cin_census_2025_26.xsd"
SOFTWARE_CODE = "Manage child protection conferences"


@cache
def schema() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(str(SCHEMA_PATH))


def _add(parent, name: str, value) -> None:
    """Add <name>value</name>; nothing for an empty value (every optional item is left out)."""
    if value is None or value == "":
        return
    element = ET.SubElement(parent, name)
    if isinstance(value, bool):
        element.text = "true" if value else "false"
    elif isinstance(value, datetime.date):
        element.text = value.isoformat()
    else:
        element.text = str(value)


def census_xml(census: Census, *, serial_no: int = 1, now=None) -> bytes:
    now = now or timezone.now()
    message = ET.Element("Message")
    header = ET.SubElement(message, "Header")
    details = ET.SubElement(header, "CollectionDetails")
    _add(details, "Collection", "CIN")
    _add(details, "Year", census.year)
    _add(details, "ReferenceDate", census.reference_date)
    source = ET.SubElement(header, "Source")
    _add(source, "SourceLevel", "L")
    _add(source, "LEA", census.la_code)
    _add(source, "SoftwareCode", SOFTWARE_CODE)
    _add(source, "Release", "1")
    _add(source, "SerialNo", f"{serial_no:03d}")
    _add(source, "DateTime", now.replace(microsecond=0).isoformat())

    children = ET.SubElement(message, "Children")
    for child in census.children:
        element = ET.SubElement(children, "Child")
        identifiers = ET.SubElement(element, "ChildIdentifiers")
        _add(identifiers, "LAchildID", child.la_child_id)
        _add(identifiers, "UPN", child.upn)
        _add(identifiers, "UPNunknown", child.upn_unknown)
        _add(identifiers, "PersonBirthDate", child.birth_date)
        _add(identifiers, "ExpectedPersonBirthDate", child.expected_birth_date)
        _add(identifiers, "Sex", child.sex)
        characteristics = ET.SubElement(element, "ChildCharacteristics")
        _add(characteristics, "Ethnicity", child.ethnicity)
        if child.disabilities:
            disabilities = ET.SubElement(characteristics, "Disabilities")
            for code in child.disabilities:
                _add(disabilities, "Disability", code)

        cin = child.cin
        details = ET.SubElement(element, "CINdetails")
        _add(details, "CINreferralDate", cin.referral_date)
        _add(details, "ReferralSource", cin.referral_source)
        _add(details, "PrimaryNeedCode", cin.primary_need)
        _add(details, "DateOfInitialCPC", cin.date_of_initial_cpc)
        for s47 in cin.section47s:
            section = ET.SubElement(details, "Section47")
            _add(section, "S47ActualStartDate", s47.start)
            _add(section, "InitialCPCtarget", s47.icpc_target)
            _add(section, "DateOfInitialCPC", s47.icpc_date)
            _add(section, "ICPCnotRequired", s47.icpc_not_required)
        _add(details, "ReferralNFA", False)
        for plan in cin.plans:
            section = ET.SubElement(details, "ChildProtectionPlans")
            _add(section, "CPPstartDate", plan.start)
            _add(section, "CPPendDate", plan.end)
            _add(section, "InitialCategoryOfAbuse", plan.initial_category)
            _add(section, "LatestCategoryOfAbuse", plan.latest_category)
            _add(section, "NumberOfPreviousCPP", plan.previous_plans)
            if plan.reviews:
                reviews = ET.SubElement(section, "Reviews")
                for day in plan.reviews:
                    _add(reviews, "CPPreviewDate", day)
    ET.indent(message)
    return ET.tostring(message, encoding="utf-8", xml_declaration=True)


def schema_errors(document: bytes) -> list[str]:
    """Every way the document breaks the schema, in plain words (empty when it is valid)."""
    return [
        f"{error.path}: {error.reason}" for error in schema().iter_errors(document.decode("utf-8"))
    ]
