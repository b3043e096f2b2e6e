"""Recording sign-ins and changes to people, organisations and relationships
(SecurityEvent). Changes to logs are recorded by the gateway (logs.AuditEvent)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .models import SecurityEvent, normalise_email


def client_ip(request) -> str | None:
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def record(kind: str, *, request=None, actor=None, user=None, organisation=None, email: str = "",
           **detail: Any) -> SecurityEvent:
    if actor is None and request is not None and getattr(request, "user", None) and request.user.is_authenticated:
        actor = request.user
    if organisation is None and user is not None:
        organisation = user.organisation
    return SecurityEvent.objects.create(
        kind=kind, actor=actor, user=user, organisation=organisation, email=email or (user.email if user else ""),
        detail=detail, ip_address=client_ip(request),
    )


@receiver(user_logged_in)
def _signed_in(sender, request, user, **kwargs) -> None:
    record(SecurityEvent.Kind.SIGNED_IN, request=request, actor=user, user=user)


@receiver(user_logged_out)
def _signed_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    record(SecurityEvent.Kind.SIGNED_OUT, request=request, actor=user, user=user)


@receiver(user_login_failed)
def _sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    email = normalise_email(str(credentials.get("username") or credentials.get("email") or ""))
    from .models import User

    user = User.objects.filter(email=email).first() if email else None
    locked = bool(getattr(request, "axes_locked_out", False))
    record(SecurityEvent.Kind.LOCKED_OUT if locked else SecurityEvent.Kind.SIGN_IN_FAILED,
           request=request, actor=None, user=user, email=email)
