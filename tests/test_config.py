"""Config values are type-checked at construction, with the field, the value and the fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsdesk.config import Config, FactsConfig, IngestConfig, SummarizeConfig
from newsdesk.errors import ConfigError


def _toml(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "c.toml"
    p.write_text(text, encoding="utf-8")
    return p


def test_a_quoted_number_in_toml_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as exc:
        Config.from_toml(_toml(tmp_path, '[summarize]\nwords = "150"\n'))
    assert str(exc.value).endswith(
        "[summarize] SummarizeConfig.words = '150' is not allowed: use a whole number "
        "(got str; in TOML write words = 150 without quotes)."
    )


@pytest.mark.parametrize(
    "make,message",
    [
        (lambda: IngestConfig(min_words=True), "IngestConfig.min_words = True is not allowed: use a whole number (got bool)."),
        (lambda: SummarizeConfig(citation_threshold="0.3"), "SummarizeConfig.citation_threshold = '0.3' is not allowed"),
        (lambda: FactsConfig(enabled="yes"), "FactsConfig.enabled = 'yes' is not allowed: use true or false"),
        (lambda: SummarizeConfig(method="lexrank"), "SummarizeConfig.method = 'lexrank' is not allowed: use one of"),
        (lambda: FactsConfig(spacy_model="xx_no_such_model"), "FactsConfig.spacy_model = 'xx_no_such_model' is not installed"),
    ],
    ids=["bool-for-int", "str-for-float", "str-for-bool", "unknown-method", "missing-spacy-model"],
)
def test_bad_values_fail_at_construction(make, message: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)").replace(".", r"\.")):
        make()


def test_an_int_is_a_fine_float_and_a_missing_model_is_fine_when_facts_are_off() -> None:
    assert SummarizeConfig(citation_threshold=1).citation_threshold == 1
    assert FactsConfig(enabled=False, spacy_model="xx_no_such_model").spacy_model == "xx_no_such_model"


def test_unknown_key_and_section_are_named(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="unknown key\\(s\\) wordz in \\[summarize\\]"):
        Config.from_toml(_toml(tmp_path, "[summarize]\nwordz = 1\n"))
    with pytest.raises(ConfigError, match="unknown section \\[summary\\]"):
        Config.from_toml(_toml(tmp_path, "[summary]\nwords = 1\n"))
