"""The Celery app: `celery -A certifup worker` and `celery -A certifup beat`."""

import logging.config
import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certifup.settings")

app = Celery("certifup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_the_settings_logging(**kwargs) -> None:
    """Without a receiver here, Celery replaces the root logger's handlers with its own text
    format, and the worker's records (a failed task and its traceback) would not come out as
    the web's do (one JSON line in production). The level is LOG_LEVEL's, not --loglevel's."""
    from django.conf import settings

    logging.config.dictConfig(settings.LOGGING)
