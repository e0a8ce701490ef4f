"""Timeline charts drawn on the server as inline SVG: no script, no external asset, no CDN.

Colours come from classes styled in ``static/style.css`` (so dark mode applies); every text that
comes from an article is escaped. Each mark is a link (a day of events filters the events list;
an article's dot opens the article) with a ``<title>`` that browsers show on hover.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from markupsafe import Markup, escape

__all__ = ["article_timeline", "events_timeline"]

WIDTH, HEIGHT = 760, 150
LEFT, RIGHT, TOP, BOTTOM = 34, 12, 12, 34
MAX_BARS = 120  # more days than this are drawn per week, then per month


def _day(s: str | None) -> date | None:
    try:
        return date.fromisoformat(s[:10]) if s else None
    except ValueError:
        return None


def _bucket(days: Sequence[date]) -> tuple[str, Callable[[date], date]]:
    span = (max(days) - min(days)).days + 1
    if span <= MAX_BARS:
        return "day", lambda d: d
    if span <= MAX_BARS * 7:
        return "week", lambda d: d - timedelta(days=d.weekday())
    return "month", lambda d: d.replace(day=1)


def _next(d: date, unit: str) -> date:
    if unit == "day":
        return d + timedelta(days=1)
    if unit == "week":
        return d + timedelta(days=7)
    return (d.replace(day=28) + timedelta(days=4)).replace(day=1)


def _svg(body: list[str], label: str, height: int = HEIGHT) -> Markup:
    return Markup(
        f'<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def _axis(first: date, last: date, x_of: Callable[[date], float], height: int = HEIGHT) -> list[str]:
    y = height - BOTTOM
    out = [f'<line class="axis" x1="{LEFT}" y1="{y}" x2="{WIDTH - RIGHT}" y2="{y}"/>']
    span = (last - first).days
    ticks = [first] if span == 0 else [first + timedelta(days=round(span * k / 4)) for k in range(5)]
    for k, t in enumerate(dict.fromkeys(ticks)):
        x = x_of(t)
        anchor = "start" if k == 0 else ("end" if t == last and span else "middle")
        out.append(f'<line class="tick" x1="{x:.1f}" y1="{y}" x2="{x:.1f}" y2="{y + 4}"/>')
        out.append(f'<text class="label" x="{x:.1f}" y="{y + 17}" text-anchor="{anchor}">{t.isoformat()}</text>')
    return out


def events_timeline(days: Sequence[tuple[str, int, int]], href: Callable[[str, str], str]) -> Markup | None:
    """Events per day (week, month when the range is long) as bars; ``href(first, last)`` is the
    link of a bar (the events list filtered to its dates). None when no event is dated."""
    parsed = [(d, n, s) for ds, n, s in days if (d := _day(ds)) is not None]
    if not parsed:
        return None
    unit, key = _bucket([d for d, _, _ in parsed])
    counts: dict[date, list[int]] = {}
    for d, n, s in parsed:
        c = counts.setdefault(key(d), [0, 0])
        c[0] += n
        c[1] += s
    first, last = min(counts), max(counts)
    slots = []
    d = first
    while d <= last:
        slots.append(d)
        d = _next(d, unit)
    inner = WIDTH - LEFT - RIGHT
    step = inner / len(slots)
    top = max(c[0] for c in counts.values())
    plot_h = HEIGHT - TOP - BOTTOM

    def x_of(t: date) -> float:
        i = min(range(len(slots)), key=lambda k: abs((slots[k] - t).days))
        return LEFT + step * (i + 0.5)

    body = [f'<text class="label" x="{LEFT - 6}" y="{TOP + 4}" text-anchor="end">{top}</text>',
            f'<text class="label" x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" text-anchor="end">0</text>']
    for i, s in enumerate(slots):
        if s not in counts:
            continue
        n, srcs = counts[s]
        h = max(2.0, plot_h * n / top)
        w = max(1.0, min(step * 0.76, 36.0))  # one bar of a short range stays a bar, not a wall
        x = LEFT + step * (i + 0.5) - w / 2
        end = _next(s, unit) - timedelta(days=1)
        when = s.isoformat() if unit == "day" else f"{unit} of {s.isoformat()}"
        tip = f"{when}: {n} event{'' if n == 1 else 's'}, {srcs} independent source{'' if srcs == 1 else 's'}"
        body.append(
            f'<a href="{escape(href(s.isoformat(), end.isoformat()))}"><title>{escape(tip)}</title>'
            f'<rect class="bar" x="{x:.1f}" y="{HEIGHT - BOTTOM - h:.1f}" width="{w:.1f}" height="{h:.1f}"/></a>'
        )
    body.extend(_axis(first, last, x_of))
    return _svg(body, f"Events per {unit}, {first.isoformat()} to {last.isoformat()}")


def article_timeline(items: Sequence[dict[str, Any]]) -> Markup | None:
    """An event's articles on a date axis: one dot per article (stacked on a shared day), linked
    to the article; independent sources filled, copies hollow. None when no article is dated."""
    dated = [(d, it) for it in items if (d := _day(it.get("date"))) is not None]
    if not dated:
        return None
    first, last = min(d for d, _ in dated), max(d for d, _ in dated)
    if first == last:
        first, last = first - timedelta(days=1), last + timedelta(days=1)
    span = (last - first).days
    inner = WIDTH - LEFT - RIGHT

    def x_of(t: date) -> float:
        return LEFT + inner * (t - first).days / span

    per_day: dict[date, int] = {}
    for d, _ in dated:
        per_day[d] = per_day.get(d, 0) + 1
    step = 22  # vertical distance of two articles of one day
    height = max(HEIGHT, TOP + BOTTOM + 16 + step * max(per_day.values()))
    stack: dict[date, int] = {}
    body: list[str] = []
    for d, it in sorted(dated, key=lambda p: (p[0], p[1].get("n") or 0)):
        k = stack.get(d, 0)
        stack[d] = k + 1
        x, y = x_of(d), height - BOTTOM - 14 - step * k
        cls = "dot" if it.get("independent", True) else "dot copy"
        tip = f"[{it.get('n')}] {d.isoformat()} · {it.get('site') or ''} · {it.get('title') or ''}"
        body.append(
            f'<a href="/articles/{escape(it["id"])}"><title>{escape(tip)}</title>'
            f'<circle class="{cls}" cx="{x:.1f}" cy="{y:.1f}" r="9"/>'
            f'<text class="dot-label" x="{x:.1f}" y="{y + 4:.1f}" text-anchor="middle">{escape(str(it.get("n") or ""))}</text></a>'
        )
    body.extend(_axis(first, last, x_of, height))
    return _svg(body, f"Articles of this event by date, {first.isoformat()} to {last.isoformat()}", height)
