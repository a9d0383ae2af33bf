"""django-celery-beat's admin, as UPPCTSC uses it: the periodic tasks and their intervals.

Every schedule of ours is an interval (CELERY_BEAT_SCHEDULE), and only intervals are watched by
/sante/; the clocked, crontab and solar schedules would only offer ways to add work nobody
watches. Every admin list here is searchable, like the rest of the admin."""

from django.contrib import admin
from django_celery_beat.admin import IntervalScheduleAdmin
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    SolarSchedule,
)

for model in (ClockedSchedule, CrontabSchedule, SolarSchedule, IntervalSchedule):
    admin.site.unregister(model)


@admin.register(IntervalSchedule)
class SearchableIntervalScheduleAdmin(IntervalScheduleAdmin):
    search_fields = ["every", "period"]
