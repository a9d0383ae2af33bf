from celery import shared_task
from django.utils import timezone

from candidates import login_logs, recovery


@shared_task(name=recovery.RECOVERY_DEMAND_PROCESS, ignore_result=True)
def recovery_demand_process(demand_id: int) -> str | None:
    return recovery.recovery_demand_process(demand_id=demand_id, now=timezone.now())


@shared_task(name="candidates.recovery_demands_sweep", ignore_result=True)
def recovery_demands_sweep() -> tuple[int, int]:
    return recovery.recovery_demands_sweep(now=timezone.now())


@shared_task(name="candidates.login_logs_purge", ignore_result=True)
def login_logs_purge_task() -> int:
    return login_logs.login_logs_purge(now=timezone.now())
