from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from certifup.health.selectors import late_periodic_tasks


class Command(BaseCommand):
    help = "Fails (exit 1) when a periodic task has not completed for two of its intervals."

    def handle(self, *args, **options):
        late = late_periodic_tasks(now=timezone.now())
        if late:
            raise CommandError("Tâches périodiques en retard : " + ", ".join(late))
        self.stdout.write("ok")
