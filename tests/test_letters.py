"""Counting letters in any script."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from indexer.letters import LETTER, count_letters, has_letters


@given(st.text())
def test_counting_letters_at_once_finds_each_letter(text: str) -> None:
    assert count_letters(text) == len(LETTER.findall(text))


def test_letters_of_every_script_count_and_nothing_else_does() -> None:
    assert count_letters("Straße 12, Ελλάδα; Москва_2024 — 東京!") == 6 + 6 + 6 + 2
    assert has_letters("Straße 12", 6) and not has_letters("Straße 12", 7)
