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

    assert field_notes(Example) == {"a": "the first", "b": "about b, on two lines the second", "c": "see `b`"}


def test_flags_of_settings_are_named() -> None:
    text = reference_markdown()
    words = next(line for line in text.splitlines() if line.startswith("| `words` |"))
    assert words.endswith("| word budget of the brief. Flag: `--words` (brief, distributed brief). |")


def test_the_eval_data_checker_names_what_is_missing(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    import runpy

    checker = runpy.run_path(str(DOCS.parent / "scripts" / "check_eval_data.py"))
    mn = tmp_path / "multinews-val"
    mn.mkdir()
    (mn / "clusters.jsonl").write_text(
        '{"id": "c1", "documents": ["one story", "the same story"], "summary": "a summary"}\n'
        '{"id": "c2", "documents": []}\nnot json\n', encoding="utf-8")
    zy = tmp_path / "zyte-extraction-dev"
    (zy / "html").mkdir(parents=True)
    (zy / "ground-truth.json").write_text('{"p1": {"url": "u", "articleBody": "b"}}', encoding="utf-8")
    got = {name: (status, count, problems) for name, status, count, problems in checker["check"](tmp_path)}
    assert got["multinews-val"][:2] == ("problems", 3)
    assert got["multinews-val"][2][:2] == ["clusters.jsonl:2: no 'summary'", "clusters.jsonl:3: not JSON "
                                           "(Expecting value: line 1 column 1 (char 0))"]
    assert got["zyte-extraction-dev"] == ("problems", 1, ["html/p1.html.gz is missing"])
    assert got["duc2007"] == ("absent", 0, [])
    assert checker["main"]([str(tmp_path)]) == 1
    assert "duc2007                absent" in capsys.readouterr().out
