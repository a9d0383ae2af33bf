"""When each periodic task last completed, written by the worker that ran it.

The beat's own bookkeeping (django-celery-beat's ``PeriodicTask.last_run_at``) says when a task
was *sent*; a message lost on the way or a task that raised would still look fine there. This
row moves only when a worker finished the task, so a sweep that stops running shows."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    # The periodic task's name as in django-celery-beat (« registrations-expire-overdue »).
    name = models.CharField(_("tâche périodique"), max_length=200, unique=True)
    # Lateness of a task that never completed is counted from here: the first `migrate` (or the
    # creation in /admin/) that knew the task, so a new site is not late at once.
    watched_since = models.DateTimeField(_("surveillée depuis"))
    last_completed_at = models.DateTimeField(_("dernière exécution terminée"), null=True)

    class Meta:
        verbose_name = _("exécution de tâche périodique")
        verbose_name_plural = _("exécutions de tâches périodiques")

    def __str__(self) -> str:
        return self.name
