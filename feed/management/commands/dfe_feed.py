"""python manage.py dfe_feed [--full] [--output records.json | --send]

Shows (or writes) the records the next send to the DfE would carry, each checked against the
published schema; with --send, sends them now as the daily task does (ADR 67)."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feed.changes import next_send
from feed.models import FeedMode
from feed.services import FeedSendFailed, send_feed


class Command(BaseCommand):
    help = "The daily data feed to the Department for Education: show, write or send it."

    def add_arguments(self, parser):
        parser.add_argument(
            "--full", action="store_true", help="Every record, not only what changed"
        )
        group = parser.add_mutually_exclusive_group()
        group.add_argument("--output", help="Write the records as JSON to this file; send nothing")
        group.add_argument("--send", action="store_true", help="Send them now")

    def handle(self, *args, **options):
        mode = FeedMode.FULL if options["full"] else FeedMode.CHANGES
        if options["send"]:
            try:
                send = send_feed(mode=mode)
            except FeedSendFailed as failure:
                raise CommandError(f"The send failed and is recorded: {failure}") from failure
            if send is None:
                raise CommandError("The feed is off: DFE_FEED_URL is empty.")
            self.stdout.write(
                f"{send.get_status_display()}: {send.records_sent} records "
                f"({send.purges_sent} purges), {len(send.held_back)} held back."
            )
            return
        plan = next_send(mode)
        items = [item for part in plan.outgoing for item in part.items]
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(items, indent=2), encoding="utf-8")
        self.stdout.write(f"{len(items)} records to send; {len(plan.held_back)} held back.")
        for held in plan.held_back:
            self.stdout.write(f"{held['la_child_id']}: {'; '.join(held['errors'])}")
