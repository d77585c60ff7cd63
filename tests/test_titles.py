"""Choosing a document's title."""

from __future__ import annotations

import pytest

from benchmarks.corpus import title_outcome
from indexer.engines import TextLine
from indexer.titles import (
    choose_title,
    first_prominent_line,
    heading,
    is_real_title,
    running_lines,
    title_options,
)


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


def lines(*rows: tuple[str, float, float]) -> tuple[TextLine, ...]:
    """Page-1 lines as (text, letter size, distance from the top edge) in points."""
    return tuple(TextLine(text, size, top) for text, size, top in rows)


BODY_ROWS = [("Die Stadt unterstützt alle Bürgerinnen und Bürger bei der Integration.", 11.0,
              200.0 + 14 * n) for n in range(10)]


def test_the_heading_is_the_largest_line_continued_by_lines_of_its_size() -> None:
    page = lines(("Senatsverwaltung für Integration", 9.0, 40.0),
                 ("Bericht zur Integration", 24.0, 80.0),
                 ("in Berlin", 24.0, 106.0),
                 ("Ein Leitfaden", 16.0, 140.0), *BODY_ROWS)
    assert heading(page) == "Bericht zur Integration in Berlin"


def test_a_wider_gap_ends_the_heading() -> None:
    """A heading's lines are evenly spaced; a blank line's gap starts another block."""
    page = lines(("Bericht zur Integration", 24.0, 80.0), ("in Berlin", 24.0, 106.0),
                 ("März 2024", 24.0, 158.0), *BODY_ROWS)
    assert heading(page) == "Bericht zur Integration in Berlin"


def test_of_two_headings_alike_the_upper_one_is_the_title() -> None:
    page = lines(*BODY_ROWS[:3], ("I Am Who I Am", 22.7, 470.0),
                 ("A series on contemporary supports", 22.3, 130.0), *BODY_ROWS[3:])
    assert heading(page) == "A series on contemporary supports"


def test_no_heading_when_nothing_stands_out() -> None:
    assert heading(lines(*BODY_ROWS)) is None
    # A cover with little text in one size has no heading either.
    assert heading(lines(("Bericht", 11.0, 80.0), ("Stand: 2017", 11.0, 100.0))) is None


def test_a_cover_with_little_text_has_its_largest_line_as_title() -> None:
    page = lines(("Seite 1", 9.1, 30.0), ("IKT-Rollenkonzept", 29.0, 400.0),
                 ("zur Umsetzung des EGovG Bln", 29.0, 432.0), ("im Land Berlin", 21.1, 476.0))
    assert heading(page) == "IKT-Rollenkonzept zur Umsetzung des EGovG Bln"


@pytest.mark.parametrize("large", [
    "Dossier réalisé par :", "Wie beantrage ich Wohngeld?", "• Fonctionnement",
    "[ÉÇÉÜtuÄx VöÅtÜt wx W|ÑâàtwÉá", "WWW\x0eSPEKTRUMDIREKT\x0eDE", "20. Dezember 2022",
    ">?@ABCDEFGF@",
])
def test_labels_questions_bullets_dates_and_garbled_text_are_not_headings(large: str) -> None:
    assert heading(lines((large, 30.0, 60.0), *BODY_ROWS)) is None


def test_running_headers_are_never_the_title() -> None:
    header = "Règlement 1310 – Identification du circuit – 17 mai 2021"
    bodies = ["Séance ordinaire du conseil.\nLes membres sont présents.\n",
              "Le lieu historique est le circuit.\nLes motifs sont les suivants.\n",
              "Entrée en vigueur.\nLa mairesse et la greffière signent.\n"]
    pages = [f"{header}\n(Adoption) Page {n}\n" + ("RÈGLEMENT NUMÉRO 1310\n" if n == 1 else "")
             + body for n, body in enumerate(bodies, start=1)]
    running = running_lines(pages)
    assert choose_title([None], pages[0], "r.pdf", running=running) == (
        "RÈGLEMENT NUMÉRO 1310", "text")
    assert choose_title([None], pages[0], "r.pdf")[0] == header


@pytest.mark.parametrize("title", ["Directive on Identity Management",
                                   "Richtlinie über die elektronische Stimmabgabe"])
def test_a_title_the_running_header_repeats_is_still_the_heading(title: str) -> None:
    # The running header prints the title small atop every page; page 1 prints it large too.
    page = lines(("Treasury Board", 9.0, 40.0), (title, 9.0, 52.0), (title, 19.0, 180.0),
                 *BODY_ROWS)
    running = frozenset({title})
    assert heading(page, running) == title
    assert heading(page[:2] + page[3:], running) is None


def test_a_duplicate_page_is_not_a_running_header() -> None:
    invoice = "Faktura nr FV 1/2021\nData wystawienia: 2021-04-26\nSprzedawca\nNabywca\n"
    assert running_lines([invoice, invoice.replace("Sprzedawca", "Kopia")]) == frozenset()


@pytest.mark.parametrize("raw, tidy", [
    ("A N E X O", "ANEXO"), ("Le vérificateur d’avis", "Le vérificateur d'avis"),
    ("PRESIDENT OF THE UNITED STATES,", "PRESIDENT OF THE UNITED STATES"),
    ("I Am Who I Am", "I Am Who I Am"),
])
def test_titles_are_tidied(raw: str, tidy: str) -> None:
    assert choose_title([None], BODY, "x.pdf", heading=raw)[0] == tidy


def test_a_short_metadata_title_is_spelled_out_by_its_line() -> None:
    page = "National Weekly Ag Energy Round-Up\nIowa Ethanol 1.35\n" + BODY
    assert choose_title(["National Ag Energy"], page, "x.pdf") == (
        "National Weekly Ag Energy Round-Up", "metadata")
    # A title the page states word for word stays as it is.
    assert choose_title(["Integrationsbericht"], BODY, "x.pdf")[0] == "Integrationsbericht"


@pytest.mark.parametrize("line", ["Brussels, 26 April 2024", "Berlin, den 3. März 2023"])
def test_a_place_and_date_line_is_not_a_title(line: str) -> None:
    assert first_prominent_line(f"{line}\nCities are where migrants arrive\n") == \
        "Cities are where migrants arrive"


def test_every_title_candidate_is_kept_with_its_features() -> None:
    page = lines(("Inhaltsverzeichnis", 20.0, 60.0), ("Bericht zur Integration", 24.0, 100.0),
                 *BODY_ROWS)
    options = title_options(["Integrationsbericht"], "\n".join(r.text for r in page), "b.pdf",
                            page)
    by_text = {c.text: (c.source, f) for c, f in options.candidates}
    assert by_text["Bericht zur Integration"][0] == "heading"
    assert "size:largest" in by_text["Bericht zur Integration"][1]
    assert "Inhaltsverzeichnis" not in by_text  # a table of contents is never the title
    assert by_text["Integrationsbericht"][0] == "metadata"
    assert by_text["b"][0] == "filename"


def test_a_bold_line_in_the_size_of_the_text_is_a_candidate_of_its_own() -> None:
    """A letter's subject is set in bold, not larger: its lines are one candidate, flagged
    bold, and the regular text below does not continue it."""
    rows = (TextLine("Dear data protection officer,", 11.0, 60.0),
            TextLine("Compliance of your cookie banner", 11.0, 90.0, bold=True),
            TextLine("with the law", 11.0, 104.0, bold=True),
            TextLine("We reviewed the banner of your website.", 11.0, 118.0),
            *lines(*BODY_ROWS))
    options = title_options([None], "\n".join(r.text for r in rows), "x.pdf", rows)
    flags = {c.text: c.flags for c, _ in options.candidates}
    assert "bold" in flags["Compliance of your cookie banner with the law"]
    assert "bold" not in flags["Dear data protection officer,"]
    # Where most of the page is bold, bold stands out from nothing.
    all_bold = tuple(TextLine(r.text, r.size, r.top, bold=True) for r in rows)
    options = title_options([None], "\n".join(r.text for r in rows), "x.pdf", all_bold)
    assert not any("bold" in c.flags for c, _ in options.candidates)


@pytest.mark.parametrize("label, features", [
    ("Protokoll", {"document-type-alone"}),
    ("Ministerium für Soziales", {"organisation"}), ("1. Einleitung", {"numbered"}),
    ("Musterstraße 5, 10115 Berlin", {"address"}),
    ("Treasury Board of Canada", {"names-organisation"}),
])
def test_what_a_candidate_reads_like(label: str, features: set[str]) -> None:
    options = title_options([None], f"{label}\nText.\n", "x.pdf")
    described = next(f for c, f in options.candidates if c.text == label)
    assert features <= set(described)


def test_a_line_about_an_organisation_is_no_organisations_name() -> None:
    title = "Report of the Treasury Board on the Management of Identity in Canada"
    options = title_options([None], f"{title}\nText.\n", "x.pdf")
    described = next(f for c, f in options.candidates if c.text == title)
    assert "names-organisation" not in described


def test_garbled_first_lines_are_never_text_candidates() -> None:
    options = title_options([None], ">?@ABCDEFGF@\nProtokoll der Versammlung\nText.\n", "x.pdf")
    assert ">?@ABCDEFGF@" not in {c.text for c, _ in options.candidates}


def test_a_table_of_contents_loses_to_the_heading_below_it() -> None:
    page = lines(("Contents", 26.0, 60.0), ("Directive on Identity Management", 24.0, 100.0),
                 *BODY_ROWS)
    first_page = "\n".join(r.text for r in page)
    assert choose_title([None], first_page, "d.pdf", lines=page)[0] == \
        "Directive on Identity Management"


def test_a_document_type_word_is_also_joined_to_the_line_below_it() -> None:
    page = lines(("Bericht", 28.0, 60.0), ("zur Integration in Berlin", 18.0, 100.0), *BODY_ROWS)
    options = title_options([None], "\n".join(r.text for r in page), "b.pdf", page)
    joined = {c.text: f for c, f in options.candidates if "joined" in f}
    assert list(joined) == ["Bericht zur Integration in Berlin"]
    assert "document-type-alone" in next(f for c, f in options.candidates if c.text == "Bericht")


@pytest.mark.parametrize("ours, truth, outcome", [
    ("Consent or pay Summary of call for views", "Consent or pay: Summary of call for views",
     "equal"),
    (".Stellungnahme. zur Engagementstrategie", "Stellungnahme zur Engagementstrategie", "equal"),
    ("In the Missouri Court of Appeals Eastern District",
     "In the Missouri Court of Appeals, Eastern District, Division Three", "contains"),
    ("Linn", "The LinnSequencer 32 Track MIDI Sequence Recorder", "wrong"),
    ("Anderung der Verordnung", "Änderung der Verordnung", "wrong"),
])
def test_the_accuracy_benchmark_judges_a_title_by_its_words(ours: str, truth: str,
                                                            outcome: str) -> None:
    assert title_outcome(ours, truth) == outcome
