"""``manage.py load_demo``: a catalogue, centres, accounts and requests to try Certif-UP by hand.

The demo itself lives in ``backoffice.demo`` (one module for each part); this command refuses
production, loads it and prints the logins the README lists."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from backoffice.demo.accounts import logins_text
from backoffice.demo.load import demo_load


class Command(BaseCommand):
    help = "Charge les données de démonstration (idempotent : peut être relancé sans risque)."

    def handle(self, *args, **options) -> None:
        if getattr(settings, "PRODUCTION", False):
            raise CommandError("Données de démonstration refusées en production.")
        open_session = demo_load(now=timezone.now(), warn=self.stderr.write)
        self.stdout.write(logins_text(open_session))
