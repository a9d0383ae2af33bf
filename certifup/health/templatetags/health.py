from django import template
from django.utils import timezone

from certifup.health.selectors import late_periodic_tasks

register = template.Library()


@register.simple_tag
def periodic_tasks_late() -> list[str]:
    """For the admin index (staff only): the periodic tasks that have not run in time."""
    return late_periodic_tasks(now=timezone.now())
