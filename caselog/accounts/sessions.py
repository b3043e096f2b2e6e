"""Ending a user's sessions (when they are deactivated, or change their password)."""

from __future__ import annotations

from django.contrib.sessions.models import Session

from .models import UserSession


def end_sessions(user, keep: str | None = None) -> int:
    """Delete every session the user is signed in with, except `keep` (the current one)."""
    keys = list(UserSession.objects.filter(user=user).exclude(session_key=keep or "").values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    UserSession.objects.filter(session_key__in=keys).delete()
    return len(keys)
