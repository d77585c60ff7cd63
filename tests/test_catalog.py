"""The catalog: numbered migrations, records read in batches, one rule for date ranges, and a
record that comes back from the catalog as it went in."""

from __future__ import annotations

import sqlite3
from dataclasses import fields
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import (
    AddOptions,
    Archive,
    DateRange,
    DocumentRecord,
    ListQuery,
    NewerArchiveError,
    Overrides,
    PartialDate,
    SearchQuery,
    StorageError,
    migrations,
)
from archive.records import DETAILED, PUBLIC
from archive.samples import write_samples
from cli import cli
from tests import pdfgen


@pytest.fixture
def filled(tmp_path: Path) -> Path:
    root = tmp_path / "archive"
    with Archive.open(root, create=True) as archive:
        assert {r.status for r in archive.add(write_samples(tmp_path / "in"))} == {"added"}
    return root


def old_archive(root: Path, steps: int) -> None:
    """An archive as a pdfarchive from before numbered migrations wrote it: the tables of the
    first `steps` steps, version 0, one document."""
    root.mkdir()
    with sqlite3.connect(root / "catalog.sqlite") as db:
        for step in migrations.STEPS[:steps]:
            for statement in step:
                db.execute(statement)
        db.execute("INSERT INTO documents (id, title, title_source, date, date_first, date_last,"
                   " pages, size_bytes, needs_ocr, engine, added_at, details) VALUES"
                   " (?, 'Alt', 'text', '2015', '2015-01-01', '2015-12-31', 1, 10, 0, 'pypdf',"
                   " '2020-01-01T00:00:00+00:00', '{}')", ("ab" * 32,))


def user_version(root: Path) -> int:
    with sqlite3.connect(root / "catalog.sqlite") as db:
        return int(db.execute("PRAGMA user_version").fetchone()[0])


def test_a_new_catalog_has_every_step(filled: Path) -> None:
    assert user_version(filled) == migrations.VERSION == len(migrations.STEPS)


def test_an_older_archive_is_migrated_when_opened(tmp_path: Path) -> None:
    root = tmp_path / "old"
    old_archive(root, steps=2)  # no newest-first index, no sources or versions yet
    with Archive.open(root) as archive:
        [record] = archive.documents()
    assert (record.title, record.date, record.sources) == ("Alt", PartialDate(2015), [])
    assert user_version(root) == migrations.VERSION
    with sqlite3.connect(root / "catalog.sqlite") as db:
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master")}
    assert {"sources", "versions", "documents_newest_first"} <= tables


def test_a_failing_step_leaves_the_catalog_at_the_step_before(tmp_path: Path,
                                                              monkeypatch) -> None:
    root = tmp_path / "old"
    old_archive(root, steps=3)
    broken = (*migrations.STEPS[:3], ("CREATE TABLE sources (url TEXT)", "NOT SQL AT ALL"))
    monkeypatch.setattr(migrations, "STEPS", broken)
    with pytest.raises(StorageError, match="cannot upgrade .* to catalog version 4"):
        Archive.open(root, write=True)
    assert user_version(root) == 3
    with sqlite3.connect(root / "catalog.sqlite") as db:
        assert db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sources'").fetchone() \
            is None, "the step's first statement was rolled back with it"


def test_a_newer_archive_is_refused_with_a_clear_message(filled: Path) -> None:
    with sqlite3.connect(filled / "catalog.sqlite") as db:
        db.execute(f"PRAGMA user_version = {migrations.VERSION + 1}")
    with pytest.raises(NewerArchiveError):
        Archive.open(filled)
    result = CliRunner().invoke(cli, ["--archive", str(filled), "list"])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: the catalog {filled / 'catalog.sqlite'} was written by a newer pdfarchive "
        f"(catalog version {migrations.VERSION + 1}; this one knows up to "
        f"{migrations.VERSION}): upgrade pdfarchive to use it\n")


def count_queries(archive: Archive, action) -> int:
    statements: list[str] = []
    archive.catalog._db.set_trace_callback(statements.append)
    try:
        action()
    finally:
        archive.catalog._db.set_trace_callback(None)
    return len(statements)


def test_listing_costs_the_same_queries_for_few_documents_and_for_many(tmp_path: Path) -> None:
    counts = []
    for copies in (1, 4):
        root = tmp_path / f"a{copies}"
        with Archive.open(root, create=True) as archive:
            files = [tmp_path / f"doc{copies}-{n}.pdf" for n in range(copies * 3)]
            for n, path in enumerate(files):
                path.write_bytes(pdfgen.text_pdf([f"Bericht Nummer {n} zur Stadt."] * 2))
            assert {r.status for r in archive.add(files)} == {"added"}
            counts.append(count_queries(archive, archive.documents))
            assert len(archive.documents()) == copies * 3
    assert counts[0] == counts[1], "a list reads related rows per batch, not per row"


def test_a_record_comes_back_from_the_catalog_as_it_went_in(filled: Path) -> None:
    with Archive.open(filled, write=True) as archive:
        for record in archive.documents():
            assert archive.catalog.get(record.id) == record
            shown = record.to_json(detailed=True)
            assert set(shown) == {f.name for f in fields(DocumentRecord)}
            public = record.to_json()
            assert set(public) == {f.name for f in fields(DocumentRecord)
                                   if f.metadata["shown"] == PUBLIC}
            assert all(f.metadata["shown"] in (PUBLIC, DETAILED)
                       for f in fields(DocumentRecord))


def test_catalog_and_index_agree_on_which_dates_are_within_a_range(tmp_path: Path) -> None:
    dates = [PartialDate(2016), PartialDate(2017), PartialDate(2017, 6), PartialDate(2017, 11),
             PartialDate(2017, 11, 2), PartialDate(2017, 12, 31), PartialDate(2018, 1, 1), None]
    root = tmp_path / "a"
    with Archive.open(root, create=True) as archive:
        for n, date in enumerate(dates):
            path = tmp_path / f"d{n}.pdf"
            path.write_bytes(pdfgen.text_pdf([f"Gemeinsames Wort Stadtrat, Nummer {n}."]))
            [result] = archive.add([path], AddOptions(overrides=Overrides(date=date)))
            assert result.status == "added"
        ranges = [DateRange(PartialDate(2017), PartialDate(2017)),
                  DateRange(PartialDate(2017)), DateRange(until=PartialDate(2017, 6)),
                  DateRange(PartialDate(2017, 11, 2), PartialDate(2017, 11, 2)),
                  DateRange(PartialDate(2017, 7), PartialDate(2017, 12)),
                  DateRange(PartialDate(2018))]
        for dates_range in ranges:
            listed = {r.id for r in archive.documents(ListQuery(dates=dates_range))}
            found = {hit.record.id for hit in archive.search(
                SearchQuery("Stadtrat", dates=dates_range, limit=100)).hits}
            assert listed == found, dates_range
        within_2017 = {r.date for r in archive.documents(ListQuery(dates=ranges[0]))}
        assert within_2017 == {PartialDate(2017), PartialDate(2017, 6), PartialDate(2017, 11),
                               PartialDate(2017, 11, 2), PartialDate(2017, 12, 31)}
