"""Extraction of text and metadata from generated PDFs."""

from __future__ import annotations

import io

import pytest

from indexer import (
    DamagedPdfError,
    LimitExceededError,
    Limits,
    NotAPdfError,
    Overrides,
    PasswordRequiredError,
    extract,
    read_pdf,
)
from indexer.partialdate import PartialDate
from tests import pdfgen

GERMAN = ("Europäische Säule sozialer Rechte\nStand: November 2017\n"
          "Die Städte unterstützen die Integration aller Bürgerinnen und Bürger.")
ENGLISH = "A better inclusion of migrants starts in cities. Cities support their residents."


def test_every_page_is_extracted_in_full_with_page_numbers_kept() -> None:
    pages = [f"Seite {n}: {GERMAN}" for n in range(1, 6)]
    result = extract(pdfgen.text_pdf(pages), "five.pdf")
    assert result.pages == 5
    assert len(result.page_texts) == 5
    for number, text in enumerate(result.page_texts, start=1):
        assert f"Seite {number}:" in text
        assert "Bürgerinnen und Bürger" in text


def test_size_is_the_byte_count() -> None:
    data = pdfgen.text_pdf([ENGLISH])
    assert extract(data, "a.pdf").size_bytes == len(data)


def test_stated_date_beats_the_creation_date() -> None:
    data = pdfgen.text_pdf([GERMAN], creation_date="D:20180101120000Z")
    result = extract(data, "a.pdf")
    assert result.date == PartialDate(2017, 11)
    assert (result.date_source, result.date_evidence) == ("text", "Stand: November 2017")
    assert {c.source for c in result.date_candidates} == {"text", "info"}


def test_info_creation_date_when_nothing_is_stated() -> None:
    result = extract(pdfgen.text_pdf([ENGLISH], creation_date="D:20190612081500+02'00'"), "a")
    assert (result.date, result.date_source) == (PartialDate(2019, 6, 12), "info")


def test_xmp_metadata_is_read() -> None:
    data = pdfgen.xmp_pdf([ENGLISH], title="Inclusion of migrants", create_date="2018-05-04",
                          language="en")
    result = extract(data, "a.pdf")
    assert (result.title, result.title_source) == ("Inclusion of migrants", "metadata")
    assert (result.date, result.date_source) == (PartialDate(2018, 5, 4), "xmp")


def test_no_date_at_all_is_unknown() -> None:
    result = extract(pdfgen.text_pdf([ENGLISH]), "a.pdf")
    assert (result.date, result.date_source, result.date_evidence) == (None, None, None)


def test_user_overrides_win() -> None:
    result = extract(pdfgen.text_pdf([GERMAN]), "a.pdf",
                     Overrides(title="Mein Titel", date=PartialDate(2016), language="fr"))
    assert (result.title, result.title_source) == ("Mein Titel", "user")
    assert (result.date, result.date_source) == (PartialDate(2016), "user")
    assert (result.language, result.language_source) == ("fr", "user")


def test_language_and_declared_language() -> None:
    result = extract(pdfgen.text_pdf([GERMAN], language="en-US"), "a.pdf")
    assert (result.language, result.language_source) == ("de", "detected")
    assert result.declared_language == "en-US"


def test_junk_metadata_title_falls_back_to_the_first_line() -> None:
    data = pdfgen.text_pdf([GERMAN], title="Microsoft Word - leitfaden_v3.docx")
    result = extract(data, "a.pdf")
    assert (result.title, result.title_source) == ("Europäische Säule sozialer Rechte", "text")


def test_independent_writer() -> None:
    data = pdfgen.fpdf_pdf(["Le logement abordable dans les villes européennes. "
                            "Bruxelles, le 26 avril 2017. Les villes demandent une politique."],
                           title="Logement abordable", creation_year=2019)
    result = extract(data, "a.pdf")
    assert result.title == "Logement abordable"
    assert result.language == "fr"
    assert result.date == PartialDate(2017, 4, 26)


def test_polish_letters_survive() -> None:
    text = "Warszawa, dnia 3 marca 2023 r.\nMiasto wspiera budownictwo społeczne i integrację."
    result = extract(pdfgen.text_pdf([text]), "a.pdf")
    assert "społeczne i integrację" in result.page_texts[0]
    assert result.language == "pl"
    assert result.date == PartialDate(2023, 3, 3)


def test_scan_without_text_needs_ocr() -> None:
    result = extract(pdfgen.blank_pdf(2), "scan.pdf", )
    assert result.needs_ocr
    assert result.language is None and result.language_source is None
    assert result.pages == 2
    assert "no text layer: needs OCR" in result.warnings


@pytest.mark.parametrize("algorithm", ["AES-256", "AES-128", "RC4-128"])
def test_encrypted_with_empty_user_password_opens(algorithm: str) -> None:
    result = extract(pdfgen.encrypted_pdf([ENGLISH], "", algorithm=algorithm), "a.pdf")
    assert "inclusion of migrants" in result.page_texts[0]


def test_encrypted_with_user_password_needs_it() -> None:
    data = pdfgen.encrypted_pdf([ENGLISH], "geheim")
    with pytest.raises(PasswordRequiredError, match="--password"):
        extract(data, "a.pdf")
    with pytest.raises(PasswordRequiredError, match="does not open it"):
        extract(data, "a.pdf", password="falsch")
    assert "inclusion" in extract(data, "a.pdf", password="geheim").page_texts[0]


@pytest.mark.parametrize("name", sorted(pdfgen.NOT_PDFS))
def test_not_a_pdf(name: str) -> None:
    data, words = pdfgen.NOT_PDFS[name]
    with pytest.raises(NotAPdfError, match=words):
        extract(data, name)


@pytest.mark.parametrize("fraction", [0.2, 0.5, 0.8])
def test_truncated_pdf_is_damaged(fraction: float) -> None:
    data = pdfgen.truncated(pdfgen.text_pdf([GERMAN, ENGLISH]), fraction)
    with pytest.raises(DamagedPdfError, match="truncated"):
        extract(data, "cut.pdf")


def test_a_pdf_cut_short_in_its_trailer_is_read() -> None:
    data = pdfgen.text_pdf([GERMAN, ENGLISH])
    cut = data[:data.rindex(b">>\nstartxref")]  # the trailer's end and the pointer lost
    assert b"%%EOF" not in cut and b"startxref" not in cut
    result = extract(cut, "cut.pdf")
    assert result.pages == 2
    assert "Säule sozialer Rechte" in result.page_texts[0]
    assert any("cut short" in warning for warning in result.warnings)


def test_a_pdf_padded_with_zeros_after_its_end_is_not_called_cut_short() -> None:
    """A file copied into a larger, zero-filled space (a preallocated download) still ends
    with its end-of-file marker, zeros aside."""
    data = pdfgen.text_pdf([GERMAN, ENGLISH]) + b"\0" * 300_000
    result = extract(data, "padded.pdf")
    assert "Säule sozialer Rechte" in result.page_texts[0]
    assert not any("cut short" in warning for warning in result.warnings)


def test_too_many_pages_is_fatal() -> None:
    with pytest.raises(LimitExceededError, match=r"too many pages \(5; the limit is 3\)"):
        extract(pdfgen.text_pdf([ENGLISH] * 5), "a.pdf", limits=Limits(max_pages=3))


def test_overlong_page_text_is_cut_with_a_warning() -> None:
    result = extract(pdfgen.text_pdf([ENGLISH, "Short."]), "a.pdf",
                     limits=Limits(max_page_chars=20))
    assert result.page_texts[0] == ENGLISH[:20]
    assert result.page_texts[1].strip() == "Short."
    assert "text of page(s) 1 cut at 20 characters" in result.warnings


def test_a_mixed_document_lists_its_languages_with_shares() -> None:
    german = ("Die Senatsverwaltung unterstützt die Bezirke bei der Integration von "
              "Zugewanderten und bei der Verbesserung der Wohnverhältnisse in der Stadt. ") * 14
    english = ("Summary. The city supports the districts in the inclusion of migrants and in "
               "improving housing conditions across the city. ") * 5
    result = extract(pdfgen.text_pdf([german, german, german, english]), "mixed.pdf")
    assert result.language == "de"
    codes = [code for code, _ in result.languages]
    assert codes == ["de", "en"]
    shares = dict(result.languages)
    assert 0.65 <= shares["de"] <= 0.95 and 0.05 <= shares["en"] <= 0.35


def test_the_heading_in_large_letters_is_the_title() -> None:
    pdf = pdfgen.layout_pdf([("Senatsverwaltung für Integration - Referat 3", 9),
                             ("Bericht zur Integration", 24)],
                            "Die Stadt unterstützt die Integration aller Bürgerinnen. " * 20)
    result = extract(bytes(pdf.output()), "bericht.pdf")
    assert (result.title, result.title_source) == ("Bericht zur Integration", "heading")


def test_a_line_in_a_bold_font_is_measured_bold() -> None:
    subject = "Compliance of your cookie banner with the law"
    pdf = pdfgen.layout_pdf([("Dear data protection officer,", 10), (subject, 10)],
                            "We reviewed the cookie banner of your website. " * 20,
                            bold=frozenset({subject}))
    lines = {line.text: line.bold for line in read_pdf(bytes(pdf.output())).first_page_lines}
    assert lines[subject] is True
    assert lines["Dear data protection officer,"] is False
    assert not any(bold for text, bold in lines.items() if text.startswith("We reviewed"))


def test_a_letters_subject_in_bold_is_its_title() -> None:
    """Nothing on a letter's page is larger than its text: its subject stands out by weight,
    and beats the sender's name above it."""
    subject = "Compliance of your cookie banner with the law"
    pdf = pdfgen.layout_pdf([("Information Commissioner's Office", 10),
                             ("Dear data protection officer,", 10), (subject, 10)],
                            "We reviewed the cookie banner of your website. " * 30,
                            bold=frozenset({subject}))
    assert extract(bytes(pdf.output()), "letter.pdf").title == subject
    regular = pdfgen.layout_pdf([("Information Commissioner's Office", 10),
                                 ("Dear data protection officer,", 10), (subject, 10)],
                                "We reviewed the cookie banner of your website. " * 30)
    assert extract(bytes(regular.output()), "letter.pdf").title != subject


def test_a_large_label_is_not_a_heading() -> None:
    pdf = pdfgen.layout_pdf([("Dossier réalisé par :", 24)],
                            "Projet de centrale photovoltaïque au sol.\n" +
                            "La commune étudie l'impact sur l'environnement. " * 20)
    result = extract(bytes(pdf.output()), "etude.pdf")
    assert result.title_source != "heading"


def test_a_stamp_across_the_page_is_not_the_title() -> None:
    pdf = pdfgen.layout_pdf([("Conhecimento de Transporte", 16)],
                            "O transportador entrega a carga ao destinatario na cidade. " * 20)
    with pdf.rotation(angle=30, x=100, y=150):
        pdf.set_font("Helvetica", size=72)
        pdf.text(40, 150, "CANCELADO")
    result = extract(bytes(pdf.output()), "dacte.pdf")
    assert (result.title, result.title_source) == ("Conhecimento de Transporte", "heading")


def test_a_turned_page_is_measured_as_it_is_read() -> None:
    from pypdf import PdfReader, PdfWriter

    pdf = pdfgen.layout_pdf([("Commune de Seranon", 10), ("Projet de centrale photovoltaique", 26)],
                            "La commune etudie l'impact du projet sur l'environnement. " * 20,
                            orientation="landscape")
    # Store the landscape page as a portrait page turned by /Rotate, as scanners do: its
    # content drawn turned, the page turned back for display.
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(bytes(pdf.output()))))
    writer.pages[0].rotate(270)
    writer.pages[0].transfer_rotation_to_content()
    writer.pages[0].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    result = extract(out.getvalue(), "etude.pdf")
    assert (result.title, result.title_source) == ("Projet de centrale photovoltaique", "heading")


SCAN = [[("Bericht zur Integration", 60), ("Stand: November 2017", 30)]
        + [("Die Stadt hilft allen Menschen in der Nachbarschaft.", 30)] * 8,
        [("Kinderbetreuung und Weiterbildung fuer alle", 30)] * 3]


@pytest.mark.slow  # OCR
def test_scanned_pages_are_read_by_ocr() -> None:
    result = extract(pdfgen.scanned_pdf(SCAN), "scan.pdf")
    assert not result.needs_ocr
    assert "text of page(s) 1-2 read by OCR" in result.warnings
    assert "Nachbarschaft" in result.page_texts[0]
    assert "Kinderbetreuung" in result.page_texts[1]
    assert (result.title, result.title_source) == ("Bericht zur Integration", "heading")
    assert result.language == "de"
    assert result.date == PartialDate(2017, 11)


BODY = ("The city helps people who have just arrived to settle in. It offers language "
        "courses, advice and help in finding a flat. The offers are open to all and free of "
        "charge. Questions are answered at the town hall or in the advice centres of each "
        "district. ") * 4


@pytest.mark.slow  # OCR
@pytest.mark.parametrize("turned", [False, True], ids=["upright", "upside-down"])
@pytest.mark.parametrize("size", [10, 12])
def test_ocr_reads_nearly_every_word_of_a_page_of_body_text(size: int, turned: bool) -> None:
    """A page of body text scanned at 150 dpi, upright or fed in upside down, is read word
    for word, as search needs it: with RapidOCR's own settings its words ran together and
    whole lines were lost (of 188 words at 10 and 12 pt, 36 and 58 were read; upside down, 1)."""
    from collections import Counter

    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=size)
    pdf.multi_cell(0, size * 0.5, BODY)
    scan = pdfgen.scan_of(bytes(pdf.output()), turned=turned)
    [text] = extract(scan, "scan.pdf").page_texts
    read = Counter(text.split()) & Counter(BODY.split())
    assert sum(read.values()) >= 0.8 * len(BODY.split())


ACCENTED = ["Protokoll der Gründungsversammlung", "Änderung der Satzung über die Beiträge",
            "Réunion du conseil municipal à Besançon, été", "Acta de la sesión del año",
            "Relatório de avaliação da execução orçamental", "Società per l'edilità"]


@pytest.mark.slow  # OCR
def test_ocr_reads_the_accents_and_umlauts_of_a_scan() -> None:
    """A scan in German, French, Spanish, Portuguese and Italian is read with its accents
    and umlauts: RapidOCR's own recognizer has none in its alphabet ("Grundungsversammlung",
    "Reunion"), and titles and snippets showed the words misspelled."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    for number, line in enumerate(ACCENTED):
        pdf.set_font("Helvetica", size=12 if number else 20)  # the first line is the title
        pdf.cell(0, 12, line, new_x="LMARGIN", new_y="NEXT")
    result = extract(pdfgen.scan_of(bytes(pdf.output()), dpi=300), "scan.pdf")
    accented = [w for w in " ".join(ACCENTED).split() if not w.isascii()]
    read = [w for w in accented if w in result.page_texts[0].split()]
    assert len(read) >= 2 / 3 * len(accented), result.page_texts[0]
    assert result.title == "Protokoll der Gründungsversammlung"


CELLS = [["Nr.", "Ort", "Ja", "Nein"], ["12", "Köln", "31", "7"], ["13", "Bonn", "4", "18"],
         ["14", "Graz", "26", "9"]]


@pytest.mark.slow  # OCR
def test_ocr_reads_the_short_words_of_a_table_standing_alone() -> None:
    """A table's cells ("Nr.", "Ja", "7") are lines of their own, far shorter than the
    picture of a line the recognizer was trained on (320 pixels wide): each is padded to a
    narrower one (`LINE_MIN_WIDTH`), and must still be read (at 64 pixels a "7" was lost)."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    for row in CELLS:
        for cell in row:
            pdf.cell(45, 14, cell)
        pdf.ln()
    [text] = extract(pdfgen.scan_of(bytes(pdf.output()), dpi=300), "scan.pdf").page_texts
    assert sorted(text.split()) == sorted(cell for row in CELLS for cell in row), text


@pytest.mark.slow  # OCR
def test_ocr_can_be_turned_off_and_stops_at_its_time_budget() -> None:
    off = extract(pdfgen.scanned_pdf(SCAN), "scan.pdf", limits=Limits(ocr_seconds=0))
    assert off.needs_ocr and off.page_texts == ["", ""]
    hurried = extract(pdfgen.scanned_pdf(SCAN), "scan.pdf", limits=Limits(ocr_seconds=1e-9))
    assert hurried.page_texts[1] == ""
    assert any(w.startswith("OCR stopped after 1e-09 s: page(s) ") and w.endswith(
        "have no text") for w in hurried.warnings)


def test_a_scan_is_added_without_text_where_ocr_is_not_installed(monkeypatch) -> None:
    """Where OCR's package has no wheel for the machine, it is not installed: a scan is read
    as without text, with a warning saying why, and the file is not lost."""
    import sys

    from indexer import ocr

    monkeypatch.setattr(ocr, "_engine", None)
    monkeypatch.setitem(sys.modules, "faster_paddle", None)  # importing it fails
    result = extract(pdfgen.scanned_pdf(SCAN), "scan.pdf")
    assert result.needs_ocr and result.page_texts == ["", ""]
    assert any(w.startswith("OCR is not available (") and w.endswith(
        "scanned pages have no text") for w in result.warnings), result.warnings


def test_a_blank_page_is_not_worth_ocr() -> None:
    from indexer import read_pdf

    assert not read_pdf(pdfgen.blank_pdf(2)).ran_ocr
    white = read_pdf(pdfgen.scanned_pdf([[]]))
    assert white.ran_ocr and white.ocr_pages == () and white.page_texts == [""]


UNMAPPED = ["Protokoll der Versammlung", "Datum: 21. Mai 2025",
            "Die Stadt hilft allen Menschen in der Nachbarschaft."]


def test_text_in_a_font_without_unicode_is_not_taken_for_words() -> None:
    """A font without a ToUnicode map or known glyph names extracts as its code numbers
    ("\\x1a\\x19\\x1c"), which are given as no text; the same words in an ordinary font
    are words."""
    from indexer.engines import PdfiumEngine
    from indexer.pdf import open_pdf

    unmapped = PdfiumEngine().extract(open_pdf(pdfgen.unmapped_font_pdf(UNMAPPED)))
    assert unmapped.unmapped_pages == {0}
    assert unmapped.page_texts == [""] and unmapped.first_page_lines == ()
    readable = PdfiumEngine().extract(open_pdf(pdfgen.text_pdf(["\n".join(UNMAPPED)])))
    assert readable.unmapped_pages == frozenset()
    # A table of numbers holds few letters too, but its font has Unicode: it is text.
    numbers = PdfiumEngine().extract(open_pdf(pdfgen.text_pdf(["47,824 9,967 1,275 0\n" * 30])))
    assert numbers.unmapped_pages == frozenset() and "9,967" in (numbers.page_texts[0] or "")
    # Without OCR, such a page has no text: it is not indexed as code numbers.
    unread = extract(pdfgen.unmapped_font_pdf(UNMAPPED), "protokoll.pdf",
                     limits=Limits(ocr_seconds=0))
    assert unread.page_texts == [""] and unread.needs_ocr
    assert "text of page(s) 1 in fonts without Unicode: no words" in unread.warnings
    assert (unread.title, unread.title_source) == ("protokoll", "filename")


@pytest.mark.slow  # OCR
def test_a_page_in_a_font_without_unicode_is_read_by_ocr() -> None:
    result = extract(pdfgen.unmapped_font_pdf(UNMAPPED), "protokoll.pdf")
    assert "text of page(s) 1 read by OCR" in result.warnings
    assert "Nachbarschaft" in result.page_texts[0]
    assert result.language == "de"
    assert result.date == PartialDate(2025, 5, 21)
    assert result.title == "Protokoll der Versammlung"
