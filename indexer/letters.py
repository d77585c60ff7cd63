"""What counts as a letter and as a word, in any script: one definition for every module that
counts letters (is there text? is this line a heading?) or compares words."""

from __future__ import annotations

import re

# A letter of any alphabet: a word character that is neither a digit nor the underscore.
LETTER = re.compile(r"[^\W\d_]")
# A word of two letters or more.
WORD = re.compile(r"[^\W\d_]{2,}")
