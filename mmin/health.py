"""GET /healthz: can the site reach its database, and is the task worker keeping up? For monitors and probes.

Two small queries, no template, no session, never cached, so it can be polled every few seconds.
HTTP 200 with "ok"; 503 with "down" when the database cannot be reached, or with "degraded" when a
due task has waited longer than HEALTH_MAX_TASK_DELAY_SECONDS: then no worker (`manage.py db_worker`)
is running and no email is going out.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.models import Case, Count, F, Min, Q, When
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult, get_date_max


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"status": "down", "database": "unreachable"}, status=503)
    tasks = task_queue_health(now=timezone.now())
    healthy = tasks["oldest_due_seconds"] is None or tasks["oldest_due_seconds"] <= tasks["max_delay_seconds"]
    return JsonResponse(
        {"status": "ok" if healthy else "degraded", "database": "ok", "tasks": tasks},
        status=200 if healthy else 503,
    )


def task_queue_health(*, now: datetime) -> dict:
    """Counts from the task table in one query, and how long the oldest due task has waited for a worker.

    Failed tasks are reported but do not make the site unhealthy: a mail server refusing one address
    is not a reason to take the web servers out of a load balancer.
    """
    # A task queued without run_after stores the far-future sentinel; it is due from when it was queued.
    due_at = Case(When(run_after=get_date_max(), then=F("enqueued_at")), default=F("run_after"))
    due = Q(status=TaskResultStatus.READY, due_at__lte=now)
    figures = DBTaskResult.objects.annotate(due_at=due_at).aggregate(
        ready=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        due=Count("pk", filter=due),
        running=Count("pk", filter=Q(status=TaskResultStatus.RUNNING)),
        failed_last_24h=Count("pk", filter=Q(status=TaskResultStatus.FAILED, finished_at__gt=now - timedelta(days=1))),
        oldest_due_at=Min("due_at", filter=due),
    )
    oldest_due_at = figures.pop("oldest_due_at")
    return {
        **figures,
        "oldest_due_seconds": None if oldest_due_at is None else int((now - oldest_due_at).total_seconds()),
        "max_delay_seconds": settings.HEALTH_MAX_TASK_DELAY_SECONDS,
    }
