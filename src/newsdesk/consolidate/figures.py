"""Figures two claims give: whether they are the same figure, two versions of one, or one a claim
states and the other does not (``claims.incompatibility``, ``accounts``). Values are compared as
``numbers.interval`` reads them: units normalised, qualifiers as bounds, a stated tolerance."""

from __future__ import annotations

from collections.abc import Sequence

from ..extract.lexicon import PEOPLE
from ..extract.numbers import interval, overlaps
from ..model import Quantity


def _quantity_conflict(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool:
    """True when ``a`` gives a figure that ``b`` contradicts: ``b`` has figures of its kind and unit,
    none overlaps it and one is within ``FIGURE_RATIO`` of it (a version of the same amount: 41 / 44
    passengers). Figures far apart are different things: "€2.1 billion, or 34 euros a share" does not
    contradict "2.1 billion euros"."""
    for qa in a:
        same = [qb for qb in b if qb.kind == qa.kind and _unit_match(qa, qb)]
        if same and not any(same_figure(qa, qb) for qb in same) \
                and any(_comparable(qa, qb) and not any(same_figure(qb, x) for x in a) for qb in same):
            return True  # ("81%, down from 90%" gives 81% too: the 90% is another figure, not another version)
    return False


def stated_apart(a: Quantity, b: Quantity) -> bool:
    """Two figures stated as figures ("about 300,000", "350,000"; no bound, no vague magnitude) whose
    values differ by at least half the rounding step of the rounder one: "some 130 families" and "120
    families" are two versions, "about 4,000 dockworkers" and "3,800 dockworkers" may be one (3,800 rounds
    to 4,000). ``numbers.interval`` lets "about" reach 10% either way, which makes those overlap."""
    if a.kind != b.kind or not all(q.qualifier in (None, "around") for q in (a, b)) or a.value == b.value:
        return False
    if a.kind == "duration":
        return False  # compared in hours by interval ("two days" / "48 hours")
    step = max(_rounding_step(a.value), _rounding_step(b.value))
    return abs(a.value - b.value) >= step / 2


def _rounding_step(v: float) -> float:
    """The power of ten a figure is rounded to (4,000 -> 1,000; 130 -> 10; 9,500 -> 100; 4.25 -> 0.01)."""
    v = abs(v)
    if v == 0:
        return 1.0
    step = 1.0
    if v == int(v):
        n = round(v)
        while n and n % 10 == 0:
            n //= 10
            step *= 10
        return step
    for _ in range(6):
        step /= 10
        if abs(v / step - round(v / step)) < 1e-6:
            return step
    return step


# Two figures further apart than this factor measure different things ("€2.1 billion, or 34 euros a
# share"), not two versions of one: the same bound as consolidate.accounts.MAX_RATIO (not tuned).
FIGURE_RATIO = 4.0


def _comparable(a: Quantity, b: Quantity) -> bool:
    va, vb = abs(interval(a)[0]) or abs(a.value), abs(interval(b)[0]) or abs(b.value)
    return max(va, vb) <= FIGURE_RATIO * max(min(va, vb), 1e-9)


def same_figure(a: Quantity, b: Quantity) -> bool:
    """Two figures of one kind and unit whose values overlap (``numbers.interval``) and that are not
    stated apart (``stated_apart``)."""
    return a.kind == b.kind and _unit_match(a, b) and overlaps(interval(a), interval(b)) and not stated_apart(a, b)


def states_figure(a: Quantity, b: Quantity) -> bool:
    """``a`` gives the figure ``b`` gives: the same figure, or one count given for two nouns."""
    return same_figure(a, b) or _same_count(a, b)


def _same_count(a: Quantity, b: Quantity) -> bool:
    """One count given for two nouns ("212 cases" / "212 people", "Eleven patients" / "eleven children
    and adults"): the same figure for ``_missing_figure``, not for conflicts or links."""
    return a.kind == b.kind == "count" and a.value == b.value and overlaps(interval(a), interval(b))


def _base_unit(q: Quantity) -> str:
    """The unit without its rate ("vehicle/day" -> "vehicle", "EUR/year" -> "EUR"): "40,000 vehicles a
    day" and "40,000 vehicles cross the bridge every day" give one figure."""
    return q.unit.split("/", 1)[0]


def _unit_match(a: Quantity, b: Quantity) -> bool:
    if a.unit == b.unit or _base_unit(a) == _base_unit(b):
        return True
    if a.kind == "count":
        return {_base_unit(a), _base_unit(b)} <= ({"people", "unit"} | PEOPLE)
    return a.kind == "duration"  # durations are compared in hours (numbers.interval)


SALIENT_COUNT = 10  # counts below this ("two crew members") are detail, not the claim's figure


def _shared_figures(a: Sequence[Quantity], b: Sequence[Quantity]) -> int:
    return sum(1 for qa in a if any(same_figure(qa, qb) for qb in b))


def _salient(q: Quantity) -> bool:
    return q.kind in ("money", "percent", "duration") or (q.kind == "count" and q.value >= SALIENT_COUNT)


def _missing_figure(a: Sequence[Quantity], b: Sequence[Quantity]) -> bool:
    """``a`` states a figure (money, a share, a duration, a count of ten or more) and ``b`` does not
    state it (no figure or another one: "pay 34 euros a share" / "a 2.1 billion euro offer"): ``b``
    does not state ``a``'s claim ("More than 700 people have been arrested"
    is not "... after her husband's arrest")."""
    return any(_salient(q) and not any(same_figure(q, x) or _same_count(q, x) or _other_currency(q, x) for x in b)
               for q in a)


def _other_currency(a: Quantity, b: Quantity) -> bool:
    """Sums in two currencies: not compared here (the amount links, ``amounts.link_amounts``, know the
    conversions: "€1.26bn" is "one and a half billion dollars")."""
    return a.kind == b.kind == "money" and a.unit != b.unit
