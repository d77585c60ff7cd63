"""A calendar date known only as precisely as its source states it.

"November 2017" is a month, not 1 November 2017: archives that invent the missing day mislead
their users, so every date in pdfarchive carries its precision (year, month or day).
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


@dataclass(frozen=True, order=True)
class PartialDate:
    """A year, a month of a year, or a day; `month` and `day` are None where unknown."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise ValueError("a day needs a month")
        # Raises ValueError for impossible dates such as 31 February.
        dt.date(self.year, self.month or 1, self.day or 1)

    @classmethod
    def parse(cls, text: str) -> PartialDate:
        """Read `2017`, `2017-11` or `2017-11-16`; raises ValueError for anything else."""
        match = _ISO.match(text.strip())
        if not match:
            raise ValueError(f"not a date: {text!r} (expected YYYY, YYYY-MM or YYYY-MM-DD)")
        year, month, day = match.groups()
        return cls(int(year), int(month) if month else None, int(day) if day else None)

    @property
    def precision(self) -> str:
        """`year`, `month` or `day`."""
        if self.day is not None:
            return "day"
        return "month" if self.month is not None else "year"

    def iso(self) -> str:
        """ISO 8601 at the stated precision: `2017`, `2017-11` or `2017-11-16`."""
        text = f"{self.year:04d}"
        if self.month is not None:
            text += f"-{self.month:02d}"
        if self.day is not None:
            text += f"-{self.day:02d}"
        return text

    def first_day(self) -> dt.date:
        """The earliest calendar day this date may mean."""
        return dt.date(self.year, self.month or 1, self.day or 1)

    def last_day(self) -> dt.date:
        """The latest calendar day this date may mean."""
        month = self.month or 12
        day = self.day or calendar.monthrange(self.year, month)[1]
        return dt.date(self.year, month, day)

    def __str__(self) -> str:
        return self.iso()


@dataclass(frozen=True)
class DateRange:
    """The dates from `since` to `until` (either may be open), at any precision.

    The one rule for "dated within": a document's date is within the range when the days it may
    mean overlap the range's days, so `2017` is within `--since 2017-06` and `2017-11` within
    `--until 2017-11-02`. The catalog (SQL) and the index (numeric ranges) render this rule from
    `overlap_bounds`.
    """

    since: PartialDate | None = None
    until: PartialDate | None = None

    def __bool__(self) -> bool:
        return self.since is not None or self.until is not None

    def overlap_bounds(self) -> tuple[dt.date | None, dt.date | None]:
        """(the earliest last day, the latest first day) a date may have to be within; None
        where the range is open."""
        return (self.since.first_day() if self.since else None,
                self.until.last_day() if self.until else None)
