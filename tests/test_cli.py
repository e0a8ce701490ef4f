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


def test_no_command_prints_usage_and_exits_2(capsys) -> None:
    assert main([]) == 2
    assert "usage" in capsys.readouterr().err


def test_unknown_flag_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["brief", "x", "--nope"])
    assert exc.value.code == 2
    assert "unrecognized arguments: --nope" in capsys.readouterr().err


def test_version_and_help_exit_0(capsys) -> None:
    for argv in (["--version"], ["brief", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
    assert capsys.readouterr().out.startswith("newsdesk ")


def test_only_missing_paths_is_an_input_error(tmp_path, capsys) -> None:
    missing = tmp_path / "nope"
    assert main(["brief", str(missing), "-q"]) == 3
    err = capsys.readouterr().err
    assert f"no such file or directory: {str(missing)!r}" in err and "Traceback" not in err


def test_a_missing_path_among_others_is_reported_and_skipped(tmp_path, samples, capsys) -> None:
    missing = tmp_path / "nope.txt"
    one = next(p for p in sorted(samples.rglob("*.txt")))
    code = main(["brief", str(one), str(missing), "--format", "json", "-q"])
    out, err = capsys.readouterr()
    assert code == 0
    data = json.loads(out)
    assert len(data["articles"]) == 1
    assert [s["path"] for s in data["skipped"]] == [str(missing)]
    assert str(missing) in err


def test_output_into_a_missing_folder_fails_before_the_run(tmp_path, samples, capsys) -> None:
    out = tmp_path / "no" / "such" / "dir" / "out.md"
    assert main(["brief", str(samples), "-o", str(out)]) == 3
    err = capsys.readouterr().err
    assert "does not exist; create it first" in err
    assert "reading inputs" not in err  # nothing was run


def test_read_commands_do_not_create_a_database(tmp_path, capsys) -> None:
    db = tmp_path / "typo.db"
    assert main(["events", "--db", str(db)]) == 3
    assert main(["show", "ev-1", "--db", str(db)]) == 3
    assert "no database at" in capsys.readouterr().err
    assert not db.exists()


def test_bad_method_is_a_usage_error_before_reading(tmp_path, capsys) -> None:
    cfg = tmp_path / "c.toml"
    cfg.write_text('[summarize]\nmethod = "nope"\n')
    assert main(["brief", str(tmp_path / "does-not-matter"), "--config", str(cfg), "-q"]) == 2
    err = capsys.readouterr().err
    assert "SummarizeConfig.method = 'nope' is not allowed: use one of newsdesk, centroid" in err


def test_help_imports_no_heavy_module() -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from newsdesk.cli import build_parser\n"
        "p = build_parser()\n"
        "for args in (['--help'], ['brief', '--help'], ['ingest', '--help'], ['summarize', '--help']):\n"
        "    try:\n"
        "        p.parse_args(args)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = [m for m in ('sklearn', 'scipy', 'spacy', 'trafilatura', 'fastapi', 'dask', 'datasketch', 'torch')"
        " if m in sys.modules]\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    heavy = got.stderr.rsplit("HEAVY:", 1)[-1].strip()
    assert heavy == "", f"--help imported {heavy}"


def test_method_choices_are_the_summarizer_registry() -> None:
    from newsdesk.config import SUMMARIZE_METHODS
    from newsdesk.summarize import SUMMARIZERS

    assert tuple(SUMMARIZERS) == SUMMARIZE_METHODS


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
