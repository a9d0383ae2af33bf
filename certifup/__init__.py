# Loaded with Django, so that `shared_task` functions bind to the Certif-UP Celery app.
from certifup.celery import app as celery_app

__all__ = ["celery_app"]
