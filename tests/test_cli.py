"""CLI: every command has help ending with an example and is documented; --help imports nothing
heavy; each exit code (docs/cli.md) with its exact message."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

import pytest

import newsdesk
from newsdesk.cli import build_parser, main, walk

COMMANDS = [name for name, _ in walk(build_parser())]
HEAVY = ("sklearn", "scipy", "numpy", "spacy", "trafilatura", "fastapi", "dask", "distributed", "torch", "datasketch")
DOCS = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def _error(message: str) -> str:
    return f"newsdesk: error: {message}\n"


def _toml(tmp_path: Path, text: str) -> str:
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return str(p)


# ------------------------------------------------------------------------------------------- help
@pytest.mark.parametrize("name,parser", list(walk(build_parser())), ids=lambda x: x if isinstance(x, str) else "")
def test_every_command_help_ends_with_an_example(name: str, parser: argparse.ArgumentParser) -> None:
    help_text = parser.format_help().rstrip()
    last = help_text.split("\n\n")[-1].strip()  # the epilog, possibly wrapped
    assert last.startswith("example: newsdesk"), f"{name}: help should end with an example, got {last!r}"


def test_help_of_every_command_imports_nothing_heavy() -> None:
    code = (
        "import sys\n"
        "from newsdesk.cli import main\n"
        f"for line in {COMMANDS!r}:\n"
        "    try:\n"
        "        main([*line.split()[1:], '--help'])\n"
        "    except SystemExit as exc:\n"
        "        assert exc.code == 0, line\n"
        f"heavy = sorted({{m.split('.')[0] for m in sys.modules}} & set({HEAVY!r}))\n"
        "sys.stderr.write('HEAVY:' + ','.join(heavy))\n"
    )
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.count("example: newsdesk") == len(COMMANDS)
    assert got.stderr.rsplit("HEAVY:", 1)[-1] == "", f"--help imported {got.stderr.rsplit('HEAVY:', 1)[-1]}"


def test_the_entry_point_help_imports_nothing_heavy() -> None:
    got = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "newsdesk.cli", "--help"], capture_output=True, text=True, check=True
    )
    imported = {line.rsplit("|", 1)[-1].strip().split(".")[0] for line in got.stderr.splitlines() if "|" in line}
    assert got.stdout.startswith("usage: newsdesk")
    assert imported & set(HEAVY) == set()


def test_every_command_and_flag_is_documented() -> None:
    sections = DOCS.read_text(encoding="utf-8").split("\n## ")
    for name, parser in walk(build_parser()):
        if any(isinstance(a, argparse._SubParsersAction) for a in parser._actions):
            continue  # a group (newsdesk, newsdesk evaluate): its commands are documented
        words = name.split()[1:]
        section = next((s for s in sections if all(w in s.split("\n", 1)[0].split() for w in words)), None)
        assert section is not None, f"docs/cli.md has no section for {name}"
        for action in parser._actions:
            for flag in action.option_strings:
                if flag not in ("-h", "--help", "-v", "--verbose", "-q", "--quiet"):  # every command's, at the top
                    assert f"`{flag}" in section or f" {flag}" in section, f"{name} {flag} is not in docs/cli.md"
    assert "## Exit codes" in DOCS.read_text(encoding="utf-8")


def test_method_choices_are_the_summarizer_registry(capsys) -> None:
    from newsdesk.config import SUMMARIZE_METHODS
    from newsdesk.summarize import SUMMARIZERS

    assert tuple(SUMMARIZERS) == SUMMARIZE_METHODS
    with pytest.raises(SystemExit):
        main(["summarize", "--help"])
    assert "--method {" + ",".join(sorted(SUMMARIZERS)) + "}" in capsys.readouterr().out


# ------------------------------------------------------------------------------------ 0: success
def test_version_and_help_exit_0(capsys) -> None:
    for argv in (["--version"], ["brief", "--help"]):
        with pytest.raises(SystemExit) as exc:
            main(argv)
        assert exc.value.code == 0
    assert capsys.readouterr().out.startswith(f"newsdesk {newsdesk.__version__}\n")


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


# -------------------------------------------------------------------------------- 2: usage error
def test_no_command_prints_usage_and_exits_2(capsys) -> None:
    assert main([]) == 2
    assert capsys.readouterr().err.startswith("usage: newsdesk")


@pytest.mark.parametrize(
    "argv,message",
    [
        (["brief", "x", "--nope"], "newsdesk: error: unrecognized arguments: --nope\n"),
        (["brief", "x", "--words", "many"], "newsdesk brief: error: argument --words: invalid int value: 'many'\n"),
        (["summarize", "x", "--method", "nope"],
         "newsdesk summarize: error: argument --method: invalid choice: 'nope' (choose from 'centroid', 'newsdesk')\n"),
        (["frobnicate"], "newsdesk: error: argument COMMAND: invalid choice: 'frobnicate' (choose from "),
    ],
    ids=["unknown-flag", "bad-flag-value", "unknown-method-flag", "unknown-command"],
)
def test_argparse_usage_errors_exit_2(argv: list[str], message: str, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert message in err and err.startswith("usage: newsdesk")


def test_bad_flag_value_is_a_usage_error_before_reading(tmp_path, capsys) -> None:
    assert main(["brief", str(tmp_path / "nope"), "--words", "0", "-q"]) == 2
    assert capsys.readouterr().err == _error("SummarizeConfig.words = 0 is not allowed: use a positive number of words.")


@pytest.mark.parametrize(
    "toml,message",
    [
        ('[summarize]\nwords = "150"\n',
         ("[summarize] SummarizeConfig.words = '150' is not allowed: use a whole number "
         "(got str; in TOML write words = 150 without quotes).")),
        ("[ingest]\nmin_words = false\n",
         ("[ingest] IngestConfig.min_words = False is not allowed: use a whole number "
         "(got bool; for example min_words = 20).")),
        ("[summarize]\nwordz = 100\n",
         "unknown key(s) wordz in [summarize]; known: citation_threshold, embed_query, headline_words, lang, method, query, seed, since, words"),
        ('[summarize]\nmethod = "lexrank"\n',
         "[summarize] SummarizeConfig.method = 'lexrank' is not allowed: use one of newsdesk, centroid."),
        ('[facts]\nspacy_model = "xx_no_such_model"\n',
         ("[facts] FactsConfig.spacy_model = 'xx_no_such_model' is not installed: install it with  pip install "
         "xx-no-such-model  (official models: python -m spacy download xx_no_such_model), give the folder of a "
         "saved model, or turn the facts stage off with [facts] enabled = false.")),
        ("[summarize]\nwords = -3\n", "[summarize] SummarizeConfig.words = -3 is not allowed: use a positive number of words."),
    ],
    ids=["quoted-number", "bool-for-int", "unknown-key", "unknown-method", "missing-spacy-model", "out-of-range"],
)
def test_bad_config_is_a_usage_error_before_reading_inputs(tmp_path, toml: str, message: str, capsys) -> None:
    cfg = _toml(tmp_path, toml)
    # the input does not exist either: the settings are checked first, and nothing is read
    assert main(["brief", str(tmp_path / "does-not-exist"), "--config", cfg]) == 2
    assert capsys.readouterr().err == _error(f"{cfg}: {message}")


# -------------------------------------------------------------------------------- 3: input error
def test_only_missing_paths_is_an_input_error(tmp_path, capsys) -> None:
    missing = f"{tmp_path}/nope/"
    assert main(["brief", missing]) == 3
    out, err = capsys.readouterr()
    assert out == ""
    assert err == _error(f"no such file or directory: {missing!r}; give files or folders to read, or '-' for standard input")


@pytest.mark.parametrize(
    "files,why",
    [({}, "no files of a known type"), ({"a.bin": "\x00\x01", "b.txt": "short"}, "2 inputs skipped, reasons above")],
    ids=["empty-folder", "nothing-readable"],
)
def test_nothing_readable_is_an_input_error_and_writes_no_brief(tmp_path, files, why: str, capsys) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    for name, text in files.items():
        (folder / name).write_text(text)
    out_file = tmp_path / "brief.md"
    assert main(["brief", str(folder), "-q", "-o", str(out_file)]) == 3
    err = capsys.readouterr().err
    assert err.endswith(_error(
        f"nothing readable in {str(folder)!r} ({why}): give .txt, .html, .jsonl, .json, .csv, .rss/.atom or .warc.gz "
        "files, folders of them, or URLs"
    ))
    assert not out_file.exists()


def test_output_into_a_missing_folder_fails_before_the_run(tmp_path, samples, capsys) -> None:
    out = tmp_path / "no" / "such" / "dir" / "out.md"
    assert main(["brief", str(samples), "-o", str(out)]) == 3
    assert capsys.readouterr().err == _error(  # and nothing else: nothing was run
        f"cannot write {str(out)!r}: the folder {str(out.parent)!r} does not exist; create it first"
    )


@pytest.mark.parametrize("argv", [["events"], ["events", "--format", "json"], ["show", "ev-1"]], ids=" ".join)
def test_read_commands_do_not_create_a_database(tmp_path, argv: list[str], capsys) -> None:
    db = tmp_path / "typo.db"
    assert main([*argv, "--db", str(db)]) == 3
    assert capsys.readouterr().err == _error(
        f"no database at {str(db)!r}: give the one  newsdesk ingest  wrote with --db, or set $NEWSDESK_DB"
    )
    assert not db.exists()


def test_serve_on_a_missing_database_needs_create(tmp_path, capsys) -> None:
    """``serve --db typo.db`` is an input error that names the fix; nothing is created."""
    pytest.importorskip("uvicorn")
    db = tmp_path / "typo.db"
    assert main(["serve", "--db", str(db)]) == 3
    assert capsys.readouterr().err == _error(
        f"no database at {str(db)!r}: give the one  newsdesk ingest  wrote with --db (or set $NEWSDESK_DB), "
        "or add --create to start an empty desk and upload from the page"
    )
    assert not db.exists()


def test_ingest_of_a_missing_path_creates_no_database(tmp_path, capsys) -> None:
    db = tmp_path / "desk.db"
    assert main(["ingest", str(tmp_path / "nope"), "--db", str(db), "-q"]) == 3
    assert "no such file or directory" in capsys.readouterr().err
    assert not db.exists()


@pytest.mark.parametrize("what", ["summaries", "extraction", "clustering"])
def test_evaluate_on_missing_data_is_an_input_error(tmp_path, what: str, capsys) -> None:
    data = str(tmp_path / "nope.jsonl")
    assert main(["evaluate", what, data]) == 3
    assert capsys.readouterr().err == _error(f"no such file or directory: {data!r}; give files or folders to read")


# ------------------------------------------------------------------ 4: missing extra; 1; 130; -v
def test_missing_extra_exits_4_with_the_pip_line(monkeypatch, tmp_path, capsys) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # import uvicorn now fails
    assert main(["serve", "--db", str(tmp_path / "desk.db")]) == 4
    assert capsys.readouterr().err == _error(
        "'uvicorn' is needed for this feature: install it with  pip install 'newsdesk[web]'"
    )


def _raising(exc: BaseException):  # type: ignore[no-untyped-def]
    def run(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise exc

    return run


def test_a_bug_exits_1_with_the_traceback(monkeypatch, samples, capsys) -> None:
    monkeypatch.setattr(newsdesk, "brief", _raising(RuntimeError("boom")))
    assert main(["brief", str(samples), "-q"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):")
    assert err.endswith(_error("unexpected RuntimeError: boom (a bug: please report it with the traceback above)"))


def test_a_system_error_exits_1_without_a_traceback(monkeypatch, samples, capsys) -> None:
    monkeypatch.setattr(newsdesk, "brief", _raising(PermissionError(13, "Permission denied", "x.db")))
    assert main(["brief", str(samples), "-q"]) == 1
    assert capsys.readouterr().err == _error("[Errno 13] Permission denied: 'x.db'")


def test_ctrl_c_exits_130(monkeypatch, samples, capsys) -> None:
    monkeypatch.setattr(newsdesk, "brief", _raising(KeyboardInterrupt()))
    assert main(["brief", str(samples), "-q"]) == 130
    assert capsys.readouterr().err == "newsdesk: interrupted\n"


@pytest.mark.parametrize("argv", [["-v", "events"], ["events", "-v"]], ids=["before", "after"])
def test_verbose_shows_the_traceback_of_an_error(tmp_path, argv: list[str], capsys) -> None:
    assert main([*argv, "--db", str(tmp_path / "typo.db")]) == 3
    err = capsys.readouterr().err
    assert err.startswith("Traceback (most recent call last):") and "newsdesk.errors.InputError" in err


def test_verbose_adds_debug_lines_to_the_progress(monkeypatch, samples, capsys) -> None:
    monkeypatch.setattr(newsdesk, "brief", _raising(KeyboardInterrupt()))  # stop once the checks passed
    assert main(["brief", str(samples), "--words", "150", "-v"]) == 130
    err = capsys.readouterr().err.splitlines()
    assert err[0].endswith(
        f"debug: newsdesk {newsdesk.__version__}, Python {sys.version.split()[0]}; settings: summarize.words=150"
    )
    assert err[1].endswith(f"debug: inputs: {samples}")
