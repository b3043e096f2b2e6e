"""Background tasks: checking and storing an upload (processing.py does the work)."""

from __future__ import annotations

from caselog.tasks import task

from .models import Upload


@task()
def check_upload(upload_id: int) -> None:
    from .processing import run_check

    run_check(Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id))


@task()
def store_upload(upload_id: int) -> None:
    from .processing import run_store

    run_store(Upload.objects.select_related("organisation", "uploaded_by").get(pk=upload_id))


def enqueue_check(upload: Upload) -> None:
    _queued(upload, Upload.Status.CHECKING)
    result = check_upload.enqueue(upload.pk)
    Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id)[:64])


def enqueue_store(upload: Upload) -> None:
    _queued(upload, Upload.Status.STORING)
    result = store_upload.enqueue(upload.pk)
    Upload.objects.filter(pk=upload.pk).update(task_id=str(result.id)[:64])


def _queued(upload: Upload, status: str) -> None:
    """Shown as started at once, so the page shows progress from 0 while it waits for a worker."""
    upload.status = status
    upload.rows_done = 0
    upload.save(update_fields=["status", "rows_done", "updated_at"])
