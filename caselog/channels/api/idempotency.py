"""Idempotency-Key on POST: the same key and body give the first response again and do the
work once; the same key with a different body is refused (422). Backed by a uniqueness
constraint per API key (IdempotentRequest), so requests racing each other also do it once."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, JsonResponse
from ninja import Schema
from ninja.errors import HttpError

from .models import IdempotentRequest

KEY_LENGTH = 255
HEADER = "Idempotency-Key"
REPLAYED = "Idempotent-Replayed"
KEPT_HEADERS = ("ETag", "Location")


def parameter(what: str) -> dict:
    """The header as the OpenAPI document declares it; `what` is what one request makes."""
    return {
        "in": "header", "name": HEADER, "required": False,
        "description": f"Any text of yours naming {what} (your own reference for it, for example). Sending the same "
                       f"key and body again gives the first response and does nothing more.",
        "schema": {"type": "string", "minLength": 1, "maxLength": KEY_LENGTH, "pattern": r"\S"},
    }


REPLAYED_HEADER = {REPLAYED: {"description": "true when this is the response to an earlier request with the same "
                                             "Idempotency-Key", "required": False,
                              "schema": {"type": "string", "enum": ["true"]}}}


def once(request: HttpRequest, payload: Schema, run: Callable[[], JsonResponse]) -> JsonResponse:
    """run(), or the response it gave for this key and body before."""
    sent = request.headers.get(HEADER)
    if sent is None:
        return run()
    key = sent.strip()
    if not key:  # a client's key that went missing: sent twice, the work would be done twice
        raise HttpError(400, "The Idempotency-Key is empty. Send your key for this request, or leave the header out")
    if len(key) > KEY_LENGTH:
        raise HttpError(400, f"The Idempotency-Key must be {KEY_LENGTH} characters or fewer")
    digest = hashlib.sha256(json.dumps([request.path, payload.dict()], sort_keys=True, default=str).encode()).hexdigest()
    try:
        with transaction.atomic():
            # the row is claimed first: a request racing this one waits on the key's
            # uniqueness until this transaction ends, then finds the response below
            claim = IdempotentRequest.objects.create(api_key=request.auth, key=key, request_hash=digest,
                                                     status=0, response={})
            response = run()
            claim.status, claim.response = response.status_code, json.loads(response.content)
            claim.headers = {h: response[h] for h in KEPT_HEADERS if h in response}
            claim.save(update_fields=["status", "response", "headers"])
            return response
    except IntegrityError:
        earlier = IdempotentRequest.objects.get(api_key=request.auth, key=key)
    if earlier.request_hash != digest:
        raise HttpError(422, "This Idempotency-Key was used before with a different request. Use a new key for a "
                             "new request")
    replay = JsonResponse(earlier.response, status=earlier.status)
    for header, value in earlier.headers.items():
        replay[header] = value
    replay[REPLAYED] = "true"
    return replay
