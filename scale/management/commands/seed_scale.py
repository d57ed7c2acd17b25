"""Generate a large authority's ten years of history: `manage.py seed_scale --children 100000`."""

import time

from django.core.management.base import BaseCommand

from scale.generator import Generator


class Command(BaseCommand):
    help = (
        "Write a realistic ten-year history for N synthetic children (households, strategy "
        "discussions, conferences, plans, core groups, visits, deadlines, QANs, history) in bulk."
    )

    def add_arguments(self, parser):
        parser.add_argument("--children", type=int, required=True, help="How many children.")
        parser.add_argument("--seed", type=int, default=20261123, help="Faker and random seed.")
        parser.add_argument("--batch", type=int, default=2000, help="Children per transaction.")

    def handle(self, *args, children, seed, batch, **options):
        started = time.monotonic()
        summary = Generator(children=children, seed=seed, batch=batch, stdout=self.stdout).run()
        rows = sum(summary.rows.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"{summary.children} children and {rows} rows in {time.monotonic() - started:.0f} s"
            )
        )
        for model, count in sorted(summary.rows.items(), key=lambda item: -item[1]):
            self.stdout.write(f"  {model._meta.label}: {count}", style_func=None)
