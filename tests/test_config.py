"""Config values are type-checked at construction, with the field, the value, what is allowed and the fix."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsdesk.config import Config, FactsConfig, IngestConfig, SummarizeConfig
from newsdesk.errors import ConfigError


def _toml(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return p


def _message(make) -> str:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError) as exc:
        make()
    return str(exc.value)


def test_a_quoted_number_in_toml_is_an_error(tmp_path: Path) -> None:
    path = _toml(tmp_path, '[summarize]\nwords = "150"\n')
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: [summarize] SummarizeConfig.words = '150' is not allowed: use a whole number "
        "(got str; in TOML write words = 150 without quotes)."
    )


def test_a_bool_for_an_int_in_toml_is_an_error(tmp_path: Path) -> None:
    path = _toml(tmp_path, "[ingest]\nmin_words = true\n")
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: [ingest] IngestConfig.min_words = True is not allowed: use a whole number "
        "(got bool; for example min_words = 20)."
    )


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: IngestConfig(min_words=True),
         "IngestConfig.min_words = True is not allowed: use a whole number (got bool; for example min_words = 20)."),
        (lambda: SummarizeConfig(citation_threshold="0.3"),
         ("SummarizeConfig.citation_threshold = '0.3' is not allowed: use a number "
         "(got str; in TOML write citation_threshold = 0.3 without quotes).")),
        (lambda: FactsConfig(enabled="yes"),
         "FactsConfig.enabled = 'yes' is not allowed: use true or false (got str; for example enabled = true)."),
        (lambda: SummarizeConfig(method=1),
         "SummarizeConfig.method = 1 is not allowed: use a string (got int; for example method = \"centroid\")."),
        (lambda: SummarizeConfig(method="lexrank"),
         "SummarizeConfig.method = 'lexrank' is not allowed: use one of newsdesk, centroid."),
        (lambda: FactsConfig(spacy_model="xx_no_such_model"),
         ("FactsConfig.spacy_model = 'xx_no_such_model' is not installed: install it with  pip install "
         "xx-no-such-model  (official models: python -m spacy download xx_no_such_model), give the folder of "
         "a saved model, or turn the facts stage off with [facts] enabled = false.")),
    ],
    ids=["bool-for-int", "str-for-float", "str-for-bool", "int-for-str", "unknown-method", "missing-spacy-model"],
)
def test_bad_values_fail_at_construction(make, message: str) -> None:  # type: ignore[no-untyped-def]
    assert _message(make) == message


_WRONG = {int: "1", float: "0.5", bool: 1, str: 1}  # a value of another type for each annotation


@pytest.mark.parametrize(
    "stage,name",
    [(s.name, f.name) for s in dataclasses.fields(Config) for f in dataclasses.fields(s.default_factory)],  # type: ignore[arg-type]
    ids=lambda x: x,
)
def test_every_field_of_every_stage_is_type_checked(stage: str, name: str) -> None:
    config = Config()
    default = getattr(getattr(config, stage), name)
    wrong = _WRONG[type(default)]
    message = _message(lambda: config.replace(stage, **{name: wrong}))
    assert f".{name} = {wrong!r} is not allowed: use " in message


def test_an_int_is_a_fine_float() -> None:
    assert SummarizeConfig(citation_threshold=1).citation_threshold == 1


def test_a_missing_spacy_model_is_fine_when_facts_are_off_and_a_model_folder_is_fine(tmp_path: Path) -> None:
    assert FactsConfig(enabled=False, spacy_model="xx_no_such_model").spacy_model == "xx_no_such_model"
    assert FactsConfig(spacy_model=str(tmp_path)).spacy_model == str(tmp_path)


def test_the_spacy_model_is_found_without_being_loaded() -> None:
    import subprocess
    import sys

    code = "import sys; from newsdesk.config import FactsConfig; FactsConfig(); print('spacy' in sys.modules)"
    got = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert got.stdout.strip() == "False"


def test_unknown_key_and_section_are_named(tmp_path: Path) -> None:
    path = _toml(tmp_path, "[summarize]\nwordz = 1\n")
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: unknown key(s) wordz in [summarize]; known: citation_threshold, embed_query, headline_words, lang, method, query, seed, since, words"
    )
    path = _toml(tmp_path, "[summary]\nwords = 1\n")
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: unknown section [summary]; known: ingest, clean, dedup, cluster, summarize, facts, store"
    )


def test_a_key_outside_any_section_is_named(tmp_path: Path) -> None:
    path = _toml(tmp_path, "words = 150\n")
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: words = 150 is outside any section: put it under its table ([summarize], ...); "
        "known sections: ingest, clean, dedup, cluster, summarize, facts, store"
    )
    path = _toml(tmp_path, "summarize = 3\n")
    assert _message(lambda: Config.from_toml(path)) == (
        f"{path}: summarize = 3 is not allowed: [summarize] is a table of settings"
    )
