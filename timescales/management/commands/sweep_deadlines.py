"""Run the timescale sweep once, as beat does hourly (for cron, or after the scheduler was down)."""

from django.core.management.base import BaseCommand

from timescales.sweep import run_sweep


class Command(BaseCommand):
    help = "Mark passed deadlines as breached, raise their Quality Assurance notifications, send reminders."

    def handle(self, *args, **options):
        result = run_sweep()
        self.stdout.write(
            f"{result.breached} deadlines breached, {result.qans_raised} Quality Assurance "
            f"notifications raised, {result.reminders} reminders, {result.emails} emails sent."
        )
