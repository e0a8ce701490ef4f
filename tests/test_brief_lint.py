"""The brief lint (benchmarks/brief_lint.py) is a measuring instrument: its rules are tested here
on invented sentences, apart from the summarizer's, so that a change to either shows."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

_PATH = Path(__file__).resolve().parents[1] / "benchmarks" / "brief_lint.py"
_spec = importlib.util.spec_from_file_location("brief_lint", _PATH)
assert _spec is not None and _spec.loader is not None
lint = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(lint)


@pytest.mark.parametrize(
    ("text", "bare"),
    [
        ('"We made them and we will do them."', True),
        ('The council said the bridge "will change the island for ever."', False),
        ('"The bridge will change the island," she said.', True),
        ('The harbour house from the series "Nights on Velden Pier" is for sale.', False),
        ('"The Ballad of Brenn Harbour" topped the Ostrian chart for six weeks.', False),
        ('The Velden Gazette describes the bridge as "the longest span ever built in Ostria."', False),
        ('The bridge was described as "the longest span ever built in Ostria."', True),
    ],
)
def test_lint_counts_a_quotation_without_a_speaker_and_no_title(text: str, bare: bool) -> None:
    assert lint.bare_quote(text) is bare


@pytest.mark.parametrize(
    ("text", "is_chrome"),
    [
        ("A supporter holds a sign during a rally for Mayor Holm, Thursday, Oct. 3, 2024, in Velden.", True),
        ("A protester, left, argues with a police officer outside the town hall.", True),
        ("In this May 20, 2017 file photo, the mayor waves to the crowd.", True),
        ("The vote will be held on Sunday, Nov. 6, when the polls open.", False),
    ],
)
def test_lint_sees_agency_captions(text: str, is_chrome: bool) -> None:
    assert lint.chrome(text) is is_chrome


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("To celebrate, we've collected the best photographs of Velden.", True),
        ("I think of that a lot.", True),
        ('"We will not go back," Holm said.', False),
        ("‘We will not go back to the ferry, not in my time.", False),
        ("The US and Ostria signed the treaty.", False),
        ("He fought in World War I and later ran the ferry.", False),
    ],
)
def test_lint_counts_the_first_person_outside_quotation_marks(text: str, first: bool) -> None:
    assert lint.first_person(text) is first
