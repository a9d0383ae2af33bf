"""The Celery app: `celery -A certifup worker` and `celery -A certifup beat`."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certifup.settings")

app = Celery("certifup")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
