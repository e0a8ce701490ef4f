"""A benchmark report: one table, the settings that produced it and a digest of the data."""

from __future__ import annotations

import hashlib
import json
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def digest(*paths: str | Path) -> str:
    """sha256 over the bytes of the given files (directories: every file inside, sorted)."""
    h = hashlib.sha256()
    for p in map(Path, paths):
        files = sorted(x for x in p.rglob("*") if x.is_file()) if p.is_dir() else [p]
        for f in files:
            h.update(f.name.encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def machine() -> str:
    import os

    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


@dataclass(frozen=True)
class Report:
    """``rows`` are tuples in the order of ``columns``; floats are printed with ``precision``."""

    title: str
    columns: tuple[str, ...]
    rows: tuple[tuple[Any, ...], ...]
    settings: dict[str, Any] = field(default_factory=dict)
    data_digest: str = ""
    precision: int = 3

    def _cell(self, v: Any) -> str:
        if isinstance(v, float):
            return f"{v:.{self.precision}f}"
        return str(v)

    def to_text(self) -> str:
        cells = [list(self.columns)] + [[self._cell(v) for v in r] for r in self.rows]
        widths = [max(len(r[i]) for r in cells) for i in range(len(self.columns))]
        lines = [self.title, ""]
        for n, r in enumerate(cells):
            lines.append("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths))))
            if n == 0:
                lines.append("  ".join("-" * w for w in widths))
        lines.append("")
        for k, v in self.settings.items():
            lines.append(f"{k}: {v}")
        if self.data_digest:
            lines.append(f"data sha256: {self.data_digest}")
        lines.append(f"machine: {machine()}")
        return "\n".join(lines) + "\n"

    def to_markdown(self) -> str:
        lines = [f"**{self.title}**", "", "| " + " | ".join(self.columns) + " |"]
        lines.append("|" + "|".join("---" for _ in self.columns) + "|")
        for r in self.rows:
            lines.append("| " + " | ".join(self._cell(v) for v in r) + " |")
        lines.append("")
        for k, v in self.settings.items():
            lines.append(f"- {k}: {v}")
        if self.data_digest:
            lines.append(f"- data sha256: `{self.data_digest}`")
        lines.append(f"- machine: {machine()}")
        return "\n".join(lines) + "\n"

    def to_json(self) -> str:
        return json.dumps(
            {
                "title": self.title,
                "columns": list(self.columns),
                "rows": [list(r) for r in self.rows],
                "settings": self.settings,
                "data_digest": self.data_digest,
                "machine": machine(),
            },
            indent=2,
        )

    def row(self, system: str) -> dict[str, Any]:
        """The row whose first cell is ``system``, as a dict keyed by column."""
        for r in self.rows:
            if r[0] == system:
                return dict(zip(self.columns, r))
        raise KeyError(system)

    def render(self, fmt: str) -> str:
        return {"text": self.to_text, "markdown": self.to_markdown, "json": self.to_json}[fmt]()
