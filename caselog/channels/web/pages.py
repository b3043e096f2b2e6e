"""The pages linked from every page's footer: accessibility statement, privacy notice,
cookies, and help. Open to everyone, signed in or not. What they say about cookies and
contact details comes from settings, so it stays true when those change."""

from __future__ import annotations

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe


def _duration(seconds: int) -> str:
    """"30 minutes", "12 hours", "1 year"."""
    days = seconds / 86400
    if days >= 364:
        years = max(1, round(days / 365))
        return f"{years} year{'s' if years > 1 else ''}"
    for size, unit in ((86400, "day"), (3600, "hour"), (60, "minute")):
        if seconds >= size and seconds % size == 0:
            n = seconds // size
            return f"{n} {unit}{'s' if n > 1 else ''}"
    return f"{seconds} seconds"


def essential_cookies() -> list[dict[str, str]]:
    """The cookies the service sets, with their names and lifetimes from settings."""
    idle = _duration(settings.SESSION_COOKIE_AGE)
    longest = _duration(getattr(settings, "SESSION_MAX_AGE", settings.SESSION_COOKIE_AGE))
    cookies = [{
        "name": settings.SESSION_COOKIE_NAME,
        "purpose": "Keeps you signed in as you move from page to page",
        "expires": f"After {idle} without using the service, when you sign out, or {longest} after you signed in",
    }]
    if not settings.CSRF_USE_SESSIONS:
        cookies.append({
            "name": settings.CSRF_COOKIE_NAME,
            "purpose": "Checks that the forms you send come from this service, to protect your account",
            "expires": _duration(settings.CSRF_COOKIE_AGE) if settings.CSRF_COOKIE_AGE else "When you close your browser",
        })
    cookies.append({
        "name": CookieStorage.cookie_name,
        "purpose": "Shows you a message once, for example that a log has been deleted",
        "expires": "When the message has been shown, or when you close your browser",
    })
    return cookies


def _render(request: HttpRequest, template: str, **context) -> HttpResponse:
    return render(request, template, {"support_email": settings.SUPPORT_EMAIL, **context})


@require_safe
def accessibility_statement(request: HttpRequest) -> HttpResponse:
    return _render(request, "web/pages/accessibility_statement.html")


@require_safe
def privacy_notice(request: HttpRequest) -> HttpResponse:
    return _render(request, "web/pages/privacy_notice.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    return _render(request, "web/pages/cookies.html", cookies=essential_cookies())


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    return _render(request, "web/pages/help.html")
