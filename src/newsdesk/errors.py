"""Exceptions. Library code raises these; only ``cli.py`` turns them into messages and exit codes."""

from __future__ import annotations


class NewsdeskError(Exception):
    """Base class of every error newsdesk raises on purpose."""


class InputError(NewsdeskError):
    """Input that cannot be read at all (a missing path, an unknown format).

    Per-record problems never raise: they become ``Skipped`` records.
    """


class ConfigError(NewsdeskError, ValueError):
    """A configuration value out of range; the message names the field, the value and the fix."""


class MissingExtraError(NewsdeskError, ImportError):
    """An optional dependency is not installed; the message gives the exact pip line."""


def require(module: str, extra: str) -> object:
    """Import ``module`` or raise :class:`MissingExtraError` naming the extra that provides it."""
    import importlib

    try:
        return importlib.import_module(module)
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise MissingExtraError(
            f"{module!r} is needed for this feature: install it with  pip install 'newsdesk[{extra}]'"
        ) from exc
