"""Demo only: move a pre-validated request's payment deadline into the past, so that the next
expiry sweep (every few minutes with `make run`) expires it and sends its mails."""

import datetime

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from registrations.models import Registration, Status
from registrations.services import registrations_expire_overdue


class Command(BaseCommand):
    help = "Démo : passe l'échéance de règlement d'une demande pré-validée (ex. CU-0000012)."

    def add_arguments(self, parser):
        parser.add_argument("reference", help="référence CU-… ou numéro de la demande")
        parser.add_argument(
            "--sweep", action="store_true", help="lancer l'expiration tout de suite"
        )

    def handle(self, *args, reference: str, sweep: bool, **options):
        if settings.PRODUCTION:
            raise CommandError("Commande de démonstration : interdite en production.")
        pk = int(reference.upper().removeprefix("CU-"))
        now = timezone.now()
        # A direct UPDATE on purpose: no service moves a deadline, and none should.
        moved = Registration.objects.filter(pk=pk, status=Status.PRE_VALIDATED).update(
            payment_due_at=now - datetime.timedelta(minutes=1)
        )
        if not moved:
            raise CommandError(f"Aucune demande pré-validée n° {reference}.")
        self.stdout.write(f"Échéance de la demande {reference} passée.")
        if sweep:
            expired = registrations_expire_overdue(now=now)
            self.stdout.write(f"{expired} demande(s) expirée(s) ; e-mails en file d'envoi.")
        else:
            self.stdout.write(
                f"Le prochain passage (toutes les {settings.SWEEP_INTERVAL_SECONDS} s) "
                "la fera expirer."
            )
