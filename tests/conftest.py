"""Shared fixtures: paths to the bundled samples and to ../shared (skipped when absent)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples" / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SHARED = Path(os.environ.get("NEWSDESK_SHARED", ROOT.parent / "shared"))

os.environ.setdefault("HF_HUB_OFFLINE", "1")


def _need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent: this test needs ../shared beside the project root (see README)")
    return path


def seed_line(seeds_dir: Path, file_prefix: str, key: str) -> str:
    """The whole line (one paragraph, stripped) of the seed ``file_prefix*.txt`` that contains ``key``.

    Tests name a seed sentence by a short key (at most 5 words) and read the sentence itself from
    ../shared at run time, so no third-party text is copied into the repository. Fails when the
    seed file or the key is not found exactly once.
    """
    assert len(key.split()) <= 5, f"seed key {key!r} is longer than 5 words: use a shorter key"
    files = sorted(seeds_dir.glob(f"{file_prefix}*.txt"))
    assert len(files) == 1, f"{len(files)} seed files match {file_prefix}*.txt in {seeds_dir}"
    lines = [ln.strip() for ln in files[0].read_text(encoding="utf-8").splitlines()]
    hits = [ln for ln in lines if key in ln]
    assert len(hits) == 1, f"key {key!r} is on {len(hits)} lines of {files[0].name}, not exactly one"
    assert hits[0].count(key) == 1, f"key {key!r} occurs more than once on its line of {files[0].name}"
    return hits[0]


@pytest.fixture(scope="session")
def shared() -> Path:
    return _need(SHARED)


@pytest.fixture(scope="session")
def seeds() -> Path:
    return _need(SHARED / "seeds")


@pytest.fixture(scope="session")
def multinews() -> Path:
    return _need(SHARED / "eval" / "multinews-val" / "clusters.jsonl")


@pytest.fixture(scope="session")
def zyte() -> Path:
    return _need(SHARED / "eval" / "zyte-extraction-dev")


@pytest.fixture(scope="session")
def samples() -> Path:
    return SAMPLES


pytest_plugins = ["conftest_store"]  # PostgreSQL server and store fixtures (tests/conftest_store.py)
