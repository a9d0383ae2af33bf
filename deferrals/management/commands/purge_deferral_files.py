from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from deferrals.retention import deferral_files_purge


class Command(BaseCommand):
    help = (
        "Supprime les justificatifs de report dont la décision date de plus de "
        "DEFERRAL_FILE_RETENTION_MONTHS mois (idempotent)."
    )

    def handle(self, *args, **options) -> None:
        purged = deferral_files_purge(now=timezone.now())
        months = settings.DEFERRAL_FILE_RETENTION_MONTHS
        self.stdout.write(
            f"{purged} justificatif(s) supprimé(s) (décision datant de plus de {months} mois)."
        )
