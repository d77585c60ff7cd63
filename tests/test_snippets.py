"""Passages cut as Whoosh's highlighter cuts them, by our own faster code."""

from __future__ import annotations

import random

import pytest
from whoosh import highlight
from whoosh.analysis import LowercaseFilter, RegexTokenizer

from indexer.analysis import fold, folded_stemmer, searchable
from indexer.snippets import CONTEXT_CHARS, best_snippets

WORDS = ("Stadt", "Städte", "Integration", "soziale", "Rechte", "a.b", "2016/679", "A-1312/B",
         "v1.2.3", "Straße", "migra*", "x" * 170, "Über", "über", "ﬁnden", "Integra-\ntion",
         "der", "die", "und", "e.V.", "...", "—", "(Stand", "2017)", "İstanbul", "do", "doing",
         "Doing")


def whoosh_passages(pages: list[str], terms: frozenset[str], stems: frozenset[str],
                    language: str | None) -> list[tuple[int, str, list[str]]]:
    """The passages Whoosh's ContextFragmenter and BasicFragmentScorer make, as our
    `best_snippets` had them made before it read the words itself (empty ones left out)."""
    tokenizer = RegexTokenizer() | LowercaseFilter()
    stem = folded_stemmer(language) if stems and language else None
    fragmenter = highlight.ContextFragmenter(maxchars=2 * CONTEXT_CHARS, surround=CONTEXT_CHARS)
    scored = []
    texts = [searchable(text) for text in pages]
    for number, text in enumerate(texts, start=1):
        tokens = []
        for token in tokenizer(text, chars=True, mode="query"):
            token.matched = fold(token.text) in terms or (stem is not None
                                                          and stem(token.text) in stems)
            tokens.append(token.copy())
        for fragment in fragmenter.fragment_tokens(text, iter(tokens)):
            if fragment.matches:
                scored.append((highlight.BasicFragmentScorer()(fragment), number, fragment))
    best = sorted(scored, key=lambda item: -item[0])[:3]
    best.sort(key=lambda item: (item[1], item[2].startchar))
    out = []
    for _, number, fragment in best:
        text = texts[number - 1]
        out.append((number, " ".join(text[fragment.startchar:fragment.endchar].split()),
                    [text[t.startchar:t.endchar] for t in fragment.matches]))
    return out


def page(chooser: random.Random, words: int) -> str:
    separators = (" ", " ", " ", "\n", ", ", ". ", "  ", "\t")
    return "".join(chooser.choice(WORDS) + chooser.choice(separators) for _ in range(words))


@pytest.mark.parametrize("seed", range(40))
def test_passages_are_those_of_whooshs_highlighter(seed: int) -> None:
    chooser = random.Random(seed)
    pages = [page(chooser, chooser.choice((5, 60, 400))) for _ in range(chooser.randint(1, 3))]
    if seed % 10 == 0:
        pages.append(page(chooser, 6000))  # past the 32,768 characters read of a page
    picked = chooser.sample(["Stadt", "Rechte", "2016", "über", "a.b", "finden", "integration",
                             "istanbul", "x" * 170, "ev", "do"], 2)
    language = "en" if seed % 3 else "de"  # English stems "doing" to "do", shorter than 3
    terms = frozenset(fold(word) for word in picked)
    stems = frozenset(folded_stemmer(language)(word) for word in picked) if seed % 2 \
        else frozenset()
    ours = best_snippets(pages, terms, stems, language)
    expected = whoosh_passages(pages, terms, stems, language)
    assert [(s.page, s.text, [s.text[start:end] for start, end in s.marks]) for s in ours] \
        == expected
