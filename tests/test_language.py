"""Deciding a text's language."""

from __future__ import annotations

import pytest

from indexer.language import decide, detect
from indexer.languagecodes import language_code

TEXTS = {
    "de": "Die Senatsverwaltung unterstützt die Bezirke bei der Integration von Zugewanderten "
          "und bei der Verbesserung der Wohnverhältnisse in der Stadt.",
    "en": "The city council supports the districts in the inclusion of migrants and in "
          "improving housing conditions across the city.",
    "fr": "Le conseil municipal soutient les arrondissements dans l'inclusion des migrants et "
          "l'amélioration des conditions de logement dans la ville.",
    "nl": "De gemeenteraad ondersteunt de stadsdelen bij de inclusie van migranten en bij het "
          "verbeteren van de woonomstandigheden in de stad.",
    "it": "Il consiglio comunale sostiene i quartieri nell'inclusione dei migranti e nel "
          "miglioramento delle condizioni abitative in città.",
    "es": "El ayuntamiento apoya a los distritos en la inclusión de los migrantes y en la "
          "mejora de las condiciones de vivienda en la ciudad.",
    "pl": "Rada miasta wspiera dzielnice w integracji migrantów oraz w poprawie warunków "
          "mieszkaniowych w całym mieście.",
}


@pytest.mark.parametrize("code", sorted(TEXTS))
def test_detects_each_language(code: str) -> None:
    detected, confidence = detect(TEXTS[code])
    assert detected == code
    assert confidence > 0.9


def test_no_text_is_unknown_not_guessed() -> None:
    assert detect("") == (None, 0.0)
    assert detect("12 34 56 -- 2017 / 11") == (None, 0.0)
    guess = decide("", "de-DE")
    assert guess.code is None and guess.source is None


def test_confident_detection_beats_a_wrong_declaration() -> None:
    guess = decide(TEXTS["fr"], "en-US")
    assert (guess.code, guess.source) == ("fr", "detected")


def test_declaration_agreeing_with_detection() -> None:
    guess = decide(TEXTS["nl"], "nl-NL")
    assert (guess.code, guess.source) == ("nl", "detected")


def test_only_iso_639_1_codes_come_out() -> None:
    for text in [*TEXTS.values(), "Lorem ipsum dolor sit amet, consectetur adipiscing elit."]:
        code, _ = detect(text)
        assert code is not None and len(code) == 2


@pytest.mark.parametrize("tag, code", [("de-DE", "de"), ("FR-CA", "fr"), ("en_NL", "en"),
                                       ("nl", "nl"), ("", None), (None, None), ("x-none", None),
                                       ("deu", None)])
def test_language_code(tag: str | None, code: str | None) -> None:
    assert language_code(tag) == code
