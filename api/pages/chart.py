"""The publications-per-year bar chart, laid out in Python so the page draws it as plain SVG.

Years run on a continuous axis from the first to the last, so a gap in someone's output shows as
a gap; only years with papers get a bar. Papers without a year get an "Undated" bar of their
own, set apart at the end.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

UNDATED = "Undated"
WIDTH = 640
HEIGHT = 240
_LEFT, _RIGHT, _TOP, _BOTTOM = 40, 12, 20, 36
_MAX_SLOT = 56
_MAX_TICKS = 5
_MAX_YEAR_LABELS = 14


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: a year (or undated) and how many papers, with its rectangle."""

    label: str
    count: int
    x: float
    y: float
    width: float
    height: float

    @property
    def centre(self) -> float:
        """The bar's middle on the x axis, where its labels go."""
        return round(self.x + self.width / 2, 1)


@dataclass(frozen=True, slots=True)
class Tick:
    """A count on the y axis and its height."""

    value: int
    y: float


@dataclass(frozen=True, slots=True)
class AxisLabel:
    """A label under the x axis."""

    text: str
    x: float


@dataclass(frozen=True, slots=True)
class BarChart:
    """Everything the template draws, in SVG user units."""

    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    labels: tuple[AxisLabel, ...]
    description: str
    width: int = WIDTH
    height: int = HEIGHT
    left: int = _LEFT
    right: int = WIDTH - _RIGHT
    top: int = _TOP
    baseline: int = HEIGHT - _BOTTOM


def _tick_step(largest: int) -> int:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if math.ceil(largest / step) <= _MAX_TICKS:
            return step
    return int(10 ** math.ceil(math.log10(largest / _MAX_TICKS)))


def _describe(counts: Counter[int], undated: int) -> str:
    parts = [f"{year}: {counts[year]}" for year in sorted(counts)]
    if undated:
        parts.append(f"undated: {undated}")
    return "Publications per year. " + ", ".join(parts) + "."


def year_chart(years: Iterable[int | None]) -> BarChart | None:
    """The chart of papers with these years (None for a paper without one); None if no papers."""
    all_years = list(years)
    counts = Counter(year for year in all_years if year is not None)
    undated = len(all_years) - sum(counts.values())
    if not all_years:
        return None
    first, last = (min(counts), max(counts)) if counts else (0, -1)
    span = last - first + 1
    # The undated bar stands half a slot apart from the years.
    slots = span + ((1.5 if counts else 1) if undated else 0)
    plot_width = WIDTH - _LEFT - _RIGHT
    slot = min(plot_width / slots, _MAX_SLOT)
    start = _LEFT + (plot_width - slot * slots) / 2
    baseline = HEIGHT - _BOTTOM
    step = _tick_step(max([*counts.values(), undated]))
    top_value = math.ceil(max([*counts.values(), undated]) / step) * step
    scale = (baseline - _TOP) / top_value

    def bar(label: str, count: int, index: float) -> Bar:
        height = round(count * scale, 2)
        return Bar(
            label=label,
            count=count,
            x=round(start + index * slot + slot * 0.15, 2),
            y=round(baseline - height, 2),
            width=round(slot * 0.7, 2),
            height=height,
        )

    bars = [bar(str(year), counts[year], year - first) for year in sorted(counts)]
    every = math.ceil(span / _MAX_YEAR_LABELS) if counts else 1
    labels = [
        AxisLabel(str(year), round(start + (year - first + 0.5) * slot, 1))
        for year in range(first, last + 1)
        if (year - first) % every == 0
    ]
    if undated:
        bars.append(bar(UNDATED, undated, slots - 1))
        labels.append(AxisLabel(UNDATED, bars[-1].centre))
    ticks = [
        Tick(value, round(baseline - value * scale, 2)) for value in range(0, top_value + 1, step)
    ]
    return BarChart(
        bars=tuple(bars),
        ticks=tuple(ticks),
        labels=tuple(labels),
        description=_describe(counts, undated),
    )
