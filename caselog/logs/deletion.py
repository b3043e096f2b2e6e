"""Deleting logs: a deleted log keeps its answers and history but leaves every list and page
(Log.objects.live()). Each deletion is audited ("deleted") in the same transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from .models import AuditEvent, Log


def delete_logs(logs: Iterable[Log], actor, channel: str = AuditEvent.Channel.WEB, reference: str = "") -> list[int]:
    """Delete these logs (those not deleted already) and audit each; the ids deleted."""
    ids = [log.pk for log in logs]
    deleted = []
    with transaction.atomic():
        now = timezone.now()
        for log in Log.objects.select_for_update().filter(pk__in=ids, deleted_at__isnull=True).order_by("pk"):
            log.deleted_at = now
            log.version += 1
            log.save(update_fields=["deleted_at", "version", "updated_at"])
            AuditEvent.objects.create(log=log, actor=actor, channel=channel, action=AuditEvent.Action.DELETED,
                                      reference=reference, at=now)
            deleted.append(log.pk)
    return deleted
