"""Choosing a document's title."""

from __future__ import annotations

import pytest

from indexer.titles import choose_title, first_prominent_line, is_real_title


@pytest.mark.parametrize("title", [
    "Microsoft Word - positionpaper_final_v3.docx", "Untitled", "Unbenannt 1", "", None,
    "report.pdf", "Dokument1", "  ", "--", "draft_v2",
])
def test_placeholder_titles_are_not_real(title: str | None) -> None:
    assert not is_real_title(title)


@pytest.mark.parametrize("title", [
    "Europäische Säule sozialer Rechte", "A better inclusion of migrants starts in cities",
    "Le vérificateur d'avis", "E-PRTR pollutants and their thresholds",
])
def test_real_titles(title: str) -> None:
    assert is_real_title(title)


def test_metadata_title_wins_when_real() -> None:
    assert choose_title(["Tiroler Cake"], "Rezept\nZutaten", "x.pdf") == ("Tiroler Cake",
                                                                             "metadata")


def test_first_prominent_line_when_metadata_is_junk() -> None:
    page = "  12  \n\nA better inclusion of migrants starts in cities\nPosition paper\n"
    assert choose_title(["Microsoft Word - x.docx", None], page, "x.pdf") == (
        "A better inclusion of migrants starts in cities", "text")


def test_file_name_as_last_resort() -> None:
    assert choose_title([None], "", "bauschein-2022.pdf") == ("bauschein-2022", "filename")


def test_prominent_line_skips_numbers_and_marks() -> None:
    assert first_prominent_line("- 3 -\n2017\n\nProtokoll der Sitzung\n") == \
        "Protokoll der Sitzung"


BODY = ("Integrationsbericht der Stadt\n" + "Die Stadt unterstützt alle Bürgerinnen und Bürger "
        "bei der Integration in Arbeit, Schule und Nachbarschaft. " * 3)


def test_a_metadata_title_absent_from_the_first_page_is_a_program_s_name() -> None:
    assert choose_title(["Presentación de PowerPoint"], BODY, "x.pdf") == (
        "Integrationsbericht der Stadt", "text")
    assert choose_title(["Integrationsbericht"], BODY, "x.pdf") == (
        "Integrationsbericht", "metadata")


def test_a_metadata_title_is_trusted_when_the_page_has_no_text() -> None:
    assert choose_title(["The LinnSequencer"], "", "scan.pdf") == ("The LinnSequencer",
                                                                   "metadata")


@pytest.mark.parametrize("line", ["20 décembre 2022", "• Fonctionnement", "November 2017"])
def test_dates_and_bullets_are_not_headings(line: str) -> None:
    assert first_prominent_line(f"{line}\nDer eigentliche Titel\n") == "Der eigentliche Titel"


def test_the_largest_text_on_page_one_wins() -> None:
    assert choose_title(["Integrationsbericht"], BODY, "x.pdf",
                        heading="Bericht zur Integration 2017") == (
        "Bericht zur Integration 2017", "heading")
    assert choose_title([None], BODY, "x.pdf", heading="20. Dezember 2022")[1] == "text"
