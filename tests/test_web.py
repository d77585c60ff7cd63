"""Adding PDFs from URLs and from the web pages that link to them, against a real HTTP server
on 127.0.0.1 serving pages and PDFs the tests write."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests import pdfgen
from tests.conftest import archive_state
from tests.webserver import Route, WebServer, serving

SAEULE = pdfgen.text_pdf(["Die Europäische Säule sozialer Rechte beschreibt zwanzig "
                          "Grundsätze für faire Arbeitsmärkte und soziale Sicherung. " * 3])
INCLUSION = pdfgen.text_pdf(["Brussels, 26 April 2024\n\nCities are where migrants arrive, "
                             "work and find a home. Inclusion starts in cities. " * 3])
WOHNEN = pdfgen.text_pdf(["Wohnen für alle: die Stadt baut bezahlbare Wohnungen für "
                          "Familien und Alleinstehende in allen Bezirken. " * 3])

PAGE = """<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">
<title>EUROCITIES</title></head><body>
<h1>EUROCITIES – Netzwerk europäischer Städte</h1>
<h2>Dokumente</h2>
<ul>
<li><a href="/dokumente/saeule-sozialer-rechte.pdf">Europäische Säule sozialer Rechte</a><br>
PDF-Dokument - Stand: November 2017; Größe: 478 KB</li>
<li>Positionspapier in englischer Sprache – <a href="{base}/dokumente/inclusion.pdf">A better
inclusion of migrants starts in cities</a><br>PDF-Dokument - Stand: April 2024; Größe: 2 KB</li>
<li><a href="download?id=7&amp;format=pdf">Wohnen für alle</a> - PDF-Dokument - Stand: März 2021
</li>
<li><a href="/dokumente/fehlt.pdf">Jahresbericht</a> - PDF-Dokument</li>
<li><a href="/dokumente/fehlerseite.pdf">Protokoll</a> - PDF-Dokument</li>
<li><a href="/impressum.html">Impressum</a></li>
</ul></body></html>"""


@pytest.fixture
def server() -> Iterator[WebServer]:
    with serving() as running:
        running.routes.update({
            "/seite/eurocities.html": Route(
                PAGE.replace("{base}", running.base).encode("iso-8859-1", "replace"),
                content_type="text/html"),
            "/dokumente/saeule-sozialer-rechte.pdf": Route(SAEULE),
            "/dokumente/inclusion.pdf": Route(INCLUSION),
            "/seite/download?id=7&format=pdf": Route(WOHNEN, content_type="application/x-dl"),
            "/dokumente/fehlerseite.pdf": Route(b"<html><body>Interner Fehler</body></html>",
                                                content_type="application/pdf"),
        })
        yield running


def run(archive: Path, *args: str):
    return CliRunner().invoke(cli, ["--archive", str(archive), *args], catch_exceptions=False)


def added(archive: Path, *args: str) -> tuple[int, list[dict], str]:
    """Exit code, JSON lines and stderr of an `add --json`."""
    result = run(archive, "add", "--json", *args)
    return result.exit_code, [json.loads(line) for line in result.stdout.splitlines()], \
        result.stderr


def listed(archive: Path, *args: str) -> list[dict]:
    return json.loads(run(archive, "list", "--json", *args).stdout)


def test_add_a_url(server: WebServer, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    url = server.url("/dokumente/inclusion.pdf")
    code, [result], _ = added(archive, url)
    assert code == 0 and result["status"] == "added" and result["path"] == url
    shown = json.loads(run(archive, "show", "--json", result["id"]).stdout)
    [source] = shown["sources"]
    assert source["url"] == url and source["page_url"] is None
    assert source["retrieved_at"].startswith("20")
    assert shown["filenames"] == ["inclusion.pdf"]
    assert shown["date"] == "2024-04-26" and shown["language"] == "en"
    assert f"source:      {url} (retrieved " in run(archive, "show", result["id"]).stdout


def test_redirects_are_followed_up_to_five(server: WebServer, tmp_path: Path) -> None:
    for n in range(7):
        server.routes[f"/r{n}"] = Route(redirect=f"/r{n + 1}")
    server.routes["/r7"] = Route(redirect="/dokumente/inclusion.pdf")
    code, [result], _ = added(tmp_path / "a", server.url("/r3"))
    assert code == 0 and result["status"] == "added"
    code, [result], _ = added(tmp_path / "b", server.url("/r0"))
    assert code == 1 and result["error"] == "more than 5 redirects"  # the URL is the path
    assert result["path"] == server.url("/r0")


@pytest.mark.parametrize("path, route, args, reason", [
    ("/fehlt.pdf", None, (), "HTTP 404 Not Found"),
    ("/langsam.pdf", Route(SAEULE, delay=2.5), ("--timeout", "1"), "timed out after 1 s"),
    ("/fehlerseite.pdf", Route(b"<html>Fehler</html>"), (), "not a PDF (the server sent "
                                                            "application/pdf)"),
    ("/gross.pdf", Route(SAEULE + b"%" * (2 << 20)), ("--max-size", "1"),
     "too large (2.0 MB; the limit is 1.0 MB)"),
])
def test_each_failure_is_one_line(server: WebServer, tmp_path: Path, path: str,
                                  route: Route | None, args: tuple[str, ...], reason: str) -> None:
    if route:
        server.routes[path] = route
    url = server.url(path)
    result = run(tmp_path / "archive", "add", *args, url, server.url("/dokumente/inclusion.pdf"))
    assert result.exit_code == 1
    assert f"error: {url}: {reason}\n" in result.stderr
    assert result.stderr.count(url) == 1, "the URL is named once"
    assert "1 added, 0 duplicate, 1 failed" in result.stdout


def test_only_http_and_https(tmp_path: Path) -> None:
    result = run(tmp_path / "archive", "add", "ftp://127.0.0.1/x.pdf")
    assert result.exit_code == 1
    assert "only http and https URLs can be fetched, not ftp" in result.stderr


def test_a_page_of_links(server: WebServer, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    page = server.url("/seite/eurocities.html")
    code, results, stderr = added(archive, "--from-page", page)
    assert code == 1  # two links fail; the others are added
    status = {r["path"].removeprefix(server.base): r["status"] for r in results}
    assert status == {"/dokumente/saeule-sozialer-rechte.pdf": "added",
                      "/dokumente/inclusion.pdf": "added",
                      "/seite/download?id=7&format=pdf": "added",
                      "/dokumente/fehlt.pdf": "failed", "/dokumente/fehlerseite.pdf": "failed"}
    assert f"error: {server.url('/dokumente/fehlt.pdf')}: " in stderr
    assert "the page says 489472 bytes, the download has" in stderr
    records = {r["filenames"][0]: r for r in listed(archive)}
    saeule = records["saeule-sozialer-rechte.pdf"]
    # The PDF states no date or title of its own: the page's are taken, with their evidence.
    assert (saeule["title"], saeule["date"], saeule["date_source"]) == (
        "Europäische Säule sozialer Rechte", "2017-11", "page")
    assert saeule["date_evidence"] == f"Rechte PDF-Dokument - Stand: November 2017 (on {page})"
    assert saeule["sources"][0]["page_url"] == page
    assert saeule["sources"][0]["hints"]["size"] == 478 * 1024
    # The document's own clear date wins over the page's month.
    inclusion = records["inclusion.pdf"]
    assert (inclusion["date"], inclusion["date_source"]) == ("2024-04-26", "text")
    assert inclusion["sources"][0]["hints"]["language"] == "en"
    assert records["download"]["title"] == "Wohnen für alle"
    shown = json.loads(run(archive, "show", "--json", saeule["id"]).stdout)
    assert {"source": "page", "date": "2017-11"}.items() <= next(
        c for c in shown["date_candidates"] if c["source"] == "page").items()


def test_a_second_run_adds_nothing_and_a_changed_pdf_is_a_new_version(
        server: WebServer, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    page = server.url("/seite/eurocities.html")
    added(archive, "--from-page", page)
    _, again, _ = added(archive, "--from-page", page)
    assert sorted(r["status"] for r in again) == ["duplicate"] * 3 + ["failed"] * 2
    server.routes["/dokumente/saeule-sozialer-rechte.pdf"] = Route(pdfgen.text_pdf([
        "Die Europäische Säule sozialer Rechte, zweite Auflage, mit zwanzig Grundsätzen. " * 3]))
    _, third, _ = added(archive, "--from-page", page)
    [new] = [r for r in third if r["status"] == "added"]
    assert new["path"] == server.url("/dokumente/saeule-sozialer-rechte.pdf")
    newest = listed(archive)
    assert len(newest) == 3 and new["id"] in {r["id"] for r in newest}
    everything = listed(archive, "--all-versions")
    assert len(everything) == 4
    [old] = [r for r in everything if r["superseded_by"] == new["id"]]
    assert old["id"] not in {r["id"] for r in newest}
    assert json.loads(run(archive, "show", "--json", new["id"]).stdout)["supersedes"] == old["id"]


def test_dry_run_downloads_nothing(server: WebServer, tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    page = server.url("/seite/eurocities.html")
    result = run(archive, "add", "--from-page", page, "--dry-run")
    assert result.exit_code == 0, result.output
    assert server.requests == ["/seite/eurocities.html"]
    assert f"new    {server.url('/dokumente/saeule-sozialer-rechte.pdf')}" in result.stdout
    assert "title: Europäische Säule sozialer Rechte; date: 2017-11" in result.stdout
    assert "language: en" in result.stdout and "5 PDFs linked, 5 new" in result.stdout
    links = json.loads(run(archive, "add", "--from-page", page, "--dry-run", "--json").stdout)
    assert [link["url"].removeprefix(server.base) for link in links] == [
        "/dokumente/saeule-sozialer-rechte.pdf", "/dokumente/inclusion.pdf",
        "/seite/download?id=7&format=pdf", "/dokumente/fehlt.pdf",
        "/dokumente/fehlerseite.pdf"]
    assert not archive.exists(), "a dry run creates no archive"


def test_dry_run_in_an_archive_marks_known_urls_and_writes_nothing(server: WebServer,
                                                                   tmp_path: Path) -> None:
    archive = tmp_path / "archive"
    page = server.url("/seite/eurocities.html")
    assert run(archive, "add", server.url("/dokumente/inclusion.pdf")).exit_code == 0
    before = archive_state(archive)
    result = run(archive, "add", "--from-page", page, "--dry-run")
    assert result.exit_code == 0, result.output
    assert f"known  {server.url('/dokumente/inclusion.pdf')}" in result.stdout
    assert "5 PDFs linked, 4 new" in result.stdout
    assert archive_state(archive) == before


def test_a_page_that_cannot_be_fetched_is_a_clear_error(server: WebServer,
                                                        tmp_path: Path) -> None:
    result = run(tmp_path / "archive", "add", "--from-page", server.url("/seite/weg.html"))
    assert result.exit_code == 1
    assert result.stderr == f"Error: {server.url('/seite/weg.html')}: HTTP 404 Not Found\n"
