"""Crashes, concurrency, read-only archives and full disks: nothing reported is ever lost.

These tests run `pdfarchive` as real processes and kill them with SIGKILL.
"""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import time
from pathlib import Path

import pytest

from archive import Archive, SearchQuery
from archive.lock import WriterLock
from indexer import BACKENDS
from tests import pdfgen
from tests.conftest import FIGURES, PDFARCHIVE, PROJECT

pytestmark = pytest.mark.slow  # real processes, killed and raced

FILES = 30
REQUIRED_KILLS = 20
# Kills after a report come after one of the first KILL_LINES reports, so that work is left.
KILL_LINES = 12
# The crash, concurrency, read-only and disk-full rules hold for every search engine.
ENGINES = sorted(BACKENDS)


def make_folder(folder: Path, numbers: range) -> Path:
    """PDFs whose text holds a word unique to each (`kennwort007`)."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in numbers:
        (folder / f"doc-{n:03d}.pdf").write_bytes(pdfgen.text_pdf(
            [f"Bericht {n} über Integration.\nKennwort kennwort{n:03d} zum Wiederfinden."] * 3))
    return folder


def pdfarchive(archive_dir: Path, *args: str, timeout: float = 300
               ) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*PDFARCHIVE, "--archive", str(archive_dir), *args],
                          capture_output=True, text=True, timeout=timeout, cwd=PROJECT)


def start(archive_dir: Path, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([*PDFARCHIVE, "--archive", str(archive_dir), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            cwd=PROJECT, start_new_session=True)


def reported_added(stdout: str) -> set[str]:
    """Ids of the files an `add --json` run reported as added (complete lines only)."""
    ids = set()
    for line in stdout.splitlines(keepends=True):
        if line.endswith("\n"):
            record = json.loads(line)
            if record["status"] == "added":
                ids.add(record["id"])
    return ids


def findable_ids(archive_dir: Path) -> tuple[set[str], set[str]]:
    """Ids in the catalog, and ids a search for the unique words finds."""
    with Archive.open(archive_dir) as archive:
        found = archive.search(SearchQuery("kennwort*", limit=1000))
        return archive.catalog.ids(), {hit.record.id for hit in found.hits}


def kill_after(process: subprocess.Popen[str], moment: int, chooser: random.Random) -> str:
    """Kill an `add --json` run at a moment chosen by its progress; returns what it printed.

    Even moments kill right after the k-th reported file (k = 0: as soon as it started); odd
    ones a random fraction of a third of a second after the first report, which lands anywhere
    in the extraction, storing, cataloguing or indexing of the next batch.
    """
    assert process.stdout is not None
    lines = []
    if moment % 2 == 1 or moment // 2 % KILL_LINES:
        for line in process.stdout:
            lines.append(line)
            if moment % 2 == 0 and len(lines) == moment // 2 % KILL_LINES:
                break
            if moment % 2 == 1:
                time.sleep(chooser.uniform(0, 0.3))  # a random moment, not a wait for one
                break
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGKILL)
    stdout, _ = process.communicate()
    return "".join(lines) + stdout


@pytest.mark.parametrize("engine", ENGINES)
def test_sigkill_at_any_moment_loses_nothing_reported(tmp_path, engine) -> None:
    folder = make_folder(tmp_path / "in", range(FILES))
    chooser = random.Random(20)
    kills = attempts = 0
    while kills < REQUIRED_KILLS:
        assert attempts < 3 * REQUIRED_KILLS, f"only {kills} of {attempts} runs were killed"
        archive_dir = tmp_path / f"a{attempts}"
        process = start(archive_dir, "--quiet", "add", "--engine", engine, "--json",
                        str(folder))
        stdout = kill_after(process, attempts, chooser)
        attempts += 1
        kills += process.returncode == -signal.SIGKILL
        reported = reported_added(stdout)
        if not (archive_dir / "catalog.sqlite").exists():
            assert not reported
            continue

        verify = pdfarchive(archive_dir, "verify")
        assert verify.returncode == 0, (attempts, verify.stdout, verify.stderr)
        in_catalog, found = findable_ids(archive_dir)
        assert reported <= in_catalog and reported <= found, attempts

        again = pdfarchive(archive_dir, "add", "--json", str(folder))
        assert again.returncode == 0, again.stderr
        in_catalog, found = findable_ids(archive_dir)
        assert len(in_catalog) == FILES and found == in_catalog, attempts
        with Archive.open(archive_dir) as archive:
            assert all(len(r.filenames) == 1 for r in archive.documents())
        assert pdfarchive(archive_dir, "verify").returncode == 0
    FIGURES[f"kill points ({engine})"] = (
        f"{kills} SIGKILLs in {attempts} adds of {FILES} files, at moments chosen by their "
        "progress: nothing reported was lost, none duplicated")


@pytest.mark.parametrize("engine", ENGINES)
def test_two_adds_and_a_search_at_once_equal_a_sequential_run(tmp_path, engine) -> None:
    first = make_folder(tmp_path / "first", range(0, 30))
    second = make_folder(tmp_path / "second", range(15, 45))
    seed = make_folder(tmp_path / "seed", range(100, 101))
    together, sequential = tmp_path / "together", tmp_path / "sequential"
    for archive_dir in (together, sequential):
        assert pdfarchive(archive_dir, "add", "--engine", engine, str(seed)).returncode == 0

    writers = [start(together, "add", str(first)), start(together, "add", str(second))]
    searches = 0
    while any(w.poll() is None for w in writers):
        search = pdfarchive(together, "search", "--json", "Integration", "--limit", "100")
        assert search.returncode == 0, search.stderr
        searches += 1
    for writer in writers:
        writer.communicate()
        assert writer.returncode == 0

    assert pdfarchive(sequential, "add", str(first)).returncode == 0
    assert pdfarchive(sequential, "add", str(second)).returncode == 0

    def state(archive_dir: Path) -> set[tuple]:
        with Archive.open(archive_dir) as archive:
            assert archive.verify().problems == []
            return {(r.id, r.title, r.date, r.language, tuple(sorted(r.filenames)))
                    for r in archive.documents()}

    assert state(together) == state(sequential)
    assert len(state(together)) == 46
    FIGURES[f"concurrent runs ({engine})"] = (
        f"2 adds of 30 files (15 shared) at once with {searches} searches during them: same "
        "archive as a sequential run")


def test_a_writer_waits_for_the_lock_visibly_and_gives_up_after_its_timeout(tmp_path) -> None:
    folder = make_folder(tmp_path / "in", range(2))
    archive_dir = tmp_path / "a"
    assert pdfarchive(archive_dir, "add", str(folder / "doc-000.pdf")).returncode == 0
    lock = WriterLock(archive_dir / "write.lock", timeout=0)
    with lock.held():
        impatient = pdfarchive(archive_dir, "--wait", "1", "add", str(folder))
        patient = start(archive_dir, "--wait", "600", "add", str(folder))
        assert patient.stderr is not None
        first_words = patient.stderr.readline()  # it has reached the lock once it says so
        reader = pdfarchive(archive_dir, "list", "--json", timeout=60)
    _, patient_err = patient.communicate(timeout=600)
    assert impatient.returncode == 1
    assert "waiting for the archive lock" in impatient.stderr
    assert "gave up after waiting 1 s for the archive lock" in impatient.stderr
    assert reader.returncode == 0 and len(json.loads(reader.stdout)) == 1, "readers never wait"
    assert patient.returncode == 0
    assert "waiting for the archive lock" in first_words + patient_err


@pytest.mark.parametrize("engine", ENGINES)
def test_a_read_only_archive_still_serves_search_list_and_show(tmp_path, engine,
                                                              without_root_powers) -> None:
    archive_dir = tmp_path / "a"
    assert pdfarchive(archive_dir, "add", "--engine", engine,
                      str(make_folder(tmp_path / "in", range(3)))
                      ).returncode == 0
    record_id = json.loads(pdfarchive(archive_dir, "list", "--json").stdout)[0]["id"]
    paths = [archive_dir, *archive_dir.rglob("*")]
    for path in paths:
        path.chmod(0o555 if path.is_dir() else 0o444)
    try:
        search = without_root_powers("--archive", str(archive_dir), "search", "kennwort001")
        listing = without_root_powers("--archive", str(archive_dir), "list")
        show = without_root_powers("--archive", str(archive_dir), "show", record_id[:8])
        add = without_root_powers("--archive", str(archive_dir), "add", str(tmp_path / "in"))
    finally:
        for path in paths:
            path.chmod(0o755 if path.is_dir() else 0o644)
    assert search.returncode == 0 and "1 of 1 matching documents shown." in search.stdout
    assert listing.returncode == 0 and len(listing.stdout.splitlines()) == 4
    assert show.returncode == 0 and record_id in show.stdout
    assert add.returncode == 1
    assert add.stderr == f"Error: the archive at {archive_dir} is read-only: it can be " \
                         "searched, listed and shown, not changed\n"


@pytest.mark.parametrize("engine", ENGINES)
def test_disk_full_while_storing_leaves_nothing_half_written(tmp_path, monkeypatch,
                                                             engine) -> None:
    folder = make_folder(tmp_path / "in", range(4))
    with Archive.open(tmp_path / "a", create=True, engine=engine) as archive:
        list(archive.add([folder / "doc-000.pdf"]))

        def full(fd: int) -> None:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

        monkeypatch.setattr("archive.store.os.fsync", full)
        results = list(archive.add([folder]))
        monkeypatch.undo()
        failed = {Path(r.path).name: r.error for r in results if r.status == "failed"}
        assert failed == {f"doc-00{n}.pdf": f"cannot store doc-00{n}.pdf: the disk is full"
                          for n in (1, 2, 3)}
        assert not list((tmp_path / "a" / "files").rglob(".incoming-*"))
        assert len(archive.catalog.ids()) == 1
        assert archive.verify().problems == []


@pytest.mark.parametrize("point", ["before-commit", "after-commit"])
def test_an_interrupted_commit_is_finished_or_undone_by_the_next_command(tmp_path, monkeypatch,
                                                                         point) -> None:
    """A crash between storing and cataloguing, or between catalog and index."""
    folder = make_folder(tmp_path / "in", range(3))
    root = tmp_path / "a"
    with Archive.open(root, create=True) as archive:
        if point == "before-commit":
            target = "archive.catalog.Catalog.insert"  # the files are stored by then
            # A killed process cleans nothing up: its stored files stay.
            monkeypatch.setattr("archive.store.FileStore.remove", lambda self, document_id: None)
        else:
            target = "archive.archive.Archive.sync_index"

        def crash(*args, **kwargs):
            raise SystemExit("killed")

        monkeypatch.setattr(target, crash)
        with pytest.raises(SystemExit):
            list(archive.add([folder]))
        monkeypatch.undo()
    with Archive.open(root, write=True) as archive:
        report = archive.verify()
        assert report.problems == []
        expected_catalog = 0 if point == "before-commit" else 3
        assert len(archive.catalog.ids()) == expected_catalog
        assert archive.index.ids() == archive.catalog.ids()
        if point == "before-commit":
            assert len(report.notes) == 3, "stored files not in the catalog are noted"
            assert len(archive.verify(repair=True).repairs) == 4
            assert len(archive.catalog.ids()) == 3


def test_a_damaged_index_is_reported_and_rebuilt_by_repair(tmp_path) -> None:
    archive_dir = tmp_path / "a"
    assert pdfarchive(archive_dir, "add", str(make_folder(tmp_path / "in", range(3)))
                      ).returncode == 0
    for path in (archive_dir / "index").iterdir():  # what a failing disk may leave
        if path.is_file():
            path.unlink()
    search = pdfarchive(archive_dir, "search", "kennwort001")
    assert search.returncode == 1
    assert search.stderr.startswith("Error: the search index is damaged (")
    assert "`pdfarchive verify --repair`" in search.stderr
    verify = pdfarchive(archive_dir, "verify")
    assert verify.returncode == 1
    assert verify.stdout.startswith("the search index is damaged (")
    repair = pdfarchive(archive_dir, "verify", "--repair")
    assert repair.returncode == 0, repair.stderr
    assert "repaired: rebuilt the search index from the catalog" in repair.stdout
    assert "1 of 1 matching" in pdfarchive(archive_dir, "search", "kennwort001").stdout
