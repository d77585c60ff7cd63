"""Deciding a text's language."""

from __future__ import annotations

import py3langid.langid as langid
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from indexer.language import SHARE_PASSAGES, decide, detect, shares
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


def test_shares_reads_at_most_its_passages_however_long_the_document(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A long document's language mix is judged on a bounded sample, spread over it: the cost
    of `add` must not grow with a document's length (79 passages were all read before)."""
    import indexer.language as language

    read: list[str] = []
    identifier = language._identifier()

    class Counting:
        def classify(self, text: str) -> tuple[str, float]:
            read.append(text)
            return identifier.classify(text)  # type: ignore[no-any-return]

    monkeypatch.setattr(language, "_identifier", lambda: Counting())
    page = ("Die Kommission legt heute ihre Vorschläge für die europäische Säule sozialer "
            "Rechte vor. ") * 14
    english = ("The Commission presents its proposals for the European Pillar of Social "
               "Rights today. ") * 14
    pages = [page if number % 3 else english for number in range(79)]  # a passage each
    found = dict(shares(pages))
    assert 0 < len(read) <= SHARE_PASSAGES
    assert found["de"] > found["en"] > 0


@pytest.fixture(scope="module")
def library_identifier() -> langid.LanguageIdentifier:
    """py3langid's own identifier, restricted as ours is, walking bytes its own way."""
    identifier = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.nb_classes if len(code) == 2])
    return identifier


OTHER_SCRIPTS = [
    "Η Επιτροπή παρουσιάζει σήμερα τις προτάσεις της για τον ευρωπαϊκό πυλώνα κοινωνικών "
    "δικαιωμάτων.",
    "Комиссия представляет сегодня свои предложения по европейской основе социальных прав.",
    "欧盟委员会今天提出了关于欧洲社会权利支柱的建议。",
    # Japanese kana pairs are the model's longest features: six bytes.
    "委員会は本日、社会的権利の柱についての提案を発表しました。ありがとうございます。",
    "DIE SENATSVERWALTUNG UNTERSTÜTZT DIE BEZIRKE",  # all capitals: the library lowers them
    "", "a", "Stand", "1234 5678", "\u00ad\ufffd\U0001f600 é",
]


@pytest.mark.parametrize("text", [*TEXTS.values(), *OTHER_SCRIPTS])
def test_numpy_walk_decides_as_the_library_does(
        library_identifier: langid.LanguageIdentifier, text: str) -> None:
    """Our faster scoring is the library's, to the last bit: same language, same confidence."""
    import indexer.language as language

    assert language._identifier().classify(text) == library_identifier.classify(text)


_WORDS = st.sampled_from(sorted({word for text in [*TEXTS.values(), *OTHER_SCRIPTS]
                                 for word in text.split()}))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(_WORDS, st.text(max_size=8)), max_size=60).map(" ".join))
def test_numpy_walk_decides_as_the_library_does_on_any_text(
        library_identifier: langid.LanguageIdentifier, text: str) -> None:
    """Mixed words of every script, stray characters and runs shorter than the automaton's
    memory: the walk that starts at every position agrees with the walk through the text."""
    import indexer.language as language

    assert language._identifier().classify(text) == library_identifier.classify(text)
