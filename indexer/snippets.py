"""Passages of a document's text that show why it matched, each with its page number."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape

from whoosh import highlight
from whoosh.analysis import LowercaseFilter, RegexTokenizer
from whoosh.analysis.acore import Token
from whoosh.lang import stemmer_for_language

from .analysis import fold, searchable, stem_field

MAX_SNIPPETS = 3
CONTEXT_CHARS = 80
STEM_START = 3


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
    tokenizer = RegexTokenizer() | LowercaseFilter()
    stem = stemmer_for_language(language) if stems and stem_field(language) else None
    fragmenter = highlight.ContextFragmenter(maxchars=2 * CONTEXT_CHARS, surround=CONTEXT_CHARS)
    scorer = highlight.BasicFragmentScorer()
    scored = []
    pages = [searchable(text) for text in page_texts]  # words broken by lines made whole
    decided: dict[str, bool] = {}  # a long document repeats its words: decide each once
    for number, text in enumerate(pages, start=1):
        tokens = _marked(tokenizer(text, chars=True, mode="query"), terms, stems, stem, decided)
        for fragment in fragmenter.fragment_tokens(text, tokens):
            scored.append((scorer(fragment), number, fragment))
    best = sorted(scored, key=lambda item: -item[0])[:top]
    best.sort(key=lambda item: (item[1], item[2].startchar))
    return [_snippet(pages[number - 1], fragment, number) for _, number, fragment in best]


def _marked(tokens: Iterator[Token], terms: frozenset[str], stems: frozenset[str],
            stem: Callable[[str], str] | None, decided: dict[str, bool]) -> Iterator[Token]:
    """The tokens, each marked `matched` when its folded form or its stem was found
    (`decided` remembers the answer for each word)."""
    starts = {found[:STEM_START] for found in terms | stems}
    for token in tokens:
        word = token.text
        if word not in decided:
            folded = fold(word)
            # A stem begins as its word does: most words need no stemming to be ruled out.
            decided[word] = folded in terms or (
                stem is not None and folded[:STEM_START] in starts and fold(stem(word)) in stems)
        token.matched = decided[word]
        yield token


def _snippet(text: str, fragment: highlight.Fragment, page: int) -> Snippet:
    """A fragment turned into a one-line passage with the offsets of its matches."""
    start = fragment.startchar
    marks = sorted((token.startchar - start, token.endchar - start) for token in fragment.matches)
    flat, moved = _one_line(text[start:fragment.endchar], marks)
    return Snippet(page, flat, tuple(moved))


def _one_line(raw: str, marks: list[tuple[int, int]]) -> tuple[str, list[tuple[int, int]]]:
    """Whitespace runs (newlines included) folded to one space, with the marks moved along."""
    out: list[str] = []
    shift = [0] * (len(raw) + 1)
    position = 0
    previous_space = False
    for index, char in enumerate(raw):
        shift[index] = position
        if char.isspace():
            if not previous_space:
                out.append(" ")
                position += 1
            previous_space = True
        else:
            out.append(char)
            position += 1
            previous_space = False
    shift[len(raw)] = position
    flat = "".join(out)
    lead = len(flat) - len(flat.lstrip())
    moved = [(shift[s] - lead, shift[e] - lead) for s, e in marks]
    return flat.strip(), moved
