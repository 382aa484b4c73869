"""Email through the durable task queue (django-tasks; the database backend outside tests).

Every message the site sends (allauth's verification, reset and notification mails, and
the directory's own approval mails) becomes a task row written in the same transaction
as the change that caused it. The worker (`manage.py db_worker`) renders and sends it,
and queues a later attempt with a back-off while the mail server cannot be reached.
After the last attempt the task fails, which the task admin shows.
"""

import logging
import smtplib
from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta
from typing import Any

from django.apps import apps
from django.db import models
from django.http import HttpRequest
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.functional import Promise
from django_tasks import task

logger = logging.getLogger(__name__)

# Minutes to wait before attempts 2, 3, 4 and 5.
RETRY_DELAYS = [1, 5, 30, 120]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1

MODEL_KEY = "__model__"
DATETIME_KEY = "__datetime__"


def freeze(value: Any) -> Any:
    """Turn a template context into JSON a task row can hold: rows become references, the request is dropped."""
    if isinstance(value, Mapping):
        return {str(key): freeze(item) for key, item in value.items() if not isinstance(item, HttpRequest)}
    if isinstance(value, list | tuple | set):
        return [freeze(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Promise):
        return str(value)
    if isinstance(value, datetime):
        return {DATETIME_KEY: value.isoformat()}
    if isinstance(value, models.Model):
        return {MODEL_KEY: value._meta.label_lower, "pk": value.pk}
    if hasattr(value, "domain") and hasattr(value, "name"):
        # A Site or RequestSite: the templates read only these two.
        return {"name": str(value.name), "domain": str(value.domain)}
    return str(value)


def thaw(value: Any) -> Any:
    """The inverse of freeze(): references become rows again (None if the row has gone since)."""
    if isinstance(value, dict):
        if MODEL_KEY in value:
            model = apps.get_model(value[MODEL_KEY])
            return model._default_manager.filter(pk=value["pk"]).first()
        if DATETIME_KEY in value:
            return parse_datetime(value[DATETIME_KEY])
        return {key: thaw(item) for key, item in value.items()}
    if isinstance(value, list):
        return [thaw(item) for item in value]
    return value


@task()
def send_email(template_prefix: str, recipients: list[str], context: dict, attempt: int = 1) -> None:
    """Render `<template_prefix>_subject.txt` and `_message.txt` with `context` and send them."""
    from allauth.account.adapter import get_adapter

    message = get_adapter().render_mail(template_prefix, recipients, thaw(context))
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        if attempt >= MAX_ATTEMPTS or not send_email.get_backend().supports_defer:
            logger.exception("Giving up sending %s after %d attempts", template_prefix, attempt)
            raise
        delay = timedelta(minutes=RETRY_DELAYS[attempt - 1])
        logger.warning("Sending %s failed (attempt %d); trying again in %s", template_prefix, attempt, delay)
        send_email.using(run_after=timezone.now() + delay).enqueue(template_prefix, recipients, context, attempt + 1)


def queue_email(template_prefix: str, recipients: Iterable[str], context: Mapping[str, Any] | None = None) -> None:
    """Queue one message to `recipients`; the task row is part of the caller's transaction."""
    recipients = sorted({address for address in recipients if address})
    if recipients:
        send_email.enqueue(template_prefix, recipients, freeze(context or {}))
