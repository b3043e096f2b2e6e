"""Session limits and the two-factor gate, for every request."""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

SIGNED_IN_AT = "caselog_signed_in_at"


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
        user = request.user
        if user.is_authenticated and user.needs_two_factor and not user.is_verified():
            path = request.path_info
            open_paths = {reverse(name) for name in TWO_FACTOR_OPEN}
            if path not in open_paths and not path.startswith(settings.STATIC_URL):
                from django_otp.plugins.otp_totp.models import TOTPDevice

                has_device = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
                target = "accounts:two-factor" if has_device else "accounts:two-factor-set-up"
                return redirect(reverse(target))
        return self.get_response(request)
