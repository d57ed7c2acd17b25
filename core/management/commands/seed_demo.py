"""Load a small, fictional authority for demonstrations and `make run`. Safe to run repeatedly."""

import importlib

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import transaction
from faker import Faker

# Apps seed in this order, each from its own `demo.py` with a `seed(fake)` function; a dotted
# entry is a module of its own (the stages of the journey, issue 18), after the apps' own demos
# and before the census details, which fill in every demo child.
SEED_ORDER = [
    "accounts",
    "timescales",
    "children",
    "conferences",
    "plans",
    "coreGroups",
    "reports",
    "core.demo_stages",
    "returns",
]


class Command(BaseCommand):
    help = "Create demo teams, agencies, one user per role and a few families (idempotent)."

    def handle(self, *args, **options):
        fake = Faker("en_GB")
        Faker.seed(20261123)
        with transaction.atomic():
            for label in SEED_ORDER:
                if "." in label:
                    importlib.import_module(label).seed(fake)
                    self.stdout.write(f"Seeded {label}")
                    continue
                config = apps.get_app_config(label)
                try:
                    module = importlib.import_module(f"{config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{config.name}.demo":
                        raise
                    continue
                module.seed(fake)
                self.stdout.write(f"Seeded {config.verbose_name.lower()}")
            # As the scheduler would on its first run: demo deadlines already passed become breaches.
            from timescales.sweep import run_sweep

            result = run_sweep()
            self.stdout.write(f"Swept timescales: {result.breached} breached")
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
