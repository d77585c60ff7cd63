"""Reading a web page's links to PDFs and its hints about them; streaming downloads."""

from __future__ import annotations

import tracemalloc

from archive.fetch import WebLimits, fetch_pdf, file_name, is_url
from archive.webpage import pdf_links
from indexer import PartialDate
from tests import pdfgen
from tests.webserver import Route, serving

PAGE_URL = "http://127.0.0.1:8000/sen/eu/seite.html"


def links(html: str, encoding: str = "utf-8") -> list:
    return pdf_links(PAGE_URL, html.encode(encoding), None)


def test_links_are_resolved_and_each_listed_once() -> None:
    found = links("""<base href="/sen/">
        <p><a href="a.pdf">A</a> <a href="a.pdf#page=2">A again</a></p>
        <p><a href="https://example.org/b.PDF?x=1">B</a></p>
        <p><a href="mailto:x@example.org">PDF per Mail</a> <a href="c.html">C</a></p>""")
    assert [link.url for link in found] == ["http://127.0.0.1:8000/sen/a.pdf",
                                            "https://example.org/b.PDF?x=1"]


def test_hints_in_german_english_and_french() -> None:
    [stand, english, french] = links("""
        <li><a href="s.pdf">Europäische Säule sozialer Rechte</a> PDF-Dokument -
            Stand: November 2017; Größe: 1,2 MB</li>
        <li><a href="e.pdf" hreflang="en-GB">Inclusion starts in cities (PDF, 231 KB)</a>
            published 3 March 2023</li>
        <li>Version anglaise : <a href="f.pdf">Rapport annuel</a> (EN) mis en ligne le
            12 juin 2019</li>""")
    assert (stand.title, stand.date, stand.size, stand.language) == (
        "Europäische Säule sozialer Rechte", PartialDate(2017, 11), int(1.2 * (1 << 20)), None)
    assert (english.title, english.date, english.size, english.language) == (
        "Inclusion starts in cities", PartialDate(2023, 3, 3), 231 * 1024, "en")
    assert (french.title, french.date, french.language) == (
        "Rapport annuel", PartialDate(2019, 6, 12), "en")


def test_a_link_that_only_says_pdf_takes_the_heading_before_it() -> None:
    [link] = links("""<h2>Positionspapier zur Wohnungslosenhilfe</h2>
        <p>Download: <a href="/get?id=9">PDF</a></p>""")
    assert link.title == "Positionspapier zur Wohnungslosenhilfe"
    assert link.url == "http://127.0.0.1:8000/get?id=9"


def test_a_page_in_latin_1_is_read_by_its_meta_tag() -> None:
    html = ('<meta charset="iso-8859-1"><p><a href="x.pdf">Größe der Städte</a> '
            'PDF-Dokument</p>')
    [link] = links(html, "iso-8859-1")
    assert link.title == "Größe der Städte"


def test_size_check_allows_the_rounding_pages_do() -> None:
    [link] = links('<p><a href="x.pdf">X</a> PDF, 478 KB</p>')
    assert link.size_matches(478 * 1024 + 300) and link.size_matches(489_000)
    assert not link.size_matches(2_000)


def test_urls_and_file_names() -> None:
    assert is_url("https://example.org/a.pdf") and is_url("ftp://example.org/a.pdf")
    assert not is_url("reports/a.pdf") and not is_url("C:/a.pdf")
    assert file_name("https://example.org/docs/Positions%20papier.pdf?v=2") == \
        "Positions papier.pdf"
    assert file_name("https://example.org/") == "download.pdf"


def test_a_download_streams_to_disk_in_flat_memory() -> None:
    big = pdfgen.text_pdf(["Ein großes Dokument."]) + b"%" * (40 << 20)
    with serving() as server:
        server.routes["/big.pdf"] = Route(big)
        tracemalloc.start()
        try:
            download = fetch_pdf(server.url("/big.pdf"), WebLimits(max_size=100 << 20))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
    try:
        assert download.size == len(big) and download.path.stat().st_size == len(big)
        assert peak < 4 << 20  # 40 MB went through a few buffers of 64 KB
    finally:
        download.path.unlink()
