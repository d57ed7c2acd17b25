"""What the next send carries (ADR 67): each child's record as it stands, compared with what the
Department last accepted (`FeedChild`).

- A changed record (or one never sent) goes in full; an unchanged one only in a full snapshot.
- An enquiry, plan or placement sent before and gone now (an interim plan that ended without
  becoming a plan, a record corrected) is sent as its id with `purge: true` inside the episode.
- A child who has left the feed altogether is sent as `{"la_child_id": ..., "purge": true}`; a
  child whose child ID changed is purged under the old ID and sent whole under the new one, in
  the same request.
- A record that breaks the published schema is held back, reported, and its state left alone.
"""

import copy
import datetime
from dataclasses import dataclass, field

from .models import FeedChild, FeedMode
from .records import EPISODE, ITEM_LISTS, ChildRecord, build_records
from .schema import record_errors


@dataclass
class Outgoing:
    """One child's part of a request: one item, or two when the child ID changed. `current` is
    what to remember once the Department accepts it (None: the child left the feed)."""

    child_id: int
    items: list[dict]
    current: ChildRecord | None
    purges: int = 0


@dataclass
class NextSend:
    outgoing: list[Outgoing] = field(default_factory=list)
    held_back: list[dict] = field(default_factory=list)

    @property
    def items(self) -> int:
        return sum(len(part.items) for part in self.outgoing)


def _purge_only(la_child_id: str) -> dict:
    return {"la_child_id": la_child_id, "purge": True}


def _with_purges(current: ChildRecord, sent_ids: dict) -> tuple[dict, int]:
    """The record with a purge entry for every item sent before and missing now."""
    record = copy.deepcopy(current.record)
    episodes = record["social_care_episodes"]
    purges = 0
    for episode_id in sent_ids.get(EPISODE, []):
        if episode_id not in current.ids.get(EPISODE, []):
            episodes.append({"social_care_episode_id": episode_id, "purge": True})
            purges += 1
    episode = episodes[0]  # one episode of need per child
    for kind, list_name in ITEM_LISTS.items():
        for item_id in sent_ids.get(kind, []):
            if item_id not in current.ids.get(kind, []):
                episode.setdefault(list_name, []).append({f"{kind}_id": item_id, "purge": True})
                purges += 1
    return record, purges


def next_send(mode: str = FeedMode.CHANGES, today: datetime.date | None = None) -> NextSend:
    states = {state.child_id: state for state in FeedChild.objects.all()}
    result = NextSend()
    seen = set()
    for current in build_records(today):
        seen.add(current.child_id)
        errors = record_errors(current.record)
        if errors:
            result.held_back.append({"la_child_id": current.la_child_id, "errors": errors})
            continue
        state = states.get(current.child_id)
        if state is None or state.purged:
            result.outgoing.append(Outgoing(current.child_id, [current.record], current))
            continue
        items, purges = [], 0
        if state.la_child_id != current.la_child_id:
            items.append(_purge_only(state.la_child_id))
            record, purges = current.record, 1
        else:
            record, purges = _with_purges(current, state.sent_ids)
        items.append(record)
        if mode == FeedMode.FULL or purges or state.sent_hash != current.hash:
            result.outgoing.append(Outgoing(current.child_id, items, current, purges))
    for child_id, state in states.items():
        if child_id not in seen and not state.purged:
            result.outgoing.append(Outgoing(child_id, [_purge_only(state.la_child_id)], None, 1))
    return result
