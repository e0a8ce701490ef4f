"""Documentation generated from the code stays in sync: docs/config.md is `newsdesk config --markdown`,
every setting is in it, and `newsdesk config` prints a TOML file that loads back to the defaults."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

from newsdesk.cli import main
from newsdesk.cli.config import default_toml, field_notes, reference_markdown
from newsdesk.config import Config

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_config_reference_is_generated_from_the_dataclasses() -> None:
    assert (DOCS / "config.md").read_text(encoding="utf-8") == reference_markdown(), (
        "docs/config.md is out of date: run  newsdesk config --markdown > docs/config.md"
    )


def test_every_setting_is_in_the_reference_with_its_default() -> None:
    text = reference_markdown()
    for stage in dataclasses.fields(Config):
        assert f"## [{stage.name}]" in text
        for f in dataclasses.fields(stage.default_factory):  # type: ignore[arg-type]
            assert f"| `{f.name}` |" in text, f"[{stage.name}] {f.name} is not in the reference"


def test_the_default_toml_loads_back_to_the_defaults(capsys) -> None:  # type: ignore[no-untyped-def]
    assert Config.from_dict(tomllib.loads(default_toml())) == Config()
    assert main(["config"]) == 0
    assert capsys.readouterr().out == default_toml()


def test_field_notes_read_the_comments_beside_and_above_a_field() -> None:
    @dataclasses.dataclass(frozen=True)
    class Example:
        a: int = 1  # the first
        # about b,
        # on two lines
        b: str = "x # not a comment"  # the second
        c: float = 0.5

    assert field_notes(Example) == {"a": "the first", "b": "about b, on two lines the second", "c": ""}


def test_flags_of_settings_are_named() -> None:
    text = reference_markdown()
    words = next(line for line in text.splitlines() if line.startswith("| `words` |"))
    assert "word budget of the brief. Flag: `--words` (brief, distributed brief, " in words
