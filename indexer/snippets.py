"""Passages of a document's text that show why it matched, each with its page number.

A passage is cut as Whoosh's highlighter cuts one (its `ContextFragmenter` and
`BasicFragmentScorer`), so that the passages are the same with either engine and as before:
the matched words that stand within 160 characters of each other with 80 characters of context
around them, the passages with the most different matched words first. The words are read
with the tokenizer's expression directly, without Whoosh's token objects, which cost most of a
search's time.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from html import escape

from .analysis import TOKEN, fold, folded_stemmer, searchable, stem_field

MAX_SNIPPETS = 3
CONTEXT_CHARS = 80
MAX_CHARS = 2 * CONTEXT_CHARS
# Words after this many characters of a page are not read for passages (Whoosh's limit).
PAGE_CHARS = 2 ** 15
STEM_START = 3

_SPACES = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"[\w*]")


@dataclass(frozen=True)
class Snippet:
    """A passage of one page; `marks` are the (start, end) offsets of matched words in `text`."""

    page: int
    text: str
    marks: tuple[tuple[int, int], ...]

    def html(self) -> str:
        """The passage with matched words in `<b>` tags, and the rest escaped."""
        out, last = [], 0
        for start, end in self.marks:
            out.append(escape(self.text[last:start]))
            out.append(f"<b>{escape(self.text[start:end])}</b>")
            last = end
        out.append(escape(self.text[last:]))
        return "".join(out)


@dataclass(frozen=True)
class _Passage:
    """Where a passage lies on its page and the words matched in it."""

    start: int
    end: int
    matches: list[tuple[int, int, str]]  # start, end, the word in small letters

    def score(self) -> int:
        """More matches score higher, and more different matched words far higher."""
        return len(self.matches) * (len({word for _, _, word in self.matches}) * 100 or 1)


def best_snippets(page_texts: list[str], terms: frozenset[str],
                  stems: frozenset[str] = frozenset(), language: str | None = None,
                  top: int = MAX_SNIPPETS) -> list[Snippet]:
    """Up to `top` passages where the matched words stand closest together, in page order.

    `terms` are matched folded words; `stems` matched stems of the document's `language`, so
    that a search for `Städte` marks `Stadt`. Passages never cross a page boundary, so each
    has one page number.
    """
    if not terms and not stems:
        return []
    pages = [searchable(text) for text in page_texts]  # words broken by lines made whole
    # Most words match nothing: the matched ones, decided once for the document, are then
    # found by one expression on each page.
    words = {word for text in pages for word in TOKEN.findall(text, 0, PAGE_CHARS)}
    matched = _matched(words, terms, stems,
                       language if stems and stem_field(language) else None)
    if not matched:
        return []
    finder = _finder(matched)
    scored = [(passage.score(), number, passage)
              for number, text in enumerate(pages, start=1)
              for passage in _passages(text, finder, matched)]
    best = sorted(scored, key=lambda item: -item[0])[:top]
    best.sort(key=lambda item: (item[1], item[2].start))
    return [_snippet(pages[number - 1], passage, number) for _, number, passage in best]


def _matched(words: set[str], terms: frozenset[str], stems: frozenset[str],
             language: str | None) -> frozenset[str]:
    """The words, as written, whose folded form or stem was found."""
    stem = folded_stemmer(language) if language else None
    found = terms | stems
    starts = {word[:STEM_START] for word in found}
    short = {word for word in found if len(word) < STEM_START}  # "do" stems "doing"

    def could_match(word: str) -> bool:
        """Whether a word in small letters begins as a word found does: a stem begins as its
        word does, so most words are ruled out by their first letters."""
        return word[:STEM_START] in starts or bool(short) and any(
            word.startswith(prefix) for prefix in short)

    # A plain ASCII word folds to itself in small letters.
    candidates = [word for word in words if not word.isascii() or could_match(word.lower())]
    return frozenset(word for word in candidates
                     if fold(word.lower()) in terms
                     or (stem is not None and could_match(fold(word.lower()))
                         and stem(word.lower()) in stems))


def _passages(text: str, finder: re.Pattern[str], matched: frozenset[str]
              ) -> Iterator[_Passage]:
    """The page's passages: from a matched word, back to the first word within the context
    before it, on while matched words follow within the context, within the size limit.

    Only the words around a matched word are read one by one; `finder` finds the matched
    words themselves.
    """
    resume = 0  # where the words after the last passage begin
    while hit := finder.search(text, resume):
        if hit.end() > PAGE_CHARS:
            return
        first = _context_start(text, resume, hit.start())
        passage, resume, swallow = _passage_from(text, hit.start(), first, matched)
        if passage is None:
            return
        if passage.matches:
            yield passage
        if swallow:  # the passage ran out exactly: its next word closes an empty one
            after = TOKEN.search(text, resume)
            if after and after.end() <= PAGE_CHARS and after.group() not in matched:
                resume = after.end()


def _passage_from(text: str, start: int, first: int, matched: frozenset[str]
                  ) -> tuple[_Passage | None, int, bool]:
    """The passage opened by the matched word at `start` (its context from `first`, or from
    the word itself when -1), where the words after it resume, and whether it ran out exactly
    (countdown 0); None when the page's readable part ends inside it without a match."""
    found: list[tuple[int, int, str]] = []
    countdown, length, end = -1, 0, start
    for token in TOKEN.finditer(text, start):
        begin, end = token.span()
        if end > PAGE_CHARS:
            break
        size = end - begin
        if length + size > MAX_CHARS:
            countdown = 0
        elif token.group() in matched:
            countdown = CONTEXT_CHARS
            if first < 0:
                first = begin
                countdown += CONTEXT_CHARS  # no words before: more context after
            found.append((begin, end, token.group().lower()))
        length += size
        countdown -= size
        if countdown <= 0:
            return _Passage(first, end, found), end, countdown == 0
    return (_Passage(first, end, found) if found else None), len(text), False


def _context_start(text: str, resume: int, start: int) -> int:
    """The start of the first word within the context before a matched word at `start`
    (counted back from the end of the last word before it), or -1 when there is none; the
    words from `resume` on are unmatched."""
    last_end = start  # the end of the last word before it: a few characters back, as a rule
    while last_end > resume and _WORD_CHAR.match(text, last_end - 1) is None:
        last_end -= 1
    if last_end == resume:
        return -1
    position = max(resume, last_end - CONTEXT_CHARS)
    while (word := TOKEN.search(text, position, start)) is not None:
        if not _inside_word(text, word.start()):
            return word.start()
        position = word.end()  # the rest of a word that began before the context
    return -1


def _inside_word(text: str, position: int) -> bool:
    """Whether a word found at `position` is the end of a longer one ("a.b", "word")."""
    return position > 0 and (_WORD_CHAR.match(text, position - 1) is not None
                             or (text[position - 1] == "." and position > 1
                                 and _WORD_CHAR.match(text, position - 2) is not None))


@functools.lru_cache(maxsize=64)
def _finder(words: frozenset[str]) -> re.Pattern[str]:
    """An expression finding these words where each is a whole word as `TOKEN` reads them."""
    alternatives = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![\w*])(?<![\w*]\.)(?:{alternatives})(?!\.?[\w*])")


def _snippet(text: str, passage: _Passage, page: int) -> Snippet:
    """A passage turned into one line of text with the offsets of its matches."""
    raw = text[passage.start:passage.end]
    marks = [(start - passage.start, end - passage.start) for start, end, _ in passage.matches]
    flat, moved = _one_line(raw, marks)
    return Snippet(page, flat, tuple(moved))


def _one_line(raw: str, marks: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Whitespace runs (newlines included) folded to one space and the ends trimmed, with the
    marks moved along."""
    runs = [space.span() for space in _SPACES.finditer(raw)]

    def moved(offset: int) -> int:
        removed = sum(end - start - 1 for start, end in runs if end <= offset)
        leading = 1 if runs and runs[0][0] == 0 else 0
        return offset - removed - leading

    flat = _SPACES.sub(" ", raw).strip()
    return flat, [(moved(start), moved(end)) for start, end in marks]
