"""CLI commands beyond ``brief``, one module per command group (part of the CLI layer).

Every module here defines ``add(subparsers)`` that registers its commands; a command's handler
parses nothing itself, makes one library call and renders. Modules are found automatically and
added in name order.
"""

from __future__ import annotations

import argparse
import importlib
import pkgutil
from collections.abc import Callable


def _discover() -> list[Callable[[argparse._SubParsersAction], None]]:
    adders = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{__name__}.{info.name}")
        adders.append(module.add)
    return adders


COMMANDS = _discover()
