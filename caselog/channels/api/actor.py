"""Who an API key acts as: its organisation, as one of its data providers would. The
gateway and the permissions judge a key's requests by the same rules as a person's, so an
answer naming another organisation's scheme is refused through the API as on the web."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(eq=False)
class KeyActor:
    """The User-like object permissions.py reads (organisation, roles), for an ApiKey."""

    key: object
    organisation: object
    organisation_id: int
    pk: None = None  # no person: audit events name the key instead (Source.reference)
    is_authenticated: bool = True
    is_active: bool = True
    is_support: bool = False
    is_coordinator: bool = False
    _acting_for: tuple | None = field(default=None, repr=False)

    @classmethod
    def of(cls, key) -> KeyActor:
        return cls(key=key, organisation=key.organisation, organisation_id=key.organisation_id)
