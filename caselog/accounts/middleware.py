"""Session limits and the two-factor gate, for every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from .sessions import SIGNED_IN_AT
from .signin import second_step


class SessionLimitsMiddleware:
    """Signs a user out SESSION_MAX_AGE seconds after they signed in, however active they
    have been. (The idle limit is the session cookie's age, renewed on every request.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            started = request.session.get(SIGNED_IN_AT)
            if started is None:
                request.session[SIGNED_IN_AT] = time.time()
            elif time.time() - started > settings.SESSION_MAX_AGE:
                logout(request)
                return redirect(f"{reverse('accounts:sign-in')}?timed_out=1")
        return self.get_response(request)


# pages a signed-in coordinator or support user can reach before giving their code
TWO_FACTOR_OPEN = ("accounts:two-factor-set-up", "accounts:two-factor", "accounts:sign-out")


class TwoFactorMiddleware:
    """Coordinators and support users give a code from their authenticator app after their
    password; until they do, every page sends them to set it up or to enter it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        step = second_step(request.user) if request.user.is_authenticated else None
        if step:
            path = request.path_info
            if path not in {reverse(name) for name in TWO_FACTOR_OPEN} and not path.startswith(settings.STATIC_URL):
                return redirect(step)
        return self.get_response(request)
