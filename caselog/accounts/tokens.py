"""Single-use links for invitations and password resets.

A token is signed with the user's password hash and last sign-in, so it stops working once
the password is set or the user signs in; and it expires (an invitation after
INVITATION_DAYS, a reset after PASSWORD_RESET_TIMEOUT seconds).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.utils.crypto import constant_time_compare
from django.utils.encoding import force_bytes
from django.utils.http import base36_to_int, urlsafe_base64_encode


class _ExpiringTokens(PasswordResetTokenGenerator):
    def max_age(self) -> int:
        raise NotImplementedError

    def check_token(self, user, token) -> bool:
        if not (user and token) or token.count("-") != 1:
            return False
        ts_b36, _ = token.split("-")
        try:
            ts = base36_to_int(ts_b36)
        except ValueError:
            return False
        secrets = [self.secret, *self.secret_fallbacks]
        if not any(constant_time_compare(self._make_token_with_timestamp(user, ts, s), token) for s in secrets):
            return False
        return self._num_seconds(self._now()) - ts <= self.max_age()

    def _make_hash_value(self, user, timestamp: int) -> str:
        # the role too: a link sent before a role change does not outlive it
        return super()._make_hash_value(user, timestamp) + str(user.is_active) + user.role


class InvitationTokens(_ExpiringTokens):
    key_salt = "caselog.accounts.tokens.InvitationTokens"

    def max_age(self) -> int:
        return settings.INVITATION_DAYS * 24 * 3600


class PasswordResetTokens(_ExpiringTokens):
    key_salt = "caselog.accounts.tokens.PasswordResetTokens"

    def max_age(self) -> int:
        return settings.PASSWORD_RESET_TIMEOUT


invitation_tokens = InvitationTokens()
password_reset_tokens = PasswordResetTokens()


def uid_of(user) -> str:
    return urlsafe_base64_encode(force_bytes(user.pk))
