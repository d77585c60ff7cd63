"""The browse page's timeline: how many documents each year (or each month of one year) has,
as bars of an SVG drawn by the server, each a link that filters the list to its period."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 720
HEIGHT = 120
LABEL_SPACE = 18  # below the bars, for the period's name
COUNT_SPACE = 12  # above the tallest bar, for its count
GAP = 2


@dataclass(frozen=True)
class Bar:
    """One period's bar: what it counts, where it is drawn, and the list it links to."""

    period: str  # `2017` or `2017-11`
    count: int
    x: float
    y: float
    width: float
    height: float
    label: str  # shown under the bar (empty where bars are too narrow for every label)


def bars(counts: list[tuple[str, int]], by_month: bool) -> list[Bar]:
    """Bars for dated periods, oldest first: every year from the first to the last (empty
    years too, so that gaps show), or the twelve months of one year."""
    dated = {period: count for period, count in counts if len(period) == (7 if by_month else 4)}
    if not dated:
        return []
    periods = _periods(sorted(dated), by_month)
    width = WIDTH / len(periods)
    tallest = max(dated.values())
    every = max(1, round(40 / width))  # a label about every 40 pixels
    out = []
    for number, period in enumerate(periods):
        count = dated.get(period, 0)
        height = (HEIGHT - LABEL_SPACE - COUNT_SPACE) * count / tallest
        label = period[5:] if by_month else period
        out.append(Bar(period, count, number * width, HEIGHT - LABEL_SPACE - height,
                       max(1.0, width - GAP), height, label if number % every == 0 else ""))
    return out


def _periods(dated: list[str], by_month: bool) -> list[str]:
    if by_month:
        year = dated[0][:4]
        return [f"{year}-{month:02d}" for month in range(1, 13)]
    return [str(year) for year in range(int(dated[0]), int(dated[-1]) + 1)]
