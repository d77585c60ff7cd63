"""`pdfarchive serve`, in process: every API endpoint with its errors, the pages, the token,
the anti-forgery rule, and uploads (their limits, hostile ones), on PDFs the tests make."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from starlette.testclient import TestClient

from archive import Archive
from archive.samples import SAMPLES, write_samples
from archive.uploads import FOLDER as UPLOADS
from cli import cli
from tests import pdfgen
from web import ServerSettings, create_app
from web.security import CSRF_COOKIE, SESSION_COOKIE

MARKUP_TITLE = "<img src=x onerror=alert(1)>"
MARKUP_PDF = pdfgen.text_pdf(
    [f"{MARKUP_TITLE}\n\nEin Bericht über <script>alert('x')</script> Wohnungsbau und Quartiere "
     "in der Stadt. " * 4],
    title=MARKUP_TITLE, creation_date="D:20190301000000Z")
WOHNEN = pdfgen.text_pdf(["Wohnen für alle: die Stadt baut bezahlbare Wohnungen für Familien "
                          "und Alleinstehende in allen Bezirken. " * 3], title="Wohnen für alle")
TOKEN = "a-long-enough-test-token-0123456789"


def _fill(root: Path, folder: Path) -> list[Path]:
    paths = write_samples(folder)
    (folder / "markup.pdf").write_bytes(MARKUP_PDF)
    paths.append(folder / "markup.pdf")
    with Archive.open(root, create=True) as archive:
        results = list(archive.add(paths))
    assert {result.status for result in results} == {"added"}, results
    return paths


@pytest.fixture(scope="module")
def filled(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Path]]:
    """An archive of the sample documents and one whose title and text are markup (read only
    by the tests that use it)."""
    top = tmp_path_factory.mktemp("served")
    return top / "archive", _fill(top / "archive", top / "samples")


def client(root: Path, token: str | None = None, max_upload: int | None = None,
           check_host: bool = True) -> TestClient:
    settings = ServerSettings(token=token) if max_upload is None else ServerSettings(
        token=token, max_upload=max_upload)
    return TestClient(create_app(root, settings, check_host=check_host),
                      base_url="http://localhost")


@pytest.fixture(scope="module")
def reading(filled: tuple[Path, list[Path]]) -> Iterator[TestClient]:
    with client(filled[0]) as served:
        yield served


@pytest.fixture
def writing(tmp_path: Path) -> Iterator[TestClient]:
    """A client of an archive of its own, for the tests that change it."""
    _fill(tmp_path / "archive", tmp_path / "samples")
    with client(tmp_path / "archive") as served:
        served.get("/")  # the anti-forgery cookie, as a browser gets it from a page
        served.headers["X-CSRF-Token"] = served.cookies[CSRF_COOKIE]
        yield served


def cli_json(root: Path, *args: str) -> object:
    result = CliRunner().invoke(cli, ["--archive", str(root), *args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def ids(records: list[dict]) -> list[str]:
    return [record["id"] for record in records]


# -- the API gives the CLI's records -------------------------------------------------------------


def test_search_gives_the_records_of_search_json(reading, filled) -> None:
    answer = reading.get("/api/search", params={"q": "Integration OR inclusion"})
    assert answer.status_code == 200
    body = answer.json()
    assert body["hits"] == cli_json(filled[0], "search", "--json", "Integration OR inclusion")
    assert body["total"] >= len(body["hits"]) >= 2
    assert all(hit["snippets"] and hit["snippets"][0]["page"] >= 1 for hit in body["hits"])


def test_search_pages_through_the_hits(reading) -> None:
    query = {"q": "Integration OR inclusion OR Stadt OR Wohnungsbau", "limit": "2"}
    first = reading.get("/api/search", params=query).json()
    second = reading.get("/api/search", params={**query, "offset": "2"}).json()
    everything = reading.get("/api/search", params={**query, "limit": "50"}).json()
    assert everything["total"] > 2
    assert ids(first["hits"]) + ids(second["hits"]) == ids(everything["hits"])[:4]


def test_search_filters_by_language_and_date(reading, filled) -> None:
    query = {"q": "Integration OR inclusion OR Stadt", "lang": "de", "since": "2017"}
    hits = reading.get("/api/search", params=query).json()["hits"]
    assert hits == cli_json(filled[0], "search", "--json", query["q"], "--lang", "de",
                            "--since", "2017")
    assert hits and {hit["language"] for hit in hits} == {"de"}


def test_search_suggests_a_spelling_when_nothing_matched(reading) -> None:
    body = reading.get("/api/search", params={"q": "Integartion"}).json()
    assert body["total"] == 0 and body["suggestion"] == "integration"


def test_list_gives_the_records_of_list_json(reading, filled) -> None:
    assert reading.get("/api/documents").json() == cli_json(filled[0], "list", "--json")
    dated = reading.get("/api/documents", params={"since": "2017", "until": "2019",
                                                  "lang": "de"}).json()
    assert dated == cli_json(filled[0], "list", "--json", "--since", "2017", "--until", "2019",
                             "--lang", "de")
    assert dated and all(r["language"] == "de" and "2017" <= r["date"][:4] <= "2019"
                         for r in dated)


def test_list_pages_with_limit_and_offset(reading) -> None:
    everything = ids(reading.get("/api/documents").json())
    assert len(everything) == len(SAMPLES) + 1
    pages = [ids(reading.get("/api/documents", params={"limit": "3", "offset": str(start)}
                             ).json()) for start in range(0, len(everything), 3)]
    assert sum(pages, []) == everything


def test_show_by_any_unique_prefix_gives_show_json(reading, filled) -> None:
    document_id = reading.get("/api/documents").json()[0]["id"]
    answer = reading.get(f"/api/documents/{document_id[:10]}")
    assert answer.status_code == 200
    assert answer.json() == cli_json(filled[0], "show", "--json", document_id)
    assert answer.json()["date_candidates"]


def test_similar_gives_documents_of_the_archive(reading) -> None:
    document_id = reading.get("/api/documents").json()[0]["id"]
    similar = reading.get(f"/api/documents/{document_id}/similar", params={"limit": "3"}).json()
    assert document_id not in ids(similar)
    assert set(ids(similar)) <= set(ids(reading.get("/api/documents").json()))


def test_file_is_the_pdf_as_added(reading, filled) -> None:
    records = {r["filenames"][0]: r["id"] for r in reading.get("/api/documents").json()}
    answer = reading.get(f"/api/documents/{records['markup.pdf']}/file")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/pdf"
    assert answer.headers["content-disposition"].startswith("inline")
    assert answer.content == MARKUP_PDF


def test_page_pictures_are_png_and_kept(reading, filled) -> None:
    document_id = reading.get("/api/documents").json()[0]["id"]
    first = reading.get(f"/api/documents/{document_id}/pages/1.png")
    assert first.status_code == 200 and first.content.startswith(b"\x89PNG\r\n\x1a\n")
    assert (filled[0] / "thumbnails" / f"{document_id}-1.png").read_bytes() == first.content
    missing = reading.get(f"/api/documents/{document_id}/pages/3.png")  # samples have 2 pages
    assert missing.status_code == 404 and "page 3" in missing.json()["error"]


@pytest.mark.parametrize(("path", "status", "words"), [
    ("/api/documents/ffffffffffff", 404, "ffffffffffff"),
    ("/api/documents/ffffffffffff/file", 404, "ffffffffffff"),
    ("/api/documents?since=2017-13", 400, "since"),
    ("/api/documents?lang=xyz1", 400, "lang"),
    ("/api/documents?sort=colour", 400, "colour"),
    ("/api/documents?limit=0", 400, "limit"),
    ("/api/search?q=Integration&sort=size", 400, "size"),
    ("/api/search?q=(", 400, "no words"),
    ("/api/search?q=date:[x TO y]", 400, "not a date"),
    ("/api/search", 400, "q="),
])
def test_errors_are_json_with_a_fitting_status(reading, path: str, status: int, words: str
                                               ) -> None:
    answer = reading.get(path)
    assert answer.status_code == status
    assert words in answer.json()["error"]


def test_openapi_describes_every_endpoint(reading) -> None:
    spec = reading.get("/api/openapi.json").json()
    described = {(path, method.upper()) for path, item in spec["paths"].items()
                 for method in item if method != "parameters"}
    routes = {(re.sub(r":\w+\}", "}", route.path), method)
              for route in reading.app.routes if getattr(route, "path", "").startswith("/api/")
              and route.path != "/api/openapi.json"
              for method in route.methods - {"HEAD"}}
    assert routes == described


# -- changing the archive ----------------------------------------------------------------------


def test_upload_adds_files_under_their_names(writing, tmp_path) -> None:
    first = pdfgen.text_pdf(["Bauschein für das Grundstück am Markt, erteilt im Juni 2022. " * 3])
    files = [("file", ("Bauschein 2022.pdf", first, "application/pdf")),
             ("file", ("wohnen.pdf", WOHNEN, "application/pdf"))]
    rows = {row["path"]: row for row in writing.post("/api/documents", files=files).json()}
    assert {path: row["status"] for path, row in rows.items()} == {
        "Bauschein 2022.pdf": "added", "wohnen.pdf": "added"}  # in the order they were done
    bauschein = rows["Bauschein 2022.pdf"]["id"]
    assert writing.get(f"/api/documents/{bauschein}").json()["filenames"] == [
        "Bauschein 2022.pdf"]
    hits = writing.get("/api/search", params={"q": "Bauschein"}).json()["hits"]
    assert ids(hits) == [bauschein]
    again = writing.post("/api/documents", files=files[:1]).json()
    assert [(row["status"], row["id"]) for row in again] == [("duplicate", bauschein)]
    assert not list((tmp_path / "archive" / UPLOADS).rglob("*.pdf"))


def test_upload_refuses_large_files_and_other_bytes_and_adds_the_rest(tmp_path) -> None:
    root = tmp_path / "archive"
    _fill(root, tmp_path / "samples")
    before = {r["id"] for r in cli_json(root, "list", "--json")}
    with client(root, max_upload=len(WOHNEN) + 100) as served:
        served.get("/")
        files = [("file", ("big.pdf", WOHNEN + b" " * 200, "application/pdf")),
                 ("file", ("fake.pdf", b"<html>not a pdf</html>" * 60, "application/pdf")),
                 ("file", ("empty.pdf", b"", "application/pdf")),
                 ("file", ("wohnen.pdf", WOHNEN, "application/pdf"))]
        rows = served.post("/api/documents", files=files,
                           headers={"X-CSRF-Token": served.cookies[CSRF_COOKIE]}).json()
    outcomes = {row["path"]: (row["status"], row["error"]) for row in rows}
    assert outcomes["big.pdf"][0] == "failed" and "too large" in outcomes["big.pdf"][1]
    assert outcomes["fake.pdf"] == ("failed", "not a PDF (by its first bytes)")
    assert outcomes["empty.pdf"] == ("failed", "empty file")
    assert outcomes["wohnen.pdf"][0] == "added"
    after = {r["id"] for r in cli_json(root, "list", "--json")}
    assert after - before == {row["id"] for row in rows if row["status"] == "added"}
    assert not list((root / UPLOADS).rglob("*.pdf"))


@pytest.mark.parametrize("hostile", [pdfgen.looping_page_tree(), pdfgen.deeply_nested(),
                                     pdfgen.truncated(WOHNEN, 0.3)])
def test_a_hostile_upload_fails_alone_and_the_server_answers_on(writing, hostile: bytes) -> None:
    rows = {row["path"]: row for row in writing.post("/api/documents", files=[
        ("file", ("hostile.pdf", hostile, "application/pdf")),
        ("file", ("wohnen.pdf", WOHNEN, "application/pdf"))]).json()}
    assert rows["wohnen.pdf"]["status"] == "added"
    assert rows["hostile.pdf"]["status"] == "added" or rows["hostile.pdf"]["error"]
    assert writing.get("/api/search", params={"q": "Alleinstehende"}).json()["total"] == 1


def test_a_malformed_form_is_refused(writing) -> None:
    answer = writing.post("/api/documents", content=b"--x\r\nnonsense",
                          headers={"Content-Type": "multipart/form-data; boundary=x"})
    assert answer.status_code == 400 and "error" in answer.json()
    plain = writing.post("/api/documents", json={"file": "x"})
    assert plain.status_code == 400 and "multipart" in plain.json()["error"]


def test_patch_corrects_as_edit_does(writing) -> None:
    document_id = writing.get("/api/documents").json()[0]["id"]
    answer = writing.patch(f"/api/documents/{document_id[:12]}",
                           json={"title": "Korrigiert", "date": "2016-05", "language": "fr"})
    assert answer.status_code == 200
    shown = writing.get(f"/api/documents/{document_id}").json()
    assert (shown["title"], shown["date"], shown["language"]) == ("Korrigiert", "2016-05", "fr")
    assert (shown["title_source"], shown["date_source"]) == ("user", "user")
    for body, words in [({"date": "2016-13"}, "date"), ({"colour": "red"}, "title"),
                        ({}, "at least one")]:
        refused = writing.patch(f"/api/documents/{document_id}", json=body)
        assert refused.status_code == 400 and words in refused.json()["error"]


def test_delete_removes_the_document_and_its_pictures(writing, tmp_path) -> None:
    document_id = writing.get("/api/documents").json()[0]["id"]
    assert writing.get(f"/api/documents/{document_id}/pages/1.png").status_code == 200
    answer = writing.delete(f"/api/documents/{document_id}")
    assert answer.status_code == 200 and answer.json()["id"] == document_id
    assert writing.get(f"/api/documents/{document_id}").status_code == 404
    assert not list((tmp_path / "archive" / "thumbnails").glob(f"{document_id}-*"))
    assert writing.delete(f"/api/documents/{document_id}").status_code == 404


def test_uploads_a_killed_server_left_are_removed_by_the_next_writer(tmp_path) -> None:
    root = tmp_path / "archive"
    _fill(root, tmp_path / "samples")
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    left = root / UPLOADS / f"{gone}-0000" / "ab" / "half.pdf"
    left.parent.mkdir(parents=True)
    left.write_bytes(WOHNEN[:100])
    with Archive.open(root, write=True):
        pass
    assert not (root / UPLOADS / f"{gone}-0000").exists()


# -- who may ask --------------------------------------------------------------------------------


def test_with_a_token_every_request_needs_it(filled) -> None:
    with client(filled[0], token=TOKEN) as served:
        for path in ["/api/documents", "/api/search?q=Integration", "/", "/browse"]:
            refused = served.get(path)
            assert refused.status_code == 401
            assert "Integration" not in refused.text and "Säule" not in refused.text
        wrong = served.get("/api/documents", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401 and wrong.json() == {"error": "unauthorized"}
        right = served.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"})
        assert right.status_code == 200 and len(right.json()) == len(SAMPLES) + 1
        assert served.get("/static/style.css").status_code == 200


def test_the_login_page_sets_a_session_for_the_right_token(filled) -> None:
    with client(filled[0], token=TOKEN) as served:
        login = served.get("/login")
        assert login.status_code == 401 and 'name="token"' in login.text
        csrf = {"csrf": served.cookies[CSRF_COOKIE]}
        wrong = served.post("/login", params=csrf, data={"token": "nope"})
        assert wrong.status_code == 401 and SESSION_COOKIE not in served.cookies
        right = served.post("/login", params=csrf, data={"token": TOKEN},
                            follow_redirects=False)
        assert right.status_code == 303 and TOKEN not in served.cookies[SESSION_COOKIE]
        assert served.get("/search", params={"q": "Integration"}).status_code == 200


def test_a_loopback_server_answers_only_to_its_own_names(filled) -> None:
    with client(filled[0]) as served:
        assert served.get("/", headers={"Host": "localhost:8150"}).status_code == 200
        assert served.get("/", headers={"Host": "127.0.0.1:8150"}).status_code == 200
        rebound = served.get("/api/documents", headers={"Host": "evil.example:8150"})
        assert rebound.status_code == 421 and "Säule" not in rebound.text


def test_changes_from_elsewhere_than_our_pages_are_refused(filled, tmp_path) -> None:
    root = tmp_path / "archive"
    shutil.copytree(filled[0], root)
    with client(root) as served:
        document_id = served.get("/api/documents").json()[0]["id"]
        served.get("/")
        forged = [served.delete(f"/api/documents/{document_id}"),
                  served.patch(f"/api/documents/{document_id}", json={"title": "x"},
                               headers={"X-CSRF-Token": "guessed"}),
                  served.post(f"/documents/{document_id}", data={"title": "x"})]
        assert [answer.status_code for answer in forged] == [403, 403, 403]
        assert served.get(f"/api/documents/{document_id}").json()["title"] != "x"
        assert served.get(f"/api/documents/{document_id}").status_code == 200


def test_pages_forbid_inline_and_foreign_scripts_and_framing(reading) -> None:
    for path in ["/", "/browse", "/add", "/api/documents"]:
        headers = reading.get(path).headers
        policy = headers["content-security-policy"]
        assert "script-src 'self'" in policy and "frame-ancestors 'none'" in policy
        assert headers["x-content-type-options"] == "nosniff"


def test_serve_refuses_other_hosts_without_a_token(filled) -> None:
    result = CliRunner().invoke(cli, ["--archive", str(filled[0]), "serve", "--host",
                                      "0.0.0.0"])
    assert result.exit_code == 2 and "--token" in result.output
    short = CliRunner().invoke(cli, ["--archive", str(filled[0]), "serve", "--token", "abc"])
    assert short.exit_code == 2 and "at least 16" in short.output


# -- the pages -------------------------------------------------------------------------------


def test_markup_from_a_pdf_is_shown_as_text(reading) -> None:
    page = reading.get("/search", params={"q": "Wohnungsbau"}).text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page
    document_id = next(r["id"] for r in reading.get("/api/documents").json()
                       if r["title"] == MARKUP_TITLE)
    shown = reading.get(f"/documents/{document_id}").text
    assert "<img src=x" not in shown and "&lt;img src=x onerror=alert(1)&gt;" in shown


def test_search_page_shows_hits_with_pages_linking_into_the_pdf(reading) -> None:
    page = reading.get("/search", params={"q": "Integration"}).text
    hits = reading.get("/api/search", params={"q": "Integration"}).json()["hits"]
    for hit in hits:
        for snippet in hit["snippets"]:
            assert f'/api/documents/{hit["id"]}/file#page={snippet["page"]}' in page
    assert "<mark>Integration</mark>" in page or "<mark>integration</mark>" in page
    suggestion = reading.get("/search", params={"q": "Integartion"}).text
    assert 'href="/search?q=integration"' in suggestion


def test_browse_draws_a_bar_per_year_that_filters_the_list(reading) -> None:
    records = reading.get("/api/documents").json()
    years = sorted({r["date"][:4] for r in records if r["date"]})
    page = reading.get("/browse").text
    bars = re.findall(r'<a href="/browse\?since=(\d{4})&amp;until=\1">\s*<title>\1: (\d+)', page)
    counted = {year: int(count) for year, count in bars}
    assert set(years) <= set(counted)
    assert all(counted[year] == sum(r["date"][:4] == year for r in records if r["date"])
               for year in counted)
    year = years[0]
    filtered = reading.get("/browse", params={"since": year, "until": year}).text
    months = dict(re.findall(rf'<a href="/browse\?since=({year}-\d\d)&amp;until=\1">\s*'
                             r"<title>[^:]+: (\d+)", filtered))
    assert len(months) == 12  # the year zoomed into its months
    assert sum(map(int, months.values())) == sum(
        len(r["date"]) > 4 and r["date"][:4] == year for r in records if r["date"])
    assert {r["title"] for r in records if r["date"] and r["date"][:4] == year} == set(
        re.findall(r'class="title" href="/documents/\w+">([^<]+)</a>', filtered))


def test_document_page_shows_the_evidence_and_corrects(writing) -> None:
    record = writing.get("/api/documents").json()[0]
    page = writing.get(f"/documents/{record['id']}").text
    shown = writing.get(f"/api/documents/{record['id']}").json()
    assert all(candidate["evidence"].split()[0] in page
               for candidate in shown["date_candidates"] if candidate["evidence"])
    assert f'/api/documents/{record["id"]}/pages/1.png' in page
    csrf = writing.cookies[CSRF_COOKIE]
    answer = writing.post(f"/documents/{record['id']}", params={"csrf": csrf},
                          data={"title": "Neu", "date": record["date"] or "",
                                "language": record["language"] or ""})
    assert answer.status_code == 200 and "Neu" in answer.text
    corrected = writing.get(f"/api/documents/{record['id']}").json()
    assert corrected["title"] == "Neu" and corrected["title_source"] == "user"
    assert (corrected["date"], corrected["date_source"]) == (record["date"], shown["date_source"])


def test_add_page_without_script_adds_the_files_posted(writing) -> None:
    csrf = writing.cookies[CSRF_COOKIE]
    answer = writing.post("/add", params={"csrf": csrf},
                          files=[("file", ("wohnen.pdf", WOHNEN, "application/pdf")),
                                 ("file", ("fake.pdf", b"GIF89a" * 300, "application/pdf"))])
    assert answer.status_code == 200
    assert re.search(r'<tr class="added"><td><a href="/documents/\w+">wohnen.pdf</a>',
                     answer.text)
    assert '<tr class="failed"><td>fake.pdf</td>' in answer.text


def test_add_page_adds_a_url_and_the_pdfs_a_page_links_to(writing) -> None:
    from tests.webserver import Route, serving

    csrf = {"csrf": writing.cookies[CSRF_COOKIE]}
    with serving() as site:
        site.routes["/wohnen.pdf"] = Route(WOHNEN)
        site.routes["/papiere.html"] = Route(
            b'<html><body><a href="/kanal.pdf">Kanal (PDF)</a> <a href="/weg.pdf">weg</a>'
            b"</body></html>", content_type="text/html")
        site.routes["/kanal.pdf"] = Route(pdfgen.text_pdf(
            ["Quartiersentwicklung am Kanal, Beschluss des Rates. " * 5]))
        one = writing.post("/add", params=csrf, data={"url": site.url("/wohnen.pdf")}).text
        page = writing.post("/add", params=csrf, data={"url": site.url("/papiere.html"),
                                                       "from_page": "1"}).text
    assert re.search(r'<tr class="added"><td><a href="/documents/\w+">http://127[^<]+/wohnen.pdf',
                     one)
    assert re.search(r'<tr class="added"><td><a href="/documents/\w+">http://[^<]+/kanal.pdf',
                     page)
    assert re.search(r'<tr class="failed"><td>http://[^<]+/weg.pdf</td>\s*<td>failed</td>'
                     r"<td>HTTP 404", page)
    sources = [record["sources"] for record in writing.get("/api/documents").json()]
    assert any(source["url"].endswith("/kanal.pdf") and source["page_url"]
               for listed in sources for source in listed)


def test_labels_follow_the_browsers_language(reading) -> None:
    german = reading.get("/", headers={"Accept-Language": "de-DE,de;q=0.9,en;q=0.8"}).text
    assert '<html lang="de">' in german and ">Suche<" in german
    english = reading.get("/", headers={"Accept-Language": "fr-FR,en;q=0.5"}).text
    assert '<html lang="en">' in english and ">Search<" in english


# -- many at once ------------------------------------------------------------------------------

CLIENTS = 20


@pytest.mark.slow
def test_twenty_readers_while_the_server_and_the_cli_add(tmp_path) -> None:
    """Every search answered while an upload and a CLI `add` change the archive at once, and
    both files kept."""
    import threading

    import httpx2

    from tests.conftest import PDFARCHIVE, PROJECT
    from tests.liveserver import serving

    root = tmp_path / "archive"
    _fill(root, tmp_path / "samples")
    uploaded = pdfgen.text_pdf(["Hochgeladen: Quartiersentwicklung am Kanal, Beschluss vom "
                                "3. März 2021. " * 40] * 30)
    by_cli = tmp_path / "cli.pdf"
    by_cli.write_bytes(pdfgen.text_pdf(["Von der Kommandozeile: Radverkehrsplan der Stadt, "
                                        "Stand Mai 2022. " * 40] * 30))
    statuses: list[int] = []
    added = threading.Event()

    def read() -> None:
        """Search until both files are added, and once more after."""
        with httpx2.Client(base_url=url, timeout=60) as session:
            while True:
                finished = added.is_set()
                statuses.append(session.get("/api/search",
                                            params={"q": "Integration OR Stadt"}).status_code)
                if finished:
                    return

    with serving(create_app(root)) as url:
        readers = [threading.Thread(target=read) for _ in range(CLIENTS)]
        for reader in readers:
            reader.start()
        with httpx2.Client(base_url=url, timeout=300) as session:
            session.get("/")
            cli_add = subprocess.Popen([*PDFARCHIVE, "--archive", str(root), "add", "--json",
                                        str(by_cli)], cwd=PROJECT, stdout=subprocess.PIPE,
                                       text=True)
            rows = session.post("/api/documents",
                                files=[("file", ("kanal.pdf", uploaded, "application/pdf"))],
                                headers={"X-CSRF-Token": session.cookies[CSRF_COOKIE]}).json()
            cli_rows = [json.loads(line) for line in cli_add.communicate(timeout=300)[0]
                        .splitlines()]
        added.set()
        for reader in readers:
            reader.join()
    assert [row["status"] for row in rows] == ["added"]
    assert [row["status"] for row in cli_rows] == ["added"]
    assert len(statuses) > CLIENTS and set(statuses) == {200}
    listed = ids(cli_json(root, "list", "--json"))
    assert rows[0]["id"] in listed and cli_rows[0]["id"] in listed
    verified = CliRunner().invoke(cli, ["--archive", str(root), "verify"])
    assert verified.exit_code == 0, verified.output


@pytest.mark.slow
def test_serve_runs_processes_that_keep_the_token_and_stop_on_ctrl_c(filled) -> None:
    import signal
    import socket
    import time

    import httpx2

    from tests.conftest import PDFARCHIVE, PROJECT

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen([*PDFARCHIVE, "--archive", str(filled[0]), "serve", "--port",
                               str(port), "--processes", "2", "--token", TOKEN], cwd=PROJECT,
                              stderr=subprocess.PIPE, text=True)
    try:
        with httpx2.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as session:
            deadline = time.monotonic() + 60
            while True:  # until the server accepts connections
                try:
                    refused = session.get("/api/documents")
                    break
                except httpx2.TransportError:
                    assert server.poll() is None and time.monotonic() < deadline
                    time.sleep(0.1)
            assert refused.status_code == 401
            answers = [session.get("/api/documents", headers={"Authorization": f"Bearer {TOKEN}"})
                       for _ in range(10)]
            assert {answer.status_code for answer in answers} == {200}
            assert all(len(answer.json()) == len(SAMPLES) + 1 for answer in answers)
    finally:
        server.send_signal(signal.SIGINT)
        _, errors = server.communicate(timeout=60)
    assert server.returncode == 0, errors
    assert "with 2 processes" in errors and TOKEN not in errors
