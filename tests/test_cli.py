"""The `pdfarchive` command end to end, through click's CliRunner, on generated PDFs."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from archive.samples import SAMPLES, write_samples
from cli import cli, human_size
from indexer import DEFAULT_BACKEND
from tests import pdfgen


def run(runner: CliRunner, archive_dir: Path, *args: str) -> Result:
    return runner.invoke(cli, ["--archive", str(archive_dir), *args], catch_exceptions=False)


@pytest.fixture
def samples(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    write_samples(folder)
    return folder


@pytest.fixture
def filled(runner: CliRunner, archive_dir: Path, samples: Path) -> Path:
    """An archive holding the built-in samples."""
    result = run(runner, archive_dir, "add", str(samples))
    assert result.exit_code == 0, result.output
    return archive_dir


def listed(runner: CliRunner, archive_dir: Path, *args: str) -> list[dict]:
    result = run(runner, archive_dir, "list", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# -- add -------------------------------------------------------------------------------------

def test_add_folder_reports_each_file_and_a_summary(runner, archive_dir, samples) -> None:
    result = run(runner, archive_dir, "add", str(samples))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[-1] == f"{len(SAMPLES)} added, 0 duplicate, 0 failed"
    assert sum(line.startswith("added ") for line in lines) == len(SAMPLES)
    assert (archive_dir / "catalog.sqlite").is_file()


def test_add_json_lines(runner, archive_dir, samples) -> None:
    result = run(runner, archive_dir, "add", "--json", str(samples))
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(records) == len(SAMPLES)
    for record in records:
        assert set(record) == {"path", "status", "id", "error"}
        assert record["status"] == "added" and len(record["id"]) == 64 and not record["error"]


def test_same_bytes_twice_is_one_document_with_two_names(runner, archive_dir, tmp_path) -> None:
    data = SAMPLES[0].pdf_bytes()
    (tmp_path / "a.pdf").write_bytes(data)
    (tmp_path / "copy of a.pdf").write_bytes(data)
    first = run(runner, archive_dir, "add", "--json", str(tmp_path / "a.pdf"))
    second = run(runner, archive_dir, "add", "--json", str(tmp_path / "copy of a.pdf"))
    assert json.loads(first.stdout)["status"] == "added"
    assert json.loads(second.stdout)["status"] == "duplicate"
    [record] = listed(runner, archive_dir)
    assert record["filenames"] == ["a.pdf", "copy of a.pdf"]
    assert len(list((archive_dir / "files").glob("*/*.pdf"))) == 1


def test_bad_files_fail_with_name_and_reason_and_the_batch_goes_on(runner, archive_dir,
                                                                   tmp_path) -> None:
    folder = tmp_path / "mixed"
    folder.mkdir()
    for name, (data, _) in pdfgen.NOT_PDFS.items():
        (folder / name).write_bytes(data)
    (folder / "locked.pdf").write_bytes(pdfgen.encrypted_pdf(["Secret"], "pw"))
    (folder / "cut.pdf").write_bytes(pdfgen.truncated(SAMPLES[0].pdf_bytes(), 0.5))
    (folder / "good.pdf").write_bytes(SAMPLES[1].pdf_bytes())
    result = run(runner, archive_dir, "add", str(folder))
    assert result.exit_code == 1
    errors = result.stderr.splitlines()
    for name, (_, words) in pdfgen.NOT_PDFS.items():
        assert any(line.startswith(f"error: {folder / name}: ") and words in line
                   for line in errors), name
    assert f"error: {folder / 'locked.pdf'}: encrypted with a password" in result.stderr
    assert f"error: {folder / 'cut.pdf'}: damaged PDF, probably truncated" in result.stderr
    assert result.stdout.splitlines()[-1] == "1 added, 0 duplicate, 7 failed"
    assert [r["filenames"] for r in listed(runner, archive_dir)] == [["good.pdf"]]
    assert run(runner, archive_dir, "verify").exit_code == 0


def test_password_opens_an_encrypted_pdf(runner, archive_dir, tmp_path) -> None:
    path = tmp_path / "locked.pdf"
    path.write_bytes(pdfgen.encrypted_pdf(["Geheimer Bericht über Wohnungslosenhilfe"], "pw"))
    assert run(runner, archive_dir, "add", str(path), "--password", "pw").exit_code == 0
    found = json.loads(run(runner, archive_dir, "search", "Wohnungslosenhilfe", "--json").stdout)
    assert len(found) == 1


def test_missing_path_fails_but_others_are_added(runner, archive_dir, samples) -> None:
    result = run(runner, archive_dir, "add", str(samples / "nope.pdf"),
                 str(samples / SAMPLES[0].filename))
    assert result.exit_code == 1
    assert f"error: {samples / 'nope.pdf'}: no such file or directory" in result.stderr
    assert len(listed(runner, archive_dir)) == 1


def test_a_folder_without_pdfs_says_so(runner, archive_dir, tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("no pdf here")
    result = run(runner, archive_dir, "add", str(tmp_path))
    assert result.exit_code == 0
    assert result.stderr == "warning: no PDF files found in the paths given\n"
    assert result.stdout == "0 added, 0 duplicate, 0 failed\n"


def test_scan_is_archived_with_a_warning(runner, archive_dir, tmp_path) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(pdfgen.blank_pdf())
    result = run(runner, archive_dir, "add", str(path))
    assert result.exit_code == 0
    assert f"warning: {path}: no text layer: needs OCR" in result.stderr
    [record] = listed(runner, archive_dir)
    assert record["needs_ocr"] is True and record["language"] is None


@pytest.mark.slow  # OCR
def test_a_scan_is_read_by_ocr_and_found_by_search(runner, archive_dir, tmp_path) -> None:
    path = tmp_path / "bauschein.pdf"
    path.write_bytes(pdfgen.scanned_pdf([
        [("Nachtragsgenehmigung", 60)] + [("Die Bauaufsicht genehmigt den Anbau.", 30)] * 6,
        [("Der Nachtrag gilt drei Jahre.", 30)] * 4]))
    # Two files through a single worker: the one after the scan must not inherit OCR's memory.
    other = tmp_path / "text.pdf"
    other.write_bytes(pdfgen.text_pdf(["Ein Bericht über Wohngeld und Mieten in Berlin."]))
    result = run(runner, archive_dir, "add", "--workers", "1", str(path), str(other))
    assert result.exit_code == 0, result.output
    assert f"warning: {path}: text of page(s) 1-2 read by OCR" in result.stderr
    [hit] = search(runner, archive_dir, "Bauaufsicht")
    assert hit["title"] == "Nachtragsgenehmigung" and hit["needs_ocr"] is False
    assert hit["language"] == "de"
    off = run(runner, tmp_path / "second", "add", "--ocr-time", "0", str(path))
    assert f"warning: {path}: no text layer: needs OCR" in off.stderr


def test_overrides_for_a_single_file(runner, archive_dir, samples) -> None:
    path = samples / SAMPLES[0].filename
    result = run(runner, archive_dir, "add", str(path), "--title", "Meine Säule", "--date",
                 "2016-05", "--lang", "fr")
    assert result.exit_code == 0
    [record] = listed(runner, archive_dir)
    assert (record["title"], record["date"], record["date_source"]) == ("Meine Säule", "2016-05",
                                                                         "user")
    assert (record["language"], record["language_source"]) == ("fr", "user")


def test_overrides_for_a_folder_are_a_usage_error(runner, archive_dir, samples) -> None:
    result = run(runner, archive_dir, "add", str(samples), "--date", "2017")
    assert result.exit_code == 2
    assert "describe a single file" in result.stderr


@pytest.mark.parametrize("args, message", [
    (["--date", "November 2017"], "is not a date"),
    (["--lang", "german"], "two-letter ISO 639-1 code"),
])
def test_bad_option_values_are_usage_errors(runner, archive_dir, samples, args, message) -> None:
    result = run(runner, archive_dir, "add", str(samples / SAMPLES[0].filename), *args)
    assert result.exit_code == 2
    assert message in result.stderr


# -- search ----------------------------------------------------------------------------------

def search(runner: CliRunner, archive_dir: Path, *args: str) -> list[dict]:
    result = run(runner, archive_dir, "search", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_search_finds_words_and_says_the_page(runner, filled) -> None:
    [hit] = search(runner, filled, "Kinderbetreuung")
    assert hit["title"] == "Europäische Säule sozialer Rechte"
    assert {"id", "title", "date", "language", "pages", "size_bytes", "score",
            "snippets"} <= set(hit)
    assert hit["snippets"][0]["page"] == 2
    assert "Kinderbetreuung" in hit["snippets"][0]["text"]
    assert "<b>Kinderbetreuung</b>" in hit["snippets"][0]["html"]


def test_search_shows_each_hit_with_its_facts(runner, filled) -> None:
    output = run(runner, filled, "search", "Kinderbetreuung OR logement").stdout
    assert "   2017-11 · de · 2 pages · " in output
    assert "   2017-04-26 · fr · 1 page · " in output


def test_search_folds_case_and_accents(runner, filled) -> None:
    for query in ("bürger", "BÜRGER", "Burger", "europaische"):
        assert [h["title"] for h in search(runner, filled, query)] == [
            "Europäische Säule sozialer Rechte"], query


def test_search_syntax(runner, filled) -> None:
    titles = lambda q: {h["title"] for h in search(runner, filled, q)}  # noqa: E731
    assert titles('"inclusion of migrants"') == {"A better inclusion of migrants starts in cities"}
    assert titles("migrants AND housing") == {"A better inclusion of migrants starts in cities"}
    assert len(titles("Integration OR inclusion")) >= 3
    assert "Europäische Säule sozialer Rechte" not in titles("Integration NOT Kinderbetreuung")
    assert titles("Wohnungslos*") == {"Protokoll der Sitzung des Ausschusses für Stadtentwicklung"}
    assert titles("title:logement") == {"Le logement abordable dans les villes européennes"}


def test_search_filters(runner, filled) -> None:
    everything = search(runner, filled, "Integration OR inclusion OR integrację", "--limit", "50")
    assert len(everything) >= 4
    by_lang = search(runner, filled, "Integration OR inclusion", "--lang", "de")
    assert by_lang and {h["language"] for h in by_lang} == {"de"}
    since = search(runner, filled, "Integration OR inclusion", "--since", "2018")
    assert since and all(h["date"] >= "2018" for h in since)
    until = search(runner, filled, "Integration OR inclusion", "--until", "2017-11")
    assert until and all(h["date"][:7] <= "2017-11" for h in until)
    assert "2017-11" in {h["date"] for h in until}


def test_search_sorted_by_date(runner, filled) -> None:
    hits = search(runner, filled, "Integration OR inclusion OR integrację", "--sort", "date")
    dates = [h["date"] for h in hits]
    assert dates == sorted(dates, reverse=True)


def test_search_limit(runner, filled) -> None:
    assert len(search(runner, filled, "Integration OR inclusion", "--limit", "1")) == 1


def test_search_table_output(runner, filled) -> None:
    result = run(runner, filled, "search", "Kinderbetreuung")
    assert result.exit_code == 0
    assert "1. Europäische Säule sozialer Rechte" in result.stdout
    assert "2017-11 · de · 2 pages" in result.stdout
    assert "p. 2: " in result.stdout
    assert "1 of 1 matching documents shown." in result.stdout


def test_search_finds_nothing(runner, filled) -> None:
    result = run(runner, filled, "search", "Quantenchromodynamik")
    assert result.exit_code == 0
    assert "No documents found." in result.stdout


@pytest.mark.parametrize("query", ["", "   "])
def test_empty_query_is_a_clear_error(runner, filled, query) -> None:
    result = run(runner, filled, "search", query)
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: ")
    assert "Traceback" not in result.output


def test_odd_queries_do_not_crash(runner, filled) -> None:
    for query in ['"unclosed phrase', "title:", "((Integration", "AND", "*", "a:b:c", "[1 TO"]:
        result = run(runner, filled, "search", query)
        assert result.exit_code in (0, 1), query
        assert "Traceback" not in result.output


def test_no_archive_yet_is_a_clear_error(runner, archive_dir) -> None:
    result = run(runner, archive_dir, "search", "x")
    assert result.exit_code == 1
    assert result.stderr == f"Error: no archive at {archive_dir} yet: add documents with " \
                            "`pdfarchive add PATH`\n"


# -- list --------------------------------------------------------------------------------------

def test_list_newest_first_unknown_last(runner, archive_dir, samples, tmp_path) -> None:
    (tmp_path / "undated.pdf").write_bytes(pdfgen.text_pdf(["A text without any date."]))
    run(runner, archive_dir, "add", str(samples), str(tmp_path / "undated.pdf"))
    records = listed(runner, archive_dir)
    dates = [r["date"] for r in records]
    assert dates[-1] is None
    assert dates[:-1] == sorted(dates[:-1], reverse=True)
    reverse = [r["date"] for r in listed(runner, archive_dir, "--reverse")]
    assert reverse[:-1] == sorted(dates[:-1]) and reverse[-1] is None


def test_list_fields(runner, filled) -> None:
    record = next(r for r in listed(runner, filled) if r["date"] == "2017-11")
    assert set(record) == {"id", "title", "date", "date_source", "date_evidence", "language",
                           "language_source", "languages", "declared_language", "pages",
                           "size_bytes", "filenames", "added_at", "author", "needs_ocr", "sources",
                           "supersedes", "superseded_by"}
    assert record["date_evidence"] == "Stand: November 2017"
    assert record["declared_language"] == "de-DE"
    assert record["size_bytes"] == len(SAMPLES[0].pdf_bytes())
    assert record["author"] == "Senatsverwaltung für Integration"


def test_list_filters_and_sorts(runner, filled) -> None:
    assert {r["language"] for r in listed(runner, filled, "--lang", "de")} == {"de"}
    in_2017 = listed(runner, filled, "--since", "2017", "--until", "2017")
    assert sorted(r["date"] for r in in_2017) == ["2017-04-26", "2017-11"]
    assert [r["date"] for r in listed(runner, filled, "--since", "2017-11",
                                      "--until", "2017-11")] == ["2017-11"]
    sizes = [r["size_bytes"] for r in listed(runner, filled, "--sort", "size")]
    assert sizes == sorted(sizes, reverse=True)
    titles = [r["title"].lower() for r in listed(runner, filled, "--sort", "title")]
    assert titles == sorted(titles)
    newest = listed(runner, filled, "--limit", "2")
    assert [r["id"] for r in newest] == [r["id"] for r in listed(runner, filled)][:2]


def test_list_table_and_csv(runner, filled) -> None:
    table = run(runner, filled, "list").stdout.splitlines()
    assert table[0].split() == ["DATE", "LANG", "PAGES", "SIZE", "ID", "TITLE"]
    assert len(table) == len(SAMPLES) + 1
    assert any(" KB " in line for line in table[1:])
    csv_lines = run(runner, filled, "list", "--csv").stdout.splitlines()
    assert csv_lines[0].startswith("id,date,")
    assert len(csv_lines) == len(SAMPLES) + 1


@pytest.mark.parametrize("size, text", [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"),
                                        (489_472, "478 KB"), (5 * 1024 ** 3, "5.0 GB")])
def test_human_size(size: int, text: str) -> None:
    assert human_size(size) == text


# -- show, remove, reindex, verify -----------------------------------------------------------

def test_show_by_prefix_with_date_candidates(runner, filled) -> None:
    record = next(r for r in listed(runner, filled) if r["date"] == "2017-11")
    result = run(runner, filled, "show", record["id"][:8], "--json")
    assert result.exit_code == 0
    shown = json.loads(result.stdout)
    assert shown["id"] == record["id"]
    assert {c["source"] for c in shown["date_candidates"]} >= {"text", "info"}
    text = run(runner, filled, "show", record["id"][:8]).stdout
    assert "Stand: November 2017" in text and "date candidates:" in text
    stated = next(c for c in shown["date_candidates"] if c["date"] == "2017-11")
    assert stated["score"] > 0 and stated["reasons"]
    titles = shown["title_candidates"]
    assert titles[0]["title"] == shown["title"]
    assert [t["score"] for t in titles] == sorted((t["score"] for t in titles), reverse=True)
    assert "title candidates:" in text


def test_show_unknown_and_ambiguous_ids(runner, filled) -> None:
    result = run(runner, filled, "show", "ffffffffffff")
    assert result.exit_code == 1 and "no document with id ffffffffffff" in result.stderr
    ids = [r["id"] for r in listed(runner, filled)]
    first_chars = [i[0] for i in ids]
    shared = next((c for c in first_chars if first_chars.count(c) > 1), None)
    if shared is not None:
        result = run(runner, filled, "show", shared)
        assert result.exit_code == 1 and "ambiguous" in result.stderr


def test_edit_sticks_through_reindex_and_re_adding(runner, filled, samples) -> None:
    record = next(r for r in listed(runner, filled) if r["date"] == "2017-11")
    result = run(runner, filled, "edit", record["id"][:8], "--date", "2016-03", "--lang", "en",
                 "--title", "Pillar of Social Rights", "--json")
    assert result.exit_code == 0
    edited = json.loads(result.stdout)
    assert (edited["date"], edited["date_source"]) == ("2016-03", "user")
    assert (edited["language"], edited["language_source"]) == ("en", "user")
    assert edited["title"] == "Pillar of Social Rights"
    assert [h["id"] for h in search(runner, filled, "title:pillar")] == [record["id"]]
    assert [h["id"] for h in search(runner, filled, "Kinderbetreuung", "--lang", "en")] == [
        record["id"]]
    assert run(runner, filled, "reindex").exit_code == 0
    assert run(runner, filled, "add", str(samples)).exit_code == 0
    again = next(r for r in listed(runner, filled) if r["id"] == record["id"])
    assert (again["date"], again["language"], again["title"]) == (
        "2016-03", "en", "Pillar of Social Rights")
    assert search(runner, filled, "Kinderbetreuung", "--since", "2016-03", "--until", "2016-03")


def test_edit_needs_something_to_change(runner, filled) -> None:
    record = listed(runner, filled)[0]
    result = run(runner, filled, "edit", record["id"][:8])
    assert result.exit_code == 2
    assert "give at least one of --title, --date and --lang" in result.stderr


def test_remove(runner, filled) -> None:
    record = next(r for r in listed(runner, filled) if r["date"] == "2017-11")
    result = run(runner, filled, "remove", record["id"][:10])
    assert result.exit_code == 0
    assert f"removed  {record['id'][:12]}" in result.stdout
    assert record["id"] not in {r["id"] for r in listed(runner, filled)}
    assert search(runner, filled, "Kinderbetreuung") == []
    assert run(runner, filled, "verify").exit_code == 0


def test_reindex_needs_only_the_catalog(runner, filled) -> None:
    for path in (filled / "files").glob("*/*.pdf"):
        path.chmod(0o600)
        path.unlink()
    result = run(runner, filled, "reindex")
    assert result.exit_code == 0
    assert result.stdout == f"reindexed {len(SAMPLES)} documents\n"
    assert len(search(runner, filled, "Kinderbetreuung")) == 1


def test_verify_ok_then_finds_problems_and_repairs(runner, filled, samples) -> None:
    result = run(runner, filled, "verify")
    assert result.exit_code == 0
    assert result.stdout == (f"ok: {len(SAMPLES)} documents; files, catalog and index "
                             f"({DEFAULT_BACKEND}) agree\n")
    stored = sorted((filled / "files").glob("*/*.pdf"))
    missing, altered = stored[0], stored[1]
    missing.chmod(0o600)
    missing.unlink()
    altered.chmod(0o600)
    altered.write_bytes(b"%PDF-1.4 changed")
    result = run(runner, filled, "verify")
    assert result.exit_code == 1
    assert f"{missing.stem}: stored file is missing (add the original file again to restore " \
           "it)" in result.stdout
    assert f"{altered.stem}: stored file has changed (hash differs; " in result.stdout

    result = run(runner, filled, "verify", "--repair")
    assert result.exit_code == 1, "a lost file cannot be repaired, only reported"
    assert f"repaired: {altered.stem}: bytes changed on disk; moved to " in result.stdout
    [quarantined] = (filled / "quarantine").iterdir()
    assert quarantined.read_bytes() == b"%PDF-1.4 changed"

    result = run(runner, filled, "add", str(samples))
    assert result.stdout.splitlines()[-1] == f"0 added, {len(SAMPLES)} duplicate, 0 failed"
    assert run(runner, filled, "verify").exit_code == 0


# -- help ------------------------------------------------------------------------------------

@pytest.mark.parametrize("command", sorted(cli.commands))
def test_every_command_has_help_with_an_example(runner, command) -> None:
    result = runner.invoke(cli, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.stdout
    assert f"pdfarchive {command}" in result.stdout or command == "demo"


def test_demo_runs_end_to_end(runner) -> None:
    result = runner.invoke(cli, ["demo"], catch_exceptions=False)
    assert result.exit_code == 0
    assert f"{len(SAMPLES)} added, 0 duplicate, 0 failed" in result.stdout
    assert "A better inclusion of migrants starts in cities" in result.stdout
    assert "2017-11" in result.stdout


def test_fuzzy_search(runner, filled) -> None:
    titles = {h["title"] for h in search(runner, filled, "Kinderbetreung~")}
    assert titles == {"Europäische Säule sozialer Rechte"}


def test_a_prefix_standing_for_too_many_words_is_bounded_and_says_so(runner, filled,
                                                                     monkeypatch) -> None:
    monkeypatch.setattr("indexer.backends.whoosh.queries.MAX_EXPANSION", 3)
    result = run(runner, filled, "search", "--json", "d*")
    assert result.exit_code == 0
    assert "most frequent were searched" in result.stderr
    assert json.loads(result.stdout)


# What a reading command must not load: the PDF readers and the language model (only adding
# needs them) and, for `list` and `show`, Whoosh's analysis (only a search needs it).
_HEAVY = {"pypdfium2", "pypdf", "py3langid", "numpy"}
_LOADED = """
import sys
from cli import cli
try:
    cli.main(sys.argv[1:], prog_name="pdfarchive")
except SystemExit as end:
    assert not end.code, end.code
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})), file=sys.stderr)
"""


@pytest.mark.parametrize("command, not_loaded", [
    (["search", "Rechte"], _HEAVY),
    (["list", "--limit", "50"], _HEAVY | {"whoosh"}),
])
def test_reading_commands_load_only_what_they_need(runner: CliRunner, archive_dir: Path,
                                                  samples: Path, command: list[str],
                                                  not_loaded: set[str]) -> None:
    assert run(runner, archive_dir, "add", str(samples)).exit_code == 0
    done = subprocess.run([sys.executable, "-c", _LOADED, "--archive", str(archive_dir),
                           *command], capture_output=True, text=True, check=True)
    loaded = set(done.stderr.splitlines()[-1].split())
    assert "click" in loaded and not loaded & not_loaded
