"""Geometry of the charts drawn at build time (SVG): where each bar starts and ends. The
amounts and shares come computed from the catalog; the templates only print these numbers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from generator.catalog import EnvelopeUse

CHART_WIDTH = 400
BAR_SPACE = 290
"""Width of the longest bar; the rest of the line holds its amount."""
ROW_HEIGHT = 40


@dataclass(frozen=True)
class Bar:
    label: str
    amount: Decimal
    top: int
    """Where its line starts: the label's baseline, the bar and the amount follow below."""
    width: str
    value_x: str
    """Where the amount is written, just after the bar."""

    @property
    def label_y(self) -> int:
        return self.top + 13

    @property
    def bar_y(self) -> int:
        return self.top + 18

    @property
    def value_y(self) -> int:
        return self.top + 30


@dataclass(frozen=True)
class BarChart:
    bars: list[Bar]
    width: int
    height: int


def _x(value: float) -> str:
    return f"{value:.1f}"


def bar_chart(rows: Iterable[tuple[str, Decimal]]) -> BarChart | None:
    """One horizontal bar per (label, amount), the longest for the largest amount; None when
    no amount is above zero (nothing to draw)."""
    rows = list(rows)
    largest = max((amount for _, amount in rows), default=Decimal(0))
    if largest <= 0:
        return None
    bars = []
    for index, (label, amount) in enumerate(rows):
        width = float(BAR_SPACE * amount / largest)
        bars.append(Bar(label, amount, index * ROW_HEIGHT, _x(width), _x(width + 5)))
    return BarChart(bars, CHART_WIDTH, len(bars) * ROW_HEIGHT + 4)


@dataclass(frozen=True)
class Gauge:
    """An envelope's use: its outline and the paid, granted and requested segments, in SVG
    units of a 200-wide drawing. Empty segments have no width."""

    envelope: str
    paid: str | None
    granted: str | None
    requested_x: str
    requested: str | None


GAUGE_WIDTH = 200


def gauge(use: EnvelopeUse) -> Gauge:
    """Shares of the envelope as lengths; the drawing widens when more than the envelope is
    granted or asked, and the envelope's outline shrinks in proportion."""
    paid, granted, requested = (float(s or 0) for s in (use.paid_share, use.share,
                                                          use.requested_share))
    scale = max(100.0, granted + requested)

    def length(share: float) -> str | None:
        return _x(GAUGE_WIDTH * share / scale) if share else None

    return Gauge(_x((GAUGE_WIDTH - 1) * 100 / scale), length(paid), length(granted),
                 _x(GAUGE_WIDTH * granted / scale), length(requested))
