from django.apps import AppConfig
from django.db.models.signals import post_migrate, post_save


class HealthConfig(AppConfig):
    name = "certifup.health"
    label = "health"
    verbose_name = "Santé du site"

    def ready(self) -> None:
        from celery.signals import task_success
        from django_celery_beat.models import PeriodicTask

        from certifup.health import recording

        task_success.connect(recording.on_task_success, weak=False)
        post_migrate.connect(recording.on_post_migrate, sender=self, weak=False)
        post_save.connect(recording.on_periodic_task_saved, sender=PeriodicTask, weak=False)
