"""The gateway: the only way answers change. Every channel calls submit()."""

from .submit import Source, create_log, submit, validate

__all__ = ["Source", "create_log", "submit", "validate"]
