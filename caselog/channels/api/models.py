"""API keys: a housing management system's access to its organisation's logs.

A key is shown once, when it is made; the service keeps only its SHA-256 hash (the key is 40
random characters, so a fast hash is safe) and its first characters, to find it and to show
which key is which. A key acts for its organisation (and those it submits for), reads only
or reads and writes, may expire, and is revoked rather than deleted, so the audit trail
keeps its name.
"""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

PREFIX_LENGTH = 8
KEY_START = "cl_"  # so a leaked key is recognisable in logs and secret scanners


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def usable(self) -> ApiKeyQuerySet:
        now = timezone.now()
        return self.filter(revoked_at__isnull=True).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))


class ApiKey(models.Model):
    class Access(models.TextChoices):
        READ = "read", "Read logs"
        WRITE = "write", "Read and submit logs"

    organisation = models.ForeignKey("accounts.Organisation", on_delete=models.PROTECT, related_name="api_keys")
    name = models.CharField(max_length=100)  # what it is for: "Northgate Housing export"
    prefix = models.CharField(max_length=PREFIX_LENGTH, unique=True)
    hashed = models.CharField(max_length=64)
    access = models.CharField(max_length=8, choices=Access.choices, default=Access.READ)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, organisation, name: str, access: str, created_by, expires_at=None) -> tuple[ApiKey, str]:
        """A new key and its secret, which is shown once and never stored."""
        while True:
            prefix = secrets.token_hex(PREFIX_LENGTH // 2)
            if not cls.objects.filter(prefix=prefix).exists():
                break
        key = f"{KEY_START}{prefix}_{secrets.token_urlsafe(30)}"
        api_key = cls.objects.create(organisation=organisation, name=name, prefix=prefix, hashed=hash_key(key),
                                     access=access, created_by=created_by, expires_at=expires_at)
        return api_key, key

    @classmethod
    def find(cls, key: str) -> ApiKey | None:
        """The usable key this secret is, or None."""
        if not key.startswith(KEY_START):
            return None
        prefix = key[len(KEY_START):len(KEY_START) + PREFIX_LENGTH]
        found = cls.objects.usable().select_related("organisation").filter(prefix=prefix).first()
        if found is None or not secrets.compare_digest(found.hashed, hash_key(key)):
            return None
        return found

    @property
    def can_write(self) -> bool:
        return self.access == self.Access.WRITE

    @property
    def is_usable(self) -> bool:
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > timezone.now())


class IdempotentRequest(models.Model):
    """A POST sent with an Idempotency-Key: the same key and body get the same response and
    make nothing twice; the database's uniqueness decides which of two racing requests runs."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="idempotent_requests")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)  # SHA-256 of the method, path and body
    status = models.PositiveSmallIntegerField()
    response = models.JSONField()
    headers = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_once_per_api_key")]


class RequestCount(models.Model):
    """Requests a key sent in one minute, for the rate limit (auth.py): counted by one
    statement, whichever cache the service has. On PostgreSQL the table is unlogged, so a
    count does not wait for the disk; losing the counts in a crash only resets a minute."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    minute = models.BigIntegerField()  # minutes since 1970
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "minute"], name="request_count_once_a_minute")]
