"""Model objects to JSON and back: ``to_dict`` on the way in, :func:`from_dict` on the way out.

The store keeps nested data (paragraphs, citations, facts, flags, ...) as JSON written by
``model.to_dict``. :func:`from_dict` rebuilds the frozen dataclasses from their type hints, so a
field a colleague adds to ``Article`` or ``Result`` round-trips without a change here: unknown
keys (written by a newer version) are dropped, missing keys take the field's default.
"""

from __future__ import annotations

import dataclasses
import json
import sys
import types
import typing
from typing import Any, Literal, TypeVar, Union

from ..caches import cached
from ..model import to_dict

T = TypeVar("T")

__all__ = ["dumps", "from_dict", "loads"]


def dumps(obj: Any) -> str:
    """Compact JSON of a model object (via ``model.to_dict``)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, separators=(",", ":"))


def loads(text: str | bytes | None) -> Any:
    if text is None:
        return None
    if isinstance(text, (dict, list)):  # PostgreSQL's jsonb arrives decoded
        return text
    return json.loads(text)


@cached(maxsize=None, kind="resource")  # one entry per dataclass
def _hints(cls: type) -> dict[str, Any]:
    module = sys.modules.get(cls.__module__)
    return typing.get_type_hints(cls, globalns=vars(module) if module else None)


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild an instance of dataclass ``cls`` from ``to_dict`` output."""
    return typing.cast(T, _decode(cls, data))


def _decode(tp: Any, value: Any) -> Any:
    if value is None:
        return None
    origin = typing.get_origin(tp)
    if tp is Any or tp is typing.Any:
        return value
    if dataclasses.is_dataclass(tp) and isinstance(tp, type):
        if not isinstance(value, dict):
            return value
        hints = _hints(tp)
        kwargs = {}
        for f in dataclasses.fields(tp):
            if f.name in value and f.init:
                kwargs[f.name] = _decode(hints.get(f.name, Any), value[f.name])
        return tp(**kwargs)
    if origin in (Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        for a in args:  # the first alternative that fits the JSON shape
            if _fits(a, value):
                return _decode(a, value)
        return value
    if origin is Literal:
        return value
    if origin is tuple:
        args = typing.get_args(tp)
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_decode(args[0], v) for v in value)
        if args:
            return tuple(_decode(a, v) for a, v in zip(args, value))
        return tuple(value)
    if origin in (list, typing.List):  # noqa: UP006
        (arg,) = typing.get_args(tp) or (Any,)
        return [_decode(arg, v) for v in value]
    if origin in (dict, typing.Dict):  # noqa: UP006
        args = typing.get_args(tp) or (Any, Any)
        return {k: _decode(args[1], v) for k, v in value.items()}
    if origin in (frozenset, set):
        (arg,) = typing.get_args(tp) or (Any,)
        return origin(_decode(arg, v) for v in value)
    if tp is float and isinstance(value, int):
        return float(value)
    return value


def _fits(tp: Any, value: Any) -> bool:
    origin = typing.get_origin(tp) or tp
    if dataclasses.is_dataclass(origin):
        return isinstance(value, dict)
    if origin in (tuple, list, set, frozenset):
        return isinstance(value, list)
    if origin is dict:
        return isinstance(value, dict)
    if origin is Literal:
        return value in typing.get_args(tp)
    if origin is float:
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if isinstance(origin, type):
        return isinstance(value, origin)
    return True
