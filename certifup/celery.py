"""The Celery app: `celery -A certifup worker` and `celery -A certifup beat`."""

import copy
import gc
import logging.config
import os
from typing import Any

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certifup.settings")

app = Celery("certifup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.setup_logging.connect
def use_the_settings_logging(*, logfile: str | None = None, **kwargs) -> None:
    """Without a receiver here, Celery replaces the root logger's handlers with its own text
    format, and the worker's records (a failed task and its traceback) would not come out as
    the web's do (one JSON line in production). The level is LOG_LEVEL's, not --loglevel's;
    --logfile (`make run`) still sends the records to that file."""
    from django.conf import settings

    config: dict[str, Any] = copy.deepcopy(settings.LOGGING)
    if logfile:
        console = config["handlers"]["console"]
        config["handlers"]["console"] = {
            "class": "logging.FileHandler",
            "filename": logfile,
            "formatter": console["formatter"],
        }
    logging.config.dictConfig(config)


@signals.worker_process_init.connect
def freeze_what_start_up_loaded(**kwargs) -> None:
    """What a worker process holds before its first task (Django, the apps, their modules) lives
    as long as the process: ``gc.freeze()`` moves it out of the collector's reach, so a full
    collection walks only what the tasks allocate, as Python's documentation describes for
    forked workers. The expiry sweep spent about a fifth of its time in full collections over
    that heap: 10,000 expiries went from 3.5–3.9 s to 3.1–3.5 s (docs/performance.md)."""
    gc.freeze()
