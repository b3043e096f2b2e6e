"""Logs (one record of one letting or sale) and their audit trail.

Only the gateway (caselog/gateway/) changes a log's answers; it writes the derived
values, findings and counts in the same save, and an AuditEvent for each change.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from caselog.definitions.model import year_label
from caselog.records import AppendOnly


def compact_postcode(value) -> str:
    """ "ls1 4ap" -> "LS14AP": how a log's postcode is kept and searched, whatever the spacing."""
    return "".join(str(value or "").split()).upper()[:16]


class LogQuerySet(models.QuerySet):
    def live(self) -> "LogQuerySet":
        """Logs that have not been deleted."""
        return self.filter(deleted_at__isnull=True)

    def for_listing(self) -> "LogQuerySet":
        """Without the wide JSON (answers, derived values, sources, findings) a list of logs
        does not show: a page of them reads a fraction of the rows' bytes."""
        return self.defer("answers", "derived", "sources", "errors", "warnings")


class Log(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", "Not started"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"

    # Which definition the log follows: definitions/<collection>/<year>/.
    collection = models.SlugField(max_length=64)  # "core-lettings"
    year = models.PositiveSmallIntegerField()  # 2026, shown as "2026 to 2027"

    owning_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="owned_logs",
        null=True,
        blank=True,
    )
    managing_organisation = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.PROTECT,
        related_name="managed_logs",
        null=True,
        blank=True,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="created_logs",
        null=True,
        blank=True,
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="assigned_logs",
        null=True,
        blank=True,
    )
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.NOT_STARTED)

    # The answers as given, keyed by CORE's variable name; JSON values only (dates are
    # ISO 8601 strings). The gateway owns the next five fields.
    answers = models.JSONField(default=dict, blank=True)
    derived = models.JSONField(default=dict, blank=True)
    # who changed each answer after the log was created (the answers it was created with are
    # its "created" audit event's): {field: {"channel": "web", "actor_id": 12, "at": "2026-…"}}
    sources = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)
    error_count = models.PositiveIntegerField(default=0)
    warning_count = models.PositiveIntegerField(default=0)

    # Copied from the answers so users can search by them.
    provider_reference = models.CharField(max_length=100, blank=True, db_index=True)  # tenant code
    property_reference = models.CharField(max_length=100, blank=True, db_index=True)
    # the home's postcode (the definition's postcode_question), upper case without spaces
    postcode = models.CharField(max_length=16, blank=True)
    # What the log is compared on to find duplicates (caselog/logs/duplicates.py); None while
    # it cannot be a duplicate. The gateway sets it with the answers.
    duplicate_key = models.CharField(max_length=64, null=True, blank=True, editable=False)

    version = models.PositiveIntegerField(default=1)  # +1 on every change; the API's ETag
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)

    objects = LogQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at", "-id"]
        indexes = [
            models.Index(
                fields=["collection", "year", "status"], name="log_collection_year_status"
            ),
            models.Index(
                fields=["owning_organisation", "collection", "year", "status"],
                name="log_owner_collection_year",
            ),
            models.Index(
                fields=["managing_organisation", "collection", "year", "status"],
                name="log_manager_collection_year",
            ),
            models.Index(fields=["assigned_to", "status"], name="log_assigned_status"),
            # the logs list, newest first: everyone's (support) and an organisation's
            models.Index(fields=["-updated_at", "-id"], name="log_updated"),
            models.Index(fields=["owning_organisation", "-updated_at"], name="log_owner_updated"),
            models.Index(fields=["managing_organisation", "-updated_at"], name="log_manager_updated"),
            models.Index(fields=["duplicate_key"], condition=models.Q(duplicate_key__isnull=False),
                         name="log_duplicate_key"),
        ]

    def __str__(self) -> str:
        return f"{self.collection} {self.year} log {self.pk}"

    @property
    def year_label(self) -> str:
        """The collection year as users read it: "2026 to 2027"."""
        return year_label(self.year)


class AuditEvent(AppendOnly):
    """One change to one log, by whom and through which channel. Never changed."""

    class Channel(models.TextChoices):
        WEB = "web", "Web"
        UPLOAD = "upload", "Bulk upload"
        API = "api", "API"
        CLI = "cli", "Command line"
        SYSTEM = "system", "System"

    class Action(models.TextChoices):
        CREATED = "created", "Created"
        UPDATED = "updated", "Updated"
        DELETED = "deleted", "Deleted"
        # its owning or managing organisation changed (an organisation merge), not its answers
        MOVED = "moved", "Moved to another organisation"

    log = models.ForeignKey(Log, on_delete=models.PROTECT, related_name="audit_events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="audit_events",
        null=True,
        blank=True,
    )
    channel = models.CharField(max_length=16, choices=Channel.choices)
    action = models.CharField(max_length=16, choices=Action.choices)
    changes = models.JSONField(default=dict, blank=True)  # {field: [old, new]}
    reference = models.CharField(max_length=100, blank=True)  # e.g. the upload or the API key's name
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["log", "at"], name="auditevent_log_at")]

    def __str__(self) -> str:
        return f"{self.get_action_display()} log {self.log_id} via {self.channel} at {self.at}"


class DuplicateDismissal(AppendOnly):
    """Someone looked at a set of duplicate logs and said they are not duplicates. The set
    stops showing as duplicates until another log joins it (caselog/logs/duplicates.py)."""

    duplicate_key = models.CharField(max_length=64, db_index=True)
    log_ids = models.JSONField(default=list)  # the logs in the set when it was dismissed
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        related_name="+",
        null=True,
        blank=True,
    )
    at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Logs {', '.join(map(str, self.log_ids))} are not duplicates"
