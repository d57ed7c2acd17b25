"""Forget claimed form tokens older than SUBMISSION_TOKEN_MAX_AGE (24 hours by default)."""

from django.core.management.base import BaseCommand

from core.submissions.services import prune


class Command(BaseCommand):
    help = "Delete form submission tokens older than SUBMISSION_TOKEN_MAX_AGE."

    def handle(self, *args, **options):
        deleted = prune()
        self.stdout.write(f"Pruned {deleted} submission tokens")
