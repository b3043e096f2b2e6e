"""What the service knows about a log that its answers do not hold: its organisations (and,
later, its scheme and location), given to the engine under the names a definition's
context.yaml declares."""

from __future__ import annotations

from typing import Any

PROVIDER_TYPES = {"local_authority": "LA", "private_registered_provider": "PRP"}


def organisation_values(prefix: str, organisation) -> dict[str, Any]:
    if organisation is None:
        return {}
    return {
        f"{prefix}.provider_type": PROVIDER_TYPES.get(organisation.type),
        f"{prefix}.provider_code": organisation.provider_code,
        f"{prefix}.name": organisation.name,
    }


def log_context(log) -> dict[str, Any]:
    values: dict[str, Any] = {}
    values.update(organisation_values("owning_organisation", log.owning_organisation))
    values.update(organisation_values("managing_organisation", log.managing_organisation))
    return values
