"""Bearer authentication by API key (models.ApiKey): `Authorization: Bearer cl_…`."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from ninja.security import HttpBearer

from .actor import KeyActor
from .models import ApiKey

LAST_USED_EVERY = dt.timedelta(minutes=1)  # write "last used" at most this often per key


class KeyAuth(HttpBearer):
    openapi_description = "An API key made by a data coordinator on the organisation's API keys page."

    def authenticate(self, request, token: str) -> ApiKey | None:
        key = ApiKey.find(token.strip())
        if key is None:
            return None
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        request.actor = KeyActor.of(key)
        return key
