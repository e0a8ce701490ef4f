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
