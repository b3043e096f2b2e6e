"""Bearer authentication by API key (models.ApiKey): `Authorization: Bearer cl_…`."""

from __future__ import annotations

import datetime as dt
import time

from django.conf import settings
from django.db import connection
from django.utils import timezone
from ninja.security import HttpBearer

from .actor import KeyActor
from .models import ApiKey, RequestCount

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
    """A fixed window per key, counted in one statement (an upsert, atomic on PostgreSQL and
    SQLite): over the limit, RateLimited until the minute ends."""
    now = time.time()
    minute = int(now // WINDOW)
    table = connection.ops.quote_name(RequestCount._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} (api_key_id, minute, count) VALUES (%s, %s, 1) "
                       f"ON CONFLICT (api_key_id, minute) DO UPDATE SET count = {table}.count + 1 RETURNING count",
                       [key.pk, minute])
        count = cursor.fetchone()[0]
    if count == 1:  # the key's first request this minute: its earlier minutes are done with
        RequestCount.objects.filter(api_key=key, minute__lt=minute).delete()
    if count > settings.API_REQUESTS_PER_MINUTE:
        raise RateLimited(max(1, int((minute + 1) * WINDOW - now) + 1))
