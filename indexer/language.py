"""Detecting the main language of a document's text.

We use py3langid: its model ships inside the wheel (offline, 5 MB), it was right on 77 of the 80
texts of the shared corpus, against 75 for lingua-language-detector, which needs 100 MB on disk
and a gigabyte of memory in its accurate mode, and with its scoring done by numpy (below) it
decides a document's language and shares in about 7 ms. Its labels are restricted to ISO 639-1
codes, so that it never answers with a code a user cannot filter by.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import py3langid.langid as langid

from .languagecodes import language_code
from .letters import count_letters, has_letters

SAMPLE_CHARS = 6_000
MIN_LETTERS = 20
MIN_CONFIDENCE = 0.5
SHARE_PASSAGE_CHARS = 1_500
SHARE_PASSAGES = 40
SHARE_MIN_LETTERS = 200
MIN_SHARE = 0.05
# A declared /Lang only stands against a detection this unsure.
DECLARED_WINS_BELOW = 0.9


@dataclass(frozen=True)
class LanguageGuess:
    """The language decided for a text: a code or None, how sure, and where it came from."""

    code: str | None
    confidence: float
    source: str | None  # "detected", "declared", "user" or None when unknown


class _Identifier(langid.LanguageIdentifier):  # type: ignore[misc]
    """py3langid's identifier, scoring a text with numpy where the library loops in Python.

    py3langid counts a text's byte n-grams by walking an automaton one byte at a time in
    Python, and reads its feature table by rows from a table stored by columns; the two were a
    third of the time it takes to describe a document. The automaton's states are no deeper
    than `_DEPTH` bytes, so the state after any byte is the one reached by walking just the
    `_DEPTH` bytes that end there: all positions are walked at once, `_DEPTH` steps in all.
    The score is the library's naive Bayes (log1p of each feature's count times its row, plus
    the priors), so are the decisions (a test holds them equal); py3langid 0.4's model layout
    is assumed, hence its pin in pyproject.
    """

    nb_ptc: np.ndarray  # each feature's row of log-probabilities by language

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        # The transitions are viewed, not copied: they alone are 40 MB.
        self._walk = (np.frombuffer(self.tk_nextmove, dtype=np.uint32),
                      np.asarray(self._rowbase, dtype=np.intp),
                      np.asarray(self.tk_output, dtype=np.intp))

    def set_languages(self, langs: list[str] | None = None) -> None:
        super().set_languages(langs)
        # Stored by rows, as they are read below (the library's is a column-wise copy), and in
        # the single precision they are scored in, converted once rather than at every text.
        self.nb_ptc = np.ascontiguousarray(self.nb_ptc, dtype=np.float32)

    def _raw_score(self, text: bytes) -> np.ndarray:
        features, counts = _visits(self._walk, text)
        if not len(features):
            return np.asarray(super()._raw_score(text))
        return np.asarray(np.log1p(counts.astype(np.float32)) @ self.nb_ptc[features]
                          + self.nb_pc)


# The longest byte string the language model's automaton remembers (measured on its model).
_DEPTH = 6


def _visits(walk: tuple[np.ndarray, np.ndarray, np.ndarray],
            text: bytes) -> tuple[np.ndarray, np.ndarray]:
    """The model's features found in the text and how often each occurs, in order of first
    occurrence (the library's order, so that its sums add up the same)."""
    next_move, row_base, output = walk
    data = np.frombuffer(text, dtype=np.uint8)
    states = np.zeros(len(data), dtype=np.intp)
    for back in range(min(_DEPTH, len(data)) - 1, -1, -1):
        # Walk byte i-back of every position i that has one; the others have not begun.
        states[back:] = next_move[row_base[states[back:]] + data[:len(data) - back]]
    features = output[states]
    found, first, counts = np.unique(features[features >= 0], return_index=True,
                                     return_counts=True)
    order = np.argsort(first)
    return found[order], counts[order]


@lru_cache(maxsize=1)
def _identifier() -> langid.LanguageIdentifier:
    identifier = _Identifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


def load_model() -> None:
    """Load the language model now rather than at the first text (see `preload`)."""
    _identifier()


def detect(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the text's main language and the confidence, or (None, 0.0).

    Too little text (fewer than 20 letters) is not guessed at.
    """
    sample = _sample(text)
    if not has_letters(sample, MIN_LETTERS):
        return None, 0.0
    code, confidence = _identifier().classify(sample)
    return str(code), float(confidence)


def decide(text: str, declared: str | None) -> LanguageGuess:
    """The document's language from its text, with the declared /Lang as a tie-breaker.

    A declared language that contradicts a confident detection loses: /Lang is often a
    template's default rather than the text's language.
    """
    code, confidence = detect(text)
    declared_code = language_code(declared)
    if code is not None and (confidence >= DECLARED_WINS_BELOW or declared_code in (None, code)):
        return LanguageGuess(code, confidence, "detected")
    if code is not None and declared_code is not None:
        return LanguageGuess(declared_code, confidence, "declared")
    if code is not None and confidence >= MIN_CONFIDENCE:
        return LanguageGuess(code, confidence, "detected")
    return LanguageGuess(None, confidence, None)


def shares(page_texts: list[str]) -> list[tuple[str, float]]:
    """Each language of a document with its share of the text, largest first.

    The text is cut into passages of about SHARE_PASSAGE_CHARS within pages (at most
    SHARE_PASSAGES of them, spread over the document); each confidently detected passage counts
    with its number of letters. Languages under MIN_SHARE are left out as noise.
    """
    passages = [page[start:start + SHARE_PASSAGE_CHARS] for page in page_texts
                for start in range(0, len(page), SHARE_PASSAGE_CHARS)]
    letters_by_language: dict[str, int] = {}
    for passage in _spread(passages, SHARE_PASSAGES):
        letters = count_letters(passage)
        if letters < SHARE_MIN_LETTERS:
            continue
        code, confidence = _identifier().classify(passage)
        if confidence >= MIN_CONFIDENCE:
            letters_by_language[str(code)] = letters_by_language.get(str(code), 0) + letters
    total = sum(letters_by_language.values())
    found = [(code, round(count / total, 2)) for code, count in letters_by_language.items()
             if count / total >= MIN_SHARE]
    return sorted(found, key=lambda item: -item[1])


def _spread(items: list[str], most: int) -> list[str]:
    """At most `most` of the items, evenly spread from the first on."""
    step = max(1, -(-len(items) // most))
    return items[::step]


def _sample(text: str) -> str:
    """Up to SAMPLE_CHARS of the text, taken from its start, middle and end."""
    if len(text) <= SAMPLE_CHARS:
        return text
    third = SAMPLE_CHARS // 3
    middle = len(text) // 2
    return "\n".join(
        (text[:third], text[middle - third // 2: middle + third // 2], text[-third:])
    )
