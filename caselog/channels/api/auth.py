"""Bearer authentication by API key (models.ApiKey): `Authorization: Bearer cl_…`."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone
from ninja.security import HttpBearer

from .actor import KeyActor
from .models import ApiKey

LAST_USED_EVERY = dt.timedelta(minutes=1)  # write "last used" at most this often per key
WINDOW = 60  # seconds: requests are counted per key per minute


class RateLimited(Exception):
    """The key has sent its minute's requests; `retry_after` seconds until the next minute."""

    def __init__(self, retry_after: int):
        super().__init__(retry_after)
        self.retry_after = retry_after


class KeyAuth(HttpBearer):
    openapi_description = "An API key made by a data coordinator on the organisation's API keys page."

    def authenticate(self, request, token: str) -> ApiKey | None:
        key = ApiKey.find(token.strip())
        if key is None:
            return None
        now = timezone.now()
        if key.last_used_at is None or now - key.last_used_at > LAST_USED_EVERY:
            ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        _count_request(key)
        request.actor = KeyActor.of(key)
        return key


def _count_request(key: ApiKey) -> None:
    """A fixed window per key in the cache (atomic with Redis; close enough with the
    database cache of one machine): over the limit, RateLimited until the window ends."""
    now = time.time()
    window = int(now // WINDOW)
    name = f"api-requests:{key.pk}:{window}"
    cache.add(name, 0, timeout=WINDOW * 2)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, timeout=WINDOW * 2)
        count = 1
    if count > settings.API_REQUESTS_PER_MINUTE:
        raise RateLimited(max(1, int((window + 1) * WINDOW - now) + 1))
