"""CLI: every command has help ending with an example; exit codes and messages at the boundary."""

from __future__ import annotations

import argparse
import json

import pytest

from newsdesk.cli import build_parser, main


def _all_parsers(parser: argparse.ArgumentParser, prefix: str = "newsdesk"):
    yield prefix, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _all_parsers(sub, f"{prefix} {name}")


@pytest.mark.parametrize("name,parser", list(_all_parsers(build_parser())), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_help_ends_with_an_example(name: str, parser: argparse.ArgumentParser) -> None:
    help_text = parser.format_help().rstrip()
    last = help_text.split("\n\n")[-1].strip()  # the epilog, possibly wrapped
    assert last.startswith("example: newsdesk"), f"{name}: help should end with an example, got {last!r}"


def test_no_command_prints_usage_and_exits_64(capsys) -> None:
    assert main([]) == 64
    assert "usage" in capsys.readouterr().err


def test_missing_path_is_reported_and_skipped(tmp_path, capsys) -> None:
    missing = tmp_path / "nope.txt"
    code = main(["brief", str(missing), "--format", "json", "-q"])
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert data["articles"] == []
    assert [s["path"] for s in data["skipped"]] == [str(missing)]
    assert str(missing) in err


def test_bad_config_value_is_a_clean_error(tmp_path, capsys) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[summarize]\nwords = -3\n")
    code = main(["brief", str(tmp_path), "--config", str(cfg), "-q"])
    err = capsys.readouterr().err
    assert code == 2
    assert "SummarizeConfig.words = -3" in err and "Traceback" not in err


def test_unknown_config_key_is_named(tmp_path, capsys) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text("[summarize]\nwordz = 100\n")
    assert main(["brief", str(tmp_path), "--config", str(cfg), "-q"]) == 2
    assert "wordz" in capsys.readouterr().err
