"""Records that are written once and never changed or deleted: a log's audit events and the
security events of sign-ins and account changes."""

from __future__ import annotations

from django.db import models


class ImmutableError(Exception):
    """Raised on an attempt to change or delete a record that is kept as written."""


class AppendOnlyQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural.capitalize()} cannot be changed")

    def delete(self):
        raise ImmutableError(f"{self.model._meta.verbose_name_plural.capitalize()} cannot be deleted")


class AppendOnly(models.Model):
    """Saved once; saving again, updating or deleting raises ImmutableError."""

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError(f"{self._meta.verbose_name_plural.capitalize()} cannot be changed")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableError(f"{self._meta.verbose_name_plural.capitalize()} cannot be deleted")
