"""Hostile and broken input: every file is archived or rejected with a reason, and the batch
goes on; no file hangs, crashes or exhausts the run."""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive.samples import SAMPLES
from cli import cli
from indexer import ExtractionFailed, ExtractionPool, ExtractionTask, Limits
from tests import pdfgen
from tests.conftest import FIGURES

GOOD = SAMPLES[0]


def add_json(archive_dir: Path, *args: str) -> tuple[int, dict[str, dict]]:
    result = CliRunner().invoke(cli, ["--archive", str(archive_dir), "add", "--json", *args],
                                catch_exceptions=False)
    outcomes = [json.loads(line) for line in result.stdout.splitlines()]
    return result.exit_code, {Path(o["path"]).name: o for o in outcomes}


HOSTILE = {
    "zero-bytes.pdf": lambda: b"",
    "html.pdf": lambda: pdfgen.NOT_PDFS["page.pdf"][0],
    "png.pdf": lambda: pdfgen.NOT_PDFS["image.pdf"][0],
    "zip.pdf": lambda: pdfgen.NOT_PDFS["bundle.pdf"][0],
    "cut-10.pdf": lambda: pdfgen.truncated(GOOD.pdf_bytes(), 0.1),
    "cut-50.pdf": lambda: pdfgen.truncated(GOOD.pdf_bytes(), 0.5),
    "cut-90.pdf": lambda: pdfgen.truncated(GOOD.pdf_bytes(), 0.9),
    "cut-99.pdf": lambda: pdfgen.truncated(GOOD.pdf_bytes(), 0.99),
    "broken-xref.pdf": lambda: pdfgen.broken_xref(GOOD.pdf_bytes()),
    "password.pdf": lambda: pdfgen.encrypted_pdf(["Vertraulich"], "geheim"),
    "bomb.pdf": pdfgen.decompression_bomb,
    "loop.pdf": pdfgen.looping_page_tree,
    "nested.pdf": pdfgen.deeply_nested,
}


def test_hostile_files_are_rejected_or_archived_and_the_batch_goes_on(tmp_path) -> None:
    folder = tmp_path / "hostile"
    folder.mkdir()
    for name, make in HOSTILE.items():
        (folder / name).write_bytes(make())
    (folder / "good.pdf").write_bytes(GOOD.pdf_bytes())
    (folder / "dir.pdf").mkdir()
    started = time.monotonic()
    code, outcomes = add_json(tmp_path / "a", str(folder))
    elapsed = time.monotonic() - started
    assert code == 1
    assert outcomes["good.pdf"]["status"] == "added"
    assert set(outcomes) == set(HOSTILE) | {"good.pdf"}
    for name, outcome in outcomes.items():
        assert outcome["status"] in ("added", "failed"), name
        if outcome["status"] == "failed":
            assert outcome["error"] and "\n" not in outcome["error"], name
    assert "password" in outcomes["password.pdf"]["error"]
    assert outcomes["zero-bytes.pdf"]["error"] == "empty file (0 bytes)"
    assert outcomes["loop.pdf"]["status"] == "failed"
    FIGURES["hostile inputs"] = (f"{len(HOSTILE)} generated hostile files + a directory named "
                                 f"x.pdf, all handled in {elapsed:.1f} s")


def test_the_corpus_broken_files_neither_hang_nor_crash(tmp_path, corpus, manifest) -> None:
    broken = [corpus / e["file"] for e in manifest if e["kind"] == "broken"]
    code, outcomes = add_json(tmp_path / "a", "--timeout", "60", *map(str, broken))
    assert set(outcomes) == {p.name for p in broken}
    for name, outcome in outcomes.items():
        assert outcome["status"] == "added" or outcome["error"], name


def test_a_2000_page_pdf(tmp_path) -> None:
    pages = [f"Seite {n}. Bericht über Wohnungslosenhilfe im Bezirk {n}." for n in range(1, 2001)]
    pages[1999] += " Schlusswort Quellenverzeichnis."
    path = tmp_path / "long.pdf"
    path.write_bytes(pdfgen.text_pdf(pages))
    code, outcomes = add_json(tmp_path / "a", str(path), "--max-memory", "512")
    assert code == 0, outcomes
    result = CliRunner().invoke(cli, ["--archive", str(tmp_path / "a"), "search", "--json",
                                      "Quellenverzeichnis"])
    [hit] = json.loads(result.stdout)
    assert hit["pages"] == 2000
    assert hit["snippets"][0]["page"] == 2000


def test_file_names_of_every_kind(tmp_path) -> None:
    folder = tmp_path / "names"
    folder.mkdir()
    names = [b"with spaces.pdf", b"new\nline.pdf", b"latin1-\xe9t\xe9.pdf",
             "Übersicht – Städte 2017.pdf".encode(), "日本語.pdf".encode()]
    for index, name in enumerate(names):
        data = pdfgen.text_pdf([f"Dokument Nummer {index} über Integration."])
        fd = os.open(os.path.join(os.fsencode(folder), name), os.O_WRONLY | os.O_CREAT, 0o644)
        os.write(fd, data)
        os.close(fd)
    code, outcomes = add_json(tmp_path / "a", str(folder))
    assert code == 0
    assert {o["status"] for o in outcomes.values()} == {"added"}
    assert set(outcomes) == {"with spaces.pdf", "new\\nline.pdf", "latin1-\ufffdt\ufffd.pdf",
                             "Übersicht – Städte 2017.pdf", "日本語.pdf"}
    listing = CliRunner().invoke(cli, ["--archive", str(tmp_path / "a"), "list"])
    assert listing.exit_code == 0


def test_symlink_loops_and_links_to_files(tmp_path) -> None:
    folder = tmp_path / "links"
    (folder / "sub").mkdir(parents=True)
    (folder / "a.pdf").write_bytes(GOOD.pdf_bytes())
    (folder / "sub" / "link-to-a.pdf").symlink_to(folder / "a.pdf")
    (folder / "sub" / "up").symlink_to(folder)
    (folder / "dangling.pdf").symlink_to(folder / "gone.pdf")
    code, outcomes = add_json(tmp_path / "a", str(folder))
    assert code == 1
    assert outcomes["a.pdf"]["status"] == "added"
    assert outcomes["link-to-a.pdf"]["status"] == "duplicate"
    assert outcomes["dangling.pdf"]["error"] == "broken symbolic link"
    assert len(outcomes) == 3


def test_unreadable_file(tmp_path, without_root_powers) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "secret.pdf").write_bytes(GOOD.pdf_bytes())
    (folder / "secret.pdf").chmod(0)
    (folder / "open.pdf").write_bytes(SAMPLES[1].pdf_bytes())
    result = without_root_powers("--archive", str(tmp_path / "a"), "add", str(folder))
    assert result.returncode == 1
    assert f"error: {folder / 'secret.pdf'}: cannot read: Permission denied" in result.stderr
    assert "1 added, 0 duplicate, 1 failed" in result.stdout


def test_fifo_is_not_a_regular_file(tmp_path) -> None:
    os.mkfifo(tmp_path / "pipe.pdf")
    code, outcomes = add_json(tmp_path / "a", str(tmp_path / "pipe.pdf"))
    assert code == 1
    assert outcomes["pipe.pdf"]["error"] == "not a regular file"


# -- the worker pool itself --------------------------------------------------------------------

def _run_pool(tasks: list[ExtractionTask], limits: Limits, on_start=None, workers: int = 2
              ) -> list:
    outcomes: dict[int, object] = {}
    with ExtractionPool(workers=workers, limits=limits) as pool:
        for job, task in enumerate(tasks):
            while pool.free_slots == 0:
                outcomes.update(pool.wait())
            pool.submit(job, task)
            if on_start:
                on_start(pool)
        while pool.busy:
            outcomes.update(pool.wait())
    return [outcomes[job] for job in range(len(tasks))]


def test_a_hanging_file_times_out_and_the_others_go_on(tmp_path) -> None:
    os.mkfifo(tmp_path / "hangs.pdf")  # reading a pipe nobody writes to blocks forever
    good = tmp_path / "good.pdf"
    good.write_bytes(GOOD.pdf_bytes())
    tasks = [ExtractionTask(str(tmp_path / "hangs.pdf")),
             ExtractionTask(str(good)),
             ExtractionTask(str(good))]
    # Generous, so that good files finish in time however busy the machine is.
    hung, first, second = _run_pool(tasks, Limits(timeout=10))
    assert isinstance(hung, ExtractionFailed) and hung.reason == "timed out after 10 s"
    assert first.facts.page_count == 2 and second.facts.page_count == 2


def test_a_crashing_worker_is_replaced(tmp_path) -> None:
    os.mkfifo(tmp_path / "hangs.pdf")
    good = tmp_path / "good.pdf"
    good.write_bytes(GOOD.pdf_bytes())

    def crash_it(pool: ExtractionPool) -> None:
        if len(pool._workers) == 1:
            pid = pool._workers[0].process.pid
            os.kill(pid, signal.SIGSEGV)

    tasks = [ExtractionTask(str(tmp_path / "hangs.pdf")),
             ExtractionTask(str(good)),
             ExtractionTask(str(good))]
    crashed, *rest = _run_pool(tasks, Limits(timeout=30), on_start=crash_it)
    assert isinstance(crashed, ExtractionFailed)
    assert crashed.reason == "worker crashed (SIGSEGV)"
    assert [r.facts.page_count for r in rest] == [2, 2]


def test_a_file_over_the_memory_limit_fails(tmp_path) -> None:
    big = tmp_path / "big.pdf"
    big.write_bytes(GOOD.pdf_bytes())
    with open(big, "r+b") as handle:
        handle.truncate(400 << 20)  # sparse: 400 MB to read, nothing on disk
    [outcome] = _run_pool([ExtractionTask(str(big))],
                          Limits(timeout=60, memory_bytes=300 << 20))
    assert isinstance(outcome, ExtractionFailed)
    assert outcome.reason == "needs more than the memory limit (300 MiB)"


def test_a_file_within_the_memory_limit_is_read_whatever_came_before_it(tmp_path) -> None:
    """What an earlier file leaves in a worker's memory can leave too little room for the
    next within the limit: a file that runs out of memory in a worker that read others is
    read again by a fresh worker, once. One over the limit still fails, with the reason."""
    from indexer import RawDocument

    files = []
    for name, size in (("a.pdf", 60 << 20), ("b.pdf", 60 << 20), ("c.pdf", 1200 << 20)):
        files.append(tmp_path / name)
        files[-1].write_bytes(GOOD.pdf_bytes())
        with open(files[-1], "r+b") as handle:
            handle.truncate(size)  # sparse: so much to read, nothing on disk
    first, second, too_big = _run_pool([ExtractionTask(str(path)) for path in files],
                                       Limits(timeout=60, memory_bytes=512 << 20), workers=1)
    assert isinstance(first, RawDocument) and isinstance(second, RawDocument)
    assert isinstance(too_big, ExtractionFailed)
    assert too_big.reason == "needs more than the memory limit (512 MiB)"


def test_running_out_of_memory_inside_the_reader_is_the_memory_limit_not_damage(
        monkeypatch) -> None:
    """pypdf may run out of memory anywhere; that is the limit's doing, and the worker must
    say so ("needs more than the memory limit") rather than call the file damaged."""
    import indexer.pdf

    def out_of_memory(*args: object, **kwargs: object) -> None:
        raise MemoryError

    monkeypatch.setattr(indexer.pdf, "PdfReader", out_of_memory)
    with pytest.raises(MemoryError):
        indexer.pdf.open_pdf(GOOD.pdf_bytes())


def test_page_limit_from_the_command_line(tmp_path) -> None:
    path = tmp_path / "five.pdf"
    path.write_bytes(pdfgen.text_pdf(["Seite."] * 5))
    code, outcomes = add_json(tmp_path / "a", "--max-pages", "3", str(path))
    assert code == 1
    assert outcomes["five.pdf"]["error"] == "too many pages (5; the limit is 3)"


def test_workers_that_die_idle_are_replaced_and_one_that_ran_ocr_reads_on(tmp_path) -> None:
    import multiprocessing

    from indexer import RawDocument

    text, blank = tmp_path / "text.pdf", tmp_path / "blank.pdf"
    text.write_bytes(pdfgen.text_pdf(["Ein Bericht über die Stadt."]))
    blank.write_bytes(pdfgen.scanned_pdf([[]]))  # a white picture: OCR runs and finds nothing
    with ExtractionPool(1) as pool:
        outcomes = []
        for job, path in enumerate([text, blank, text]):
            pool.submit(job, ExtractionTask(str(path)))
            outcomes += [outcome for _, outcome in pool.wait()]
        for child in multiprocessing.active_children():
            if child.name == "pdfarchive-extract":
                child.kill()
                child.join()
        pool.submit(3, ExtractionTask(str(text)))
        outcomes += [outcome for _, outcome in pool.wait()]
    assert all(isinstance(outcome, RawDocument) for outcome in outcomes)
    assert outcomes[1].ran_ocr and not outcomes[1].ocr_pages


@pytest.mark.skipif(not Path("/proc/self/statm").exists(),
                    reason="a worker's address space is measured on Linux only; elsewhere a "
                    "worker that ran OCR is replaced")
def test_a_worker_that_ran_ocr_reads_on_with_the_room_of_a_fresh_one(tmp_path) -> None:
    """As `add` submits files, described in the worker: a worker that ran OCR keeps its models
    for the next scan (loading them again cost about a second per scanned file), and its
    memory limit is raised by what they hold. The next file has the room it would have in a
    fresh worker (a 100 MB file is read, which fails where the limit is not raised), and no
    more: a 1.2 GB file still fails."""
    from indexer import Description

    text, blank = tmp_path / "text.pdf", tmp_path / "blank.pdf"
    text.write_bytes(pdfgen.text_pdf(["Ein Bericht über die Stadt."]))
    blank.write_bytes(pdfgen.scanned_pdf([[]]))  # a white picture: OCR runs and finds nothing
    padded = {}
    for name, size in (("100mb.pdf", 100 << 20), ("1200mb.pdf", 1200 << 20)):
        padded[name] = tmp_path / name
        padded[name].write_bytes(GOOD.pdf_bytes())
        with open(padded[name], "r+b") as handle:
            handle.truncate(size)  # sparse: so much to read, nothing on disk
    files = [text, blank, blank, padded["100mb.pdf"], padded["1200mb.pdf"], text]
    pids, outcomes = [], []
    with ExtractionPool(1, Limits(timeout=60, memory_bytes=1 << 30)) as pool:
        for job, path in enumerate(files):
            pool.submit(job, ExtractionTask(str(path), description=Description(path.name)))
            pids.append(pool._workers[0].process.pid)
            [(_, outcome)] = pool.wait()
            outcomes.append(outcome)
    read = [o.reason if isinstance(o, ExtractionFailed) else type(o).__name__ for o in outcomes]
    assert read == ["Extraction"] * 4 + ["needs more than the memory limit (1024 MiB)",
                                          "Extraction"]
    assert pids[0] == pids[1] == pids[2] == pids[3] == pids[4] != pids[5]


def test_a_worker_whose_limit_cannot_make_room_for_the_ocr_models_is_replaced(tmp_path) -> None:
    """With a memory limit above OCR's own allowance there is no higher limit to give: the
    models would eat into the next file's room, so the worker that ran OCR is replaced."""
    text, blank = tmp_path / "text.pdf", tmp_path / "blank.pdf"
    text.write_bytes(pdfgen.text_pdf(["Ein Bericht über die Stadt."]))
    blank.write_bytes(pdfgen.scanned_pdf([[]]))  # a white picture: OCR runs and finds nothing
    pids = []
    with ExtractionPool(1, Limits(timeout=60, memory_bytes=4 << 30)) as pool:
        for job, path in enumerate([text, blank, text]):
            pool.submit(job, ExtractionTask(str(path)))
            pids.append(pool._workers[0].process.pid)
            pool.wait()
    assert pids[0] == pids[1] != pids[2]
