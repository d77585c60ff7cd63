"""Choosing a document's title.

A reader takes the largest text at the top of page 1 for the title; metadata titles are often
junk left by the producing program ("Microsoft Word - x.docx", "Untitled", a file name,
another document's template title); a letterhead, a return address or a running header stands
above many titles. So the candidates — runs of page-1 lines by their size, the real metadata
titles, the first lines of the text that read like headings, the file name — are described by
features (`title_features`) and the learned title model picks one (`model`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import accumulate, pairwise
from pathlib import PurePath
from typing import TYPE_CHECKING, Any

from . import title_features
from .letters import LETTER, WORD, count_letters, has_letters
from .model import LinearModel, shipped
from .title_features import Candidate

if TYPE_CHECKING:
    from .engines import TextLine

MAX_TITLE_CHARS = 200
# A heading stands out from the page's usual letter size, unless the page is a cover with
# little text in more than one size, where the largest text is the title whatever the rest
# looks like.
HEADING_SIZE_RATIO = 1.1
COVER_LETTERS = 300
# Of the lines within this share of the largest size, the topmost is the heading.
SIMILAR_SIZE = 0.1
# Lines within this share of the heading's size continue it, up to HEADING_LINES lines.
SAME_SIZE = 0.05
HEADING_LINES = 3
# A heading's next line stands at most this many times its first line spacing below.
RUN_SPACING = 1.5
# Running headers and footers stand within this many lines of a page's top or foot.
RUNNING_EDGE = 3
# How far down page 1 the first prominent line may stand, in lines.
PROMINENT_LINE_SCAN = 40
# How many runs of the layout, and how many prominent lines of the text, are candidates.
LAYOUT_CANDIDATES = 6
TEXT_CANDIDATES = 3

_JUNK = re.compile(
    r"^(?:microsoft (?:word|powerpoint|excel) - .*|untitled.*|unbenannt.*|sans titre.*|"
    r"document\d*|dokument\d*|titel|title|new document|.*\.(?:docx?|odt|pdf|pptx?|xlsx?|rtf|"
    r"tex|dvi|indd|qxd|txt|html?)|[\w\-]+_[\w\-]+|\W*)$",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^[•·▪◦\-–*]\s")
# A date alone on its line, perhaps after a place: "November 2017", "Brussels, 26 April 2024",
# "Berlin, den 3. März 2023".
_DATE_LINE = re.compile(r"^(?:[A-ZÀ-Ý][\w.\- ]{1,30},\s*(?:den\s+|le\s+|el\s+|il\s+|dnia\s+)?)?"
                        r"[\d\s.,/\-]*[^\W\d_]{3,12}\.?[\s,]*\d{1,4}[\s.,]*\d{0,4}$")
# A word with a capital after a small letter inside it ("VöÅtÜt"): text in a font whose
# characters are mapped to the wrong letters.
# "A N E X O": a word set with spaces between its letters.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
_CONTROL = re.compile(r"[\x00-\x1f]")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'"})
_DIGITS = re.compile(r"\d+")


def is_real_title(candidate: str | None) -> bool:
    """Whether a metadata title is a title a person gave, not a program's placeholder."""
    if not candidate:
        return False
    text = " ".join(candidate.split())
    return len(LETTER.findall(text)) >= 3 and not _JUNK.match(text)


@dataclass(frozen=True)
class TitleOptions:
    """Every title candidate of a document with its features, for the title model."""

    candidates: list[tuple[Candidate, dict[str, float]]]


def title_options(
    metadata_titles: Sequence[str | None], first_page: str, filename: str,
    lines: Sequence[TextLine] = (), running: frozenset[str] = frozenset(),
    heading_text: str | None = None,
) -> TitleOptions:
    """The candidates: runs of page-1 lines by their size (the layout), the real metadata
    titles, the first lines of page 1 that read like headings, and the file name.

    `heading_text` is the page-1 heading when it is known without `lines` (see `heading`);
    `running` the running headers and footers, which are never candidates.
    """
    heading_text = heading_text or heading(lines, running)
    found = _layout_candidates(lines, running)
    if heading_text and not any(c.text == heading_text for c in found):
        found.insert(0, Candidate(heading_text, "heading", 0))
    real = [t for t in metadata_titles if t is not None and is_real_title(t)]
    for rank, title in enumerate(real):
        spelled = _spelled_out(title, first_page)
        found.append(Candidate(spelled, "metadata", rank,
                               flags=frozenset({"spelled-out"} if spelled != title else ())))
    texts = {c.text for c in found}
    prominent = [line for line in _prominent_lines(first_page, running) if line not in texts]
    found += [Candidate(line, "text", rank) for rank, line in enumerate(prominent)]
    found.append(Candidate(PurePath(filename).stem or filename, "filename", 0))
    first_line = first_prominent_line(first_page, running)
    found = [replace(c, flags=c.flags | _flags(c, heading_text, first_line)) for c in found]
    context = _context(lines, first_page, found)
    described = [(c, title_features.describe(c, context)) for c in found]
    chosen = _rule_choice(described)
    return TitleOptions([(c, {**f, "rule-choice": 1.0} if c is chosen else f)
                         for c, f in described])


def choose_title(
    metadata_titles: Sequence[str | None], first_page: str, filename: str,
    heading: str | None = None, running: frozenset[str] = frozenset(),
    lines: Sequence[TextLine] = (), model: LinearModel | None = None,
) -> tuple[str, str]:
    """The title and where it came from: `heading`, `metadata`, `text` or `filename`."""
    options = title_options(metadata_titles, first_page, filename, lines, running, heading)
    return best_title(options, model or shipped("titles"))


@dataclass(frozen=True)
class ScoredTitle:
    """A title candidate as `show` lists it: tidied, with its source, score and reasons."""

    title: str
    source: str
    score: float
    reasons: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        """The candidate as `show --json` and the catalog keep it."""
        return {"title": self.title, "source": self.source, "score": self.score,
                "reasons": list(self.reasons)}


def ranked_titles(options: TitleOptions, model: LinearModel) -> list[ScoredTitle]:
    """Every candidate, tidied and scored by `model`, best first."""
    scored = [ScoredTitle(c.text if c.source == "filename" else tidy(c.text), c.source,
                          round(model.score(f), 2), tuple(model.reasons(f)))
              for c, f in options.candidates]
    return sorted(scored, key=lambda t: -t.score)


def best_title(options: TitleOptions, model: LinearModel) -> tuple[str, str]:
    """The candidate the model scores highest, tidied, and its source."""
    best = ranked_titles(options, model)[0]
    return best.title, best.source


def _rule_choice(described: list[tuple[Candidate, dict[str, float]]]) -> Candidate:
    """The candidate a reader's rule of thumb takes: the heading in large letters, else a
    line in bold among regular text (a letter's subject), else a metadata title the page
    bears out, else the first line that reads like a heading, else the file name. The model
    weighs this as one more feature."""
    def first(test: Callable[[Candidate, dict[str, float]], bool]) -> Candidate | None:
        return next((c for c, f in described if test(c, f)), None)

    return (first(lambda c, f: "old-heading" in c.flags and "date-line" not in c.flags
                  and len(LETTER.findall(c.text)) >= 4)
            or first(lambda c, f: "bold" in c.flags and len(LETTER.findall(c.text)) >= 4)
            or first(lambda c, f: c.source == "metadata" and ("on-page" in f or "page-empty" in f))
            or first(lambda c, f: "first-prominent" in c.flags)
            or described[-1][0])


def _flags(candidate: Candidate, heading_text: str | None, first_line: str | None
           ) -> frozenset[str]:
    """What the rules before the model said of a candidate: each one a feature now."""
    flags = set()
    if heading_text and candidate.text == heading_text:
        flags.add("old-heading")
    if first_line and candidate.text == first_line:
        flags.add("first-prominent")
    if _DATE_LINE.match(candidate.text):
        flags.add("date-line")
    return frozenset(flags)


def _layout_candidates(lines: Sequence[TextLine], running: frozenset[str]) -> list[Candidate]:
    """The runs of page-1 lines (a line and the lines of its size just below it) that could
    be a title, the largest first; "heading" where they stand out from the usual size."""
    usual = _usual_size(lines)
    if usual is None:
        return []
    runs: list[tuple[str, TextLine, int, TextLine]] = []  # text, first line, index, last
    continued: set[int] = set()
    for index, line in enumerate(lines):
        if index in continued or not _could_be_title(line.text) or \
                _is_running(index, lines, running):
            continue
        run = _run(lines, index)
        continued.update(range(index + 1, index + len(run)))
        runs.append((" ".join(r.text for r in run), line, index, run[-1]))
    # A heading whose next line is set in another size ("Report" over its subject, a title
    # over its subtitle) is also a candidate joined to that line.
    joined = [(f"{a[0]} {b[0]}", a[1], a[2], b[3]) for a, b in pairwise(runs)
              if a[1].size >= usual * HEADING_SIZE_RATIO
              and 0 < b[1].top - a[3].top < 3 * max(a[1].size, b[1].size)]
    # Of runs alike in size, a bold one stands out (where most of the page is not bold).
    bold_stands_out = _bold_share(lines) < 0.5
    largest = sorted(runs, key=lambda r: (-r[1].size, not (bold_stands_out and r[1].bold))
                     )[:LAYOUT_CANDIDATES]
    found = []
    for rank, (text, line, index, _) in enumerate(largest):
        source = "heading" if line.size >= usual * HEADING_SIZE_RATIO else "text"
        bold = frozenset({"bold"} if bold_stands_out and line.bold else ())
        found.append(Candidate(text, source, rank, line.size, line.top, index, flags=bold))
    starts = {r[2] for r in largest}
    for text, line, index, _ in joined:
        if index in starts:
            source = "heading" if line.size >= usual * HEADING_SIZE_RATIO else "text"
            found.append(Candidate(text, source, LAYOUT_CANDIDATES, line.size, line.top, index,
                                   flags=frozenset({"joined"})))
    return found


def _bold_share(lines: Sequence[TextLine]) -> float:
    """The share of page 1's letters set in bold."""
    sizes = _letter_sizes(tuple(lines))
    if sizes is None:
        return 0.0
    return sum(count_letters(line.text) for line in lines if line.bold) / sizes.letters


def _context(lines: Sequence[TextLine], first_page: str,
             found: list[Candidate]) -> title_features.Context:
    sizes = [line.size for line in lines if _could_be_title(line.text)]
    return title_features.Context(
        usual_size=_usual_size(lines),
        largest_size=max(sizes) if sizes else None,
        page_height=max((line.top for line in lines), default=None),
        page_words=frozenset(w.casefold() for w in WORD.findall(first_page)),
        page_word_count=len(WORD.findall(first_page)),
        candidates=tuple(found),
    )


@dataclass(frozen=True)
class _LetterSizes:
    """How page 1's letters are set: how many there are, the size of most (the median
    letter's) and the smallest."""

    letters: int
    usual: float
    smallest: float


@lru_cache(maxsize=8)
def _letter_sizes(lines: tuple[TextLine, ...]) -> _LetterSizes | None:
    """The sizes of page 1's letters, each letter counting once; None without letters. Asked
    by several steps of one document's title, so worked out once."""
    counted = sorted((line.size, letters) for line in lines
                     if (letters := count_letters(line.text)))
    if not counted:
        return None
    total = sum(letters for _, letters in counted)
    seen = accumulate(letters for _, letters in counted)
    median = next(size for (size, _), before in zip(counted, seen, strict=True)
                  if before > total // 2)
    return _LetterSizes(total, median, counted[0][0])


def _usual_size(lines: Sequence[TextLine]) -> float | None:
    sizes = _letter_sizes(tuple(lines))
    return sizes.usual if sizes else None


def heading(lines: Sequence[TextLine], running: frozenset[str] = frozenset()) -> str | None:
    """The heading of page 1: the topmost of its largest lines, continued by the lines of the
    same size just below it; None when no text stands out from the page's usual size."""
    sizes = _letter_sizes(tuple(lines))
    if sizes is None:
        return None
    candidates = [i for i, line in enumerate(lines)
                  if _could_be_title(line.text) and not _is_running(i, lines, running)]
    if not candidates:
        return None
    largest = max(lines[i].size for i in candidates)
    is_cover = sizes.letters < COVER_LETTERS and largest >= sizes.smallest * HEADING_SIZE_RATIO
    if largest < sizes.usual * HEADING_SIZE_RATIO and not is_cover:
        return None
    first = next(i for i in candidates if lines[i].size == largest)
    higher = [i for i in candidates if lines[i].size >= largest * (1 - SIMILAR_SIZE)
              and lines[i].top < lines[first].top - largest / 2]
    if higher:  # of two headings alike in size, the upper one is the title
        first = min(higher, key=lambda i: lines[i].top)
    return " ".join(line.text for line in _run(lines, first))


def _run(lines: Sequence[TextLine], first: int) -> list[TextLine]:
    """The line at `first` and the lines that continue it as one heading: of its size and
    weight, just below it, up to HEADING_LINES in all, and spaced as evenly as a heading's
    lines are: a wider gap than the first ("Position paper", a blank line, "April 2024")
    starts another block."""
    run = [lines[first]]
    size = run[0].size
    for line in lines[first + 1:first + HEADING_LINES]:
        gap = line.top - run[-1].top
        widest = 2.5 * size if len(run) == 1 else RUN_SPACING * (run[1].top - run[0].top)
        if abs(line.size - size) > SAME_SIZE * size or line.bold != run[0].bold \
                or not 0 < gap < widest:
            break
        run.append(line)
    return run


def large_lines(lines: Sequence[TextLine]) -> tuple[str, ...]:
    """The lines of page 1 set larger than its usual text (a date there is in a heading)."""
    usual = _usual_size(lines)
    if usual is None:
        return ()
    return tuple(line.text for line in lines if line.size >= usual * HEADING_SIZE_RATIO)


def running_lines(pages: Sequence[str]) -> frozenset[str]:
    """Lines at the top or foot of page 1 that the next pages repeat at their top or foot
    (page numbers aside): running headers and footers such as "Official - Subject to Final
    Review" or "Règlement 1310 – Page 1". None when page 2 is a copy of page 1, as an
    invoice's duplicate is."""
    if len(pages) < 2 or _is_copy(pages[1], pages[0]):
        return frozenset()
    common = _edge_lines(pages[0])
    for page in pages[1:3]:
        common &= _edge_lines(page)
    return frozenset(line for line in common if LETTER.search(line))


def _is_running(index: int, lines: Sequence[TextLine], running: frozenset[str]) -> bool:
    """Whether page 1's line at `index` is its running header or footer. A title that the
    running header repeats ("Directive on Identity Management" small at the top of every page
    and large on page 1) is printed larger than the header: of a running line's copies on
    page 1, only the smallest runs."""
    text = _masked(lines[index].text)
    return text in running and lines[index].size <= min(
        line.size for line in lines if _masked(line.text) == text)


def _is_copy(page: str, of: str) -> bool:
    lines = {_masked(line) for line in of.splitlines() if line.strip()}
    return len(lines & {_masked(line) for line in page.splitlines()}) > len(lines) / 2


def _edge_lines(page: str) -> set[str]:
    lines = [line for line in page.splitlines() if line.strip()]
    return {_masked(line) for line in lines[:RUNNING_EDGE] + lines[-RUNNING_EDGE:]}


def first_prominent_line(page: str, running: frozenset[str] = frozenset()) -> str | None:
    """The first line of a page that reads like a heading: words, not numbers, a date, a bullet
    point, a page mark or a running header."""
    lines = _prominent_lines(page, running, most=1)
    return lines[0] if lines else None


def _prominent_lines(page: str, running: frozenset[str], most: int = TEXT_CANDIDATES
                     ) -> list[str]:
    """The first lines of a page that read like headings (see `first_prominent_line`)."""
    found = []
    for raw in page.splitlines()[:PROMINENT_LINE_SCAN]:
        line = " ".join(raw.split())
        letters = len(LETTER.findall(line))
        if (letters >= 4 and letters >= len(line) * 0.5 and len(line.split()) <= 25
                and not _BULLET.match(line) and not _DATE_LINE.match(line)
                and not title_features.is_contents(line) and not title_features.is_garbled(line)
                and _masked(line) not in running):
            found.append(_clip(line))
            if len(found) == most:
                break
    return found


@lru_cache(maxsize=1024)
def _could_be_title(text: str) -> bool:
    """Whether a large line can be a title: not a label ("Name:"), a question, a table of
    contents, a bullet, a date, or garbled text. Asked of every line of page 1 by each of
    several steps, so each answer is kept for the next."""
    return (has_letters(text, 3) and not text.endswith((":", "?"))
            and not title_features.is_contents(text)
            and not _BULLET.match(text) and not _DATE_LINE.match(text)
            and not _CONTROL.search(text) and not title_features.is_garbled(text))


def _masked(line: str) -> str:
    """A line with its numbers masked, so that "Page 1" and "Page 2" are the same line."""
    return _DIGITS.sub("#", " ".join(line.split()))


def _spelled_out(title: str, page: str) -> str:
    """The line near the top of page 1 that a short metadata title abbreviates, if there is
    one ("National Ag Energy" for "National Weekly Ag Energy Round-Up"), else the title.

    A title the page states word for word is left as it is."""
    if _normal(title) in _normal(page):
        return title
    wanted = [w.casefold() for w in WORD.findall(title)]
    for raw in page.splitlines()[:PROMINENT_LINE_SCAN]:
        line = " ".join(raw.split())
        words = iter(w.casefold() for w in WORD.findall(line))
        if (len(line) > len(title) and len(line.split()) <= 2 * len(title.split())
                and all(word in words for word in wanted)):
            return line
    return title


def _normal(text: str) -> str:
    return " ".join(text.casefold().split())


def tidy(title: str) -> str:
    """A title on one line, with letter-spaced words closed up, typographic apostrophes made
    plain and a trailing comma cut, so that "A N E X O" reads ANEXO and "d’avis" is found as
    "d'avis"."""
    text = " ".join(title.split()).translate(_QUOTES).rstrip(" ,;:")
    return _clip(_LETTER_SPACED.sub(lambda m: m.group().replace(" ", ""), text))


def _clip(text: str) -> str:
    return text if len(text) <= MAX_TITLE_CHARS else text[: MAX_TITLE_CHARS - 1].rstrip() + "…"
