"""The archive library: storage, catalog and index stay consistent when things go wrong."""

from __future__ import annotations

import itertools
import os
import stat
from pathlib import Path

import pytest

from archive import Archive, NoArchiveError, archive_home, ingest
from archive.samples import SAMPLES, write_samples
from indexer import IndexWriteError
from indexer.backends.tantivy.engine import TantivyBatch
from indexer.backends.whoosh.engine import WhooshBatch
from tests import pdfgen


def test_archive_home_lookup_order(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("PDFARCHIVE_HOME", str(tmp_path / "env"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert archive_home(str(tmp_path / "opt")) == tmp_path / "opt"
    assert archive_home() == tmp_path / "env"
    monkeypatch.delenv("PDFARCHIVE_HOME")
    assert archive_home() == tmp_path / "xdg" / "pdfarchive"
    monkeypatch.delenv("XDG_DATA_HOME")
    assert archive_home() == Path.home() / ".local" / "share" / "pdfarchive"


def test_open_without_create_does_not_make_an_archive(tmp_path) -> None:
    with pytest.raises(NoArchiveError):
        Archive.open(tmp_path / "a")
    assert not (tmp_path / "a").exists()


def test_files_are_stored_by_hash_read_only(tmp_path) -> None:
    paths = write_samples(tmp_path / "in")
    with Archive.open(tmp_path / "a", create=True) as archive:
        results = list(archive.add(paths[:1]))
        stored = archive.files.path_for(results[0].id)
    assert stored.read_bytes() == paths[0].read_bytes()
    assert stored.parent.name == results[0].id[:2]
    assert stat.S_IMODE(stored.stat().st_mode) == 0o400, "read-only, and for its owner alone"
    assert not list(stored.parent.glob(".incoming-*"))


BATCHES = {"tantivy": TantivyBatch, "whoosh": WhooshBatch}


@pytest.mark.parametrize("engine", sorted(BATCHES))
def test_an_index_failure_reports_nothing_as_added_and_the_next_open_repairs(
        tmp_path, monkeypatch, engine) -> None:
    paths = write_samples(tmp_path / "in")
    root = tmp_path / "a"

    def broken_put(self, document, new=False):
        raise OSError("index disk failed")

    with Archive.open(root, create=True, engine=engine) as archive:
        monkeypatch.setattr(BATCHES[engine], "put", broken_put)
        reported = []
        with pytest.raises(IndexWriteError, match="index disk failed"):
            for result in archive.add(paths):
                reported.append(result)
        assert reported == []
        assert archive.index.ids() == set()
        cataloged = archive.catalog.ids()
        assert cataloged, "the failing batch was cataloged before its index work"
        assert len(archive.catalog.pending_index()) == len(cataloged)
    monkeypatch.undo()
    with Archive.open(root) as reader:
        assert len(reader.catalog.pending_index()) == len(cataloged), "a reader never writes"
    with Archive.open(root, write=True) as archive:
        assert archive.catalog.pending_index() == []
        assert archive.index.ids() == archive.catalog.ids() == cataloged
        assert archive.verify().problems == []


def test_a_catalog_failure_leaves_catalog_index_and_files_as_they_were(tmp_path,
                                                                       monkeypatch) -> None:
    paths = write_samples(tmp_path / "in")
    with Archive.open(tmp_path / "a", create=True) as archive:
        list(archive.add(paths[:2]))
        before = (archive.catalog.ids(), archive.index.ids(), set(archive.files.ids()))

        def failing_insert(record, page_texts):
            raise __import__("sqlite3").OperationalError("database or disk is full")

        monkeypatch.setattr(archive.catalog, "insert", failing_insert)
        results = list(archive.add(paths[2:]))
        assert {r.status for r in results} == {"failed"}
        assert all("catalog could not be updated" in (r.error or "") for r in results)
        after = (archive.catalog.ids(), archive.index.ids(), set(archive.files.ids()))
        assert after == before
        monkeypatch.undo()
        assert archive.verify().problems == []


@pytest.mark.parametrize("engine", sorted(BATCHES))
def test_an_interrupted_rebuild_keeps_the_old_index_and_resumes(tmp_path, monkeypatch,
                                                                engine) -> None:
    paths = write_samples(tmp_path / "in")
    monkeypatch.setattr(f"indexer.backends.{engine}.engine.REBUILD_CHUNK", 2)
    with Archive.open(tmp_path / "a", create=True, engine=engine) as archive:
        list(archive.add(paths))
        ids = sorted(archive.catalog.ids())

        def interrupted(last_id):
            assert last_id is None
            for record, texts in itertools.islice(archive.catalog.with_texts_after(None), 3):
                yield record.index_document(texts)
            raise KeyboardInterrupt

        with pytest.raises(KeyboardInterrupt):
            archive.index.rebuild(interrupted)
        assert archive.index.ids() == archive.catalog.ids(), "the old index still serves"
        asked = []
        real = archive.catalog.with_texts_after
        monkeypatch.setattr(archive.catalog, "with_texts_after",
                            lambda last_id: asked.append(last_id) or real(last_id))
        assert archive.reindex() == len(SAMPLES)
        assert asked == [ids[1]], "resumed after the first committed chunk"
        assert archive.index.ids() == archive.catalog.ids()
        assert archive.verify().problems == []
        assert not (tmp_path / "a" / "index.new").exists()


def test_duplicate_within_one_run(tmp_path) -> None:
    data = SAMPLES[0].pdf_bytes()
    (tmp_path / "one.pdf").write_bytes(data)
    (tmp_path / "two.pdf").write_bytes(data)
    with Archive.open(tmp_path / "a", create=True) as archive:
        statuses = [r.status for r in archive.add([tmp_path / "one.pdf", tmp_path / "two.pdf"])]
        assert statuses == ["added", "duplicate"]
        [record] = archive.documents()
        assert record.filenames == ["one.pdf", "two.pdf"]


def test_folder_walk_follows_links_once(tmp_path) -> None:
    folder = tmp_path / "in"
    write_samples(folder)
    (folder / "sub").mkdir()
    (folder / "sub" / "loop").symlink_to(folder)
    (folder / "not-a-pdf.txt").write_text("skip me")
    (folder / "dir.pdf").mkdir()
    with Archive.open(tmp_path / "a", create=True) as archive:
        run = archive.add([folder])
        assert run.total == len(SAMPLES)
        assert {r.status for r in run} == {"added"}


def test_an_unchanged_file_is_not_read_again(tmp_path, monkeypatch) -> None:
    paths = write_samples(tmp_path / "in")
    hashed: list[Path] = []
    real = ingest.sha256_file

    def counting(path: Path) -> str:
        hashed.append(path)
        return real(path)

    monkeypatch.setattr(ingest, "sha256_file", counting)
    with Archive.open(tmp_path / "a", create=True) as archive:
        assert {r.status for r in archive.add(paths)} == {"added"}
        assert len(hashed) == len(SAMPLES)
        hashed.clear()
        assert {r.status for r in archive.add(paths)} == {"duplicate"}
        assert hashed == []
        os.utime(paths[0], ns=(1, 1))
        assert [r.status for r in archive.add(paths)] == ["duplicate"] * len(SAMPLES)
        assert hashed == [paths[0]]
        hashed.clear()
        paths[1].write_bytes(pdfgen.text_pdf(["Ein ganz neuer Text über Städte."]))
        statuses = {Path(r.path).name: r.status for r in archive.add(paths)}
        assert statuses[paths[1].name] == "added" and hashed == [paths[1]]
