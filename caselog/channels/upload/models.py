"""An uploaded file and its journey (read, mapped, checked, stored), and the column
mappings an organisation has saved for next time."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from caselog.definitions.model import year_label
from caselog.schemes.dates import govuk_datetime


class UploadQuerySet(models.QuerySet):
    def of_organisations_of(self, actor) -> UploadQuerySet:
        """The uploads of the organisations a person or an API key logs for."""
        from caselog.accounts import permissions

        return self.filter(organisation_id__in=permissions.acting_for(actor))


class Upload(models.Model):
    class Status(models.TextChoices):
        SHEET = "sheet", "Choose the sheet"  # a workbook with several sheets
        MAPPING = "mapping", "Check the columns"  # waiting for the user to confirm the mapping
        CHECKING = "checking", "Checking"  # queued or running: every row is checked, nothing stored
        CHECKED = "checked", "Ready to create logs"  # preview shown; the user chooses what to store
        STORING = "storing", "Creating logs"
        STORED = "stored", "Logs created"
        NOT_STORED = "not_stored", "Not stored"  # the user chose to fix the file and upload it again
        FAILED = "failed", "Failed"  # the file could not be read or checked; the message says why

    class Layout(models.TextChoices):
        TEMPLATE = "template", "CORE bulk upload template"
        OWN = "own", "Your own layout"

    ACTIVE = (Status.CHECKING, Status.STORING)

    objects = UploadQuerySet.as_manager()

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="uploads")
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="uploads")
    collection = models.SlugField(max_length=64)
    year = models.PositiveSmallIntegerField()
    file = models.FileField(upload_to="uploads/%Y/%m/")
    filename = models.CharField(max_length=255)  # as the user's computer named it
    size = models.PositiveIntegerField(default=0)
    sheet = models.CharField(max_length=255, blank=True)
    layout = models.CharField(max_length=16, choices=Layout.choices, default=Layout.OWN)
    header_rows = models.PositiveSmallIntegerField(default=1)  # rows above the first log
    # [{column, header, field, part, confidence, reason}] (caselog/channels/upload/mapping.py)
    columns = models.JSONField(default=list, blank=True)
    # {field: {value as written in the file: code, or null to leave it blank}}
    values = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.MAPPING)
    message = models.TextField(blank=True)  # why it failed, for the user
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    # what the check found and what storing did: counts and the problems listed on the page
    summary = models.JSONField(default=dict, blank=True)
    # the user's choices when storing
    blank_errors = models.BooleanField(default=False)  # store rows with errors, their wrong answers left blank
    confirm_all_checks = models.BooleanField(default=False)
    confirmed_rows = models.JSONField(default=list, blank=True)  # file row numbers whose soft checks are confirmed
    # the user's file with an errors column and a list of every problem (report.py)
    report_xlsx = models.FileField(upload_to="upload-reports/%Y/%m/", blank=True)
    report_csv = models.FileField(upload_to="upload-reports/%Y/%m/", blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)  # a running task touches it: a stale one has died
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organisation", "-created_at"], name="upload_org_created")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.get_status_display()})"

    def report_file(self, kind: str):
        """The error report as CSV or XLSX; None when there is none."""
        return self.report_xlsx if kind == "xlsx" else self.report_csv if kind == "csv" else None

    def report_name(self, kind: str) -> str:
        """What the error report downloads as: the user's file name, " - errors"."""
        return self.filename.rsplit(".", 1)[0] + f" - errors.{kind}"

    @property
    def year_label(self) -> str:
        return year_label(self.year)

    @property
    def created_text(self) -> str:
        return govuk_datetime(self.created_at)

    @property
    def percent_done(self) -> int:
        return int(100 * self.rows_done / self.rows_total) if self.rows_total else 0


class SavedMapping(models.Model):
    """How an organisation's columns map to a collection year's answers, applied to its
    next upload, and carried into the next year's definition where the answers persist."""

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="saved_mappings")
    collection = models.SlugField(max_length=64)
    year = models.PositiveSmallIntegerField()
    mapping = models.JSONField(default=dict)  # caselog/channels/upload/mapping.py remember()
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "collection", "year"], name="saved_mapping_once"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.collection} {self.year}"
