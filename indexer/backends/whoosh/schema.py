"""The whole search index schema, with the analyzer it uses, in one place.

The index holds only what search needs to find, filter and sort documents; titles, text and
metadata for display come from the catalog, so the index does not store the text a second time.
"""

from __future__ import annotations

import datetime as dt

from whoosh import query as wq
from whoosh.fields import ID, KEYWORD, NUMERIC, TEXT, Schema

from ...analysis import STEMMED_LANGUAGES, folded_analyzer, stemming_analyzer
from ...partialdate import DateRange, PartialDate

# Dates are indexed as the first and last day they may mean, as YYYYMMDD numbers; an unknown
# date is 0 so that it sorts last when newest come first.
UNKNOWN_DATE = 0


def build_schema() -> Schema:
    """The schema of the search index.

    Text is indexed twice: folded words in `content` (exact matches, any language) and stems
    in the one `stems_<language>` field of the document's language (other forms of a word).
    """
    analyzer = folded_analyzer()
    stems = {f"stems_{code}": TEXT(analyzer=stemming_analyzer(code), phrase=True)
             for code in STEMMED_LANGUAGES}
    return Schema(
        id=ID(stored=True, unique=True),
        title=TEXT(analyzer=analyzer, field_boost=2.0),
        content=TEXT(analyzer=analyzer, phrase=True),
        filenames=TEXT(analyzer=analyzer),
        author=TEXT(analyzer=analyzer),
        language=KEYWORD(lowercase=True),
        date_start=NUMERIC(int, bits=32, sortable=True),
        date_end=NUMERIC(int, bits=32),
        size=NUMERIC(int, bits=64, sortable=True),
        pages=NUMERIC(int, bits=32),
        **stems,
    )


def date_number(day: dt.date) -> int:
    """A calendar day as the YYYYMMDD number the index stores."""
    return day.year * 10_000 + day.month * 100 + day.day


def date_bounds(date: PartialDate | None) -> tuple[int, int]:
    """The index's (date_start, date_end) for a document date of any precision."""
    if date is None:
        return UNKNOWN_DATE, UNKNOWN_DATE
    return date_number(date.first_day()), date_number(date.last_day())


def date_filter(dates: DateRange) -> wq.Query | None:
    """The index's filter for documents dated within `dates` (see `DateRange`)."""
    if not dates:
        return None
    lowest_last, highest_first = dates.overlap_bounds()
    return wq.And([
        wq.NumericRange("date_end", date_number(lowest_last) if lowest_last else 1, None),
        wq.NumericRange("date_start", 1, date_number(highest_first) if highest_first else None),
    ])
