"""What counts as a letter and as a word, in any script: one definition for every module that
counts letters (is there text? is this line a heading?) or compares words."""

from __future__ import annotations

import re
from itertools import islice

# A letter of any alphabet: a word character that is neither a digit nor the underscore.
LETTER = re.compile(r"[^\W\d_]")
# A word of two letters or more.
WORD = re.compile(r"[^\W\d_]{2,}")
_NOT_LETTERS = re.compile(r"[\W\d_]+")


def count_letters(text: str) -> int:
    """How many letters the text holds (what is left when everything else is taken out:
    faster than finding each letter)."""
    return len(_NOT_LETTERS.sub("", text))


def has_letters(text: str, count: int) -> bool:
    """Whether the text holds at least `count` letters, read only as far as needed: a
    document's whole text is asked this once, and a long one has its answer early."""
    return count <= 0 or next(islice(LETTER.finditer(text), count - 1, None), None) is not None
