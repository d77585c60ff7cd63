"""Dates at the precision their source states."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from indexer.partialdate import PartialDate


@pytest.mark.parametrize("text, precision, first, last", [
    ("2017", "year", dt.date(2017, 1, 1), dt.date(2017, 12, 31)),
    ("2017-11", "month", dt.date(2017, 11, 1), dt.date(2017, 11, 30)),
    ("2024-02", "month", dt.date(2024, 2, 1), dt.date(2024, 2, 29)),
    ("2017-11-16", "day", dt.date(2017, 11, 16), dt.date(2017, 11, 16)),
])
def test_parse_keeps_precision(text: str, precision: str, first: dt.date, last: dt.date) -> None:
    date = PartialDate.parse(text)
    assert date.precision == precision
    assert date.iso() == text
    assert (date.first_day(), date.last_day()) == (first, last)


@pytest.mark.parametrize("text", ["17", "2017-13", "2017-02-30", "November 2017", "", "2017/11"])
def test_parse_rejects_non_dates(text: str) -> None:
    with pytest.raises(ValueError):
        PartialDate.parse(text)


def test_a_day_needs_a_month() -> None:
    with pytest.raises(ValueError):
        PartialDate(2017, None, 3)


@given(st.dates(min_value=dt.date(1900, 1, 1)), st.sampled_from(["year", "month", "day"]))
def test_iso_round_trip(day: dt.date, precision: str) -> None:
    date = PartialDate(day.year, day.month if precision != "year" else None,
                       day.day if precision == "day" else None)
    assert PartialDate.parse(date.iso()) == date
    assert date.first_day() <= day <= date.last_day()
