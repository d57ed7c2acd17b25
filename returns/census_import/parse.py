"""Reading a CIN census return: the header and, per <Child>, the text of each item it holds.

Nothing is judged here beyond "is this a CIN census message at all": a file that is not XML, is
not a <Message>, or whose header is not the CIN collection is refused whole with a message
(CensusFileError); each child's items are checked one child at a time by `plan`.
Parsed with defusedxml, so a hostile file cannot expand entities or reach the network.
"""

from dataclasses import dataclass, field
from xml.etree.ElementTree import Element  # nosec B405 - the type only; parsing is defusedxml

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import ParseError, fromstring

from core.errors import DomainError

MAX_FILE_BYTES = 50 * 1024 * 1024


class CensusFileError(DomainError):
    """The file as a whole cannot be read as a CIN census return."""


@dataclass
class RawEpisode:
    """One <CINdetails>: its own items, and the text of each repeated group."""

    items: dict[str, str]
    section47s: list[dict[str, str]] = field(default_factory=list)
    plans: list[dict] = field(default_factory=list)  # items, plus "reviews": [text]
    cin_plans: list[dict[str, str]] = field(default_factory=list)
    assessments: list[dict] = field(default_factory=list)  # items, plus "factors": [text]


@dataclass
class RawChild:
    position: int  # 1 for the first <Child> in the file
    items: dict[str, str]  # identifiers and characteristics
    disabilities: list[str]
    episodes: list[RawEpisode]

    @property
    def la_child_id(self) -> str:
        return self.items.get("LAchildID", "")


@dataclass
class RawReturn:
    collection: str
    year: str
    reference_date: str
    la_code: str
    children: list[RawChild]


def _local(tag) -> str:
    """The element's name without any namespace."""
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _items(element: Element | None) -> dict[str, str]:
    """The text of each childless sub-element (the first of each name)."""
    if element is None:
        return {}
    items = {}
    for sub in element:
        if len(sub) == 0:
            items.setdefault(_local(sub.tag), (sub.text or "").strip())
    return items


def _find(element: Element, name: str) -> Element | None:
    for sub in element:
        if _local(sub.tag) == name:
            return sub
    return None


def _find_all(element: Element, name: str) -> list[Element]:
    return [sub for sub in element if _local(sub.tag) == name]


def _texts(element: Element | None, name: str) -> list[str]:
    if element is None:
        return []
    return [(sub.text or "").strip() for sub in element if _local(sub.tag) == name]


def _episode(details: Element) -> RawEpisode:
    episode = RawEpisode(items=_items(details))
    for section in _find_all(details, "Section47"):
        episode.section47s.append(_items(section))
    for section in _find_all(details, "ChildProtectionPlans"):
        plan = dict(_items(section))
        plan["reviews"] = _texts(_find(section, "Reviews"), "CPPreviewDate")
        episode.plans.append(plan)
    for section in _find_all(details, "CINPlanDates"):
        episode.cin_plans.append(_items(section))
    for section in _find_all(details, "Assessments"):
        assessment = dict(_items(section))
        assessment["factors"] = _texts(
            _find(section, "FactorsIdentifiedAtAssessment"), "AssessmentFactors"
        )
        episode.assessments.append(assessment)
    return episode


def parse_return(content: bytes) -> RawReturn:
    """The return's header and children, or CensusFileError saying why the file cannot be read."""
    if not content or not content.strip():
        raise CensusFileError("The file is empty. Choose a CIN census return (an XML file).")
    if len(content) > MAX_FILE_BYTES:
        raise CensusFileError("The file is larger than 50 MB, too large for a census return.")
    try:
        message = fromstring(content)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise CensusFileError(
            "The file is not well-formed XML, so it cannot be a CIN census return "
            f"({error}). Check it is the file your system exported, not a copy that was edited."
        ) from error
    if _local(message.tag) != "Message":
        raise CensusFileError(
            "The file is XML but not a census message (it does not start with <Message>). "
            "Choose the CIN census return."
        )
    header = _find(message, "Header")
    details = _items(_find(header, "CollectionDetails")) if header is not None else {}
    source = _items(_find(header, "Source")) if header is not None else {}
    if details.get("Collection", "").upper() != "CIN":
        found = details.get("Collection") or "none"
        raise CensusFileError(
            f"The file is a census message for another collection ({found}), not the Children "
            "in Need census. Choose the CIN census return."
        )
    children_element = _find(message, "Children")
    children = []
    for position, child in enumerate(
        _find_all(children_element, "Child") if children_element is not None else [], start=1
    ):
        identifiers = _find(child, "ChildIdentifiers")
        characteristics = _find(child, "ChildCharacteristics")
        items = {**_items(identifiers), **_items(characteristics)}
        disabilities = _texts(
            _find(characteristics, "Disabilities") if characteristics is not None else None,
            "Disability",
        )
        episodes = [_episode(d) for d in _find_all(child, "CINdetails")]
        children.append(
            RawChild(position=position, items=items, disabilities=disabilities, episodes=episodes)
        )
    return RawReturn(
        collection="CIN",
        year=details.get("Year", ""),
        reference_date=details.get("ReferenceDate", ""),
        la_code=source.get("LEA", ""),
        children=children,
    )
