"""The pool that keeps workers reading while its caller is busy elsewhere (`add` committing)."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from indexer import BackgroundPool, ExtractionTask, Limits, NotAPdfError, RawDocument
from tests.pdfgen import fpdf_pdf

# Generous: reached only when something is wrong, never waited for otherwise.
PATIENCE = 60


def _collect(pool: BackgroundPool) -> dict[int, object]:
    outcomes: dict[int, object] = {}
    while pool.busy:
        outcomes.update(pool.wait())
    return outcomes


def _feed(pipes: list[Path], contents: list[bytes]) -> threading.Thread:
    """A thread writing each file into its pipe in turn: each write waits for a reader."""
    def write() -> None:
        for pipe, data in zip(pipes, contents, strict=True):
            with open(pipe, "wb") as handle:  # blocks until a worker opens the pipe
                handle.write(data)

    writer = threading.Thread(target=write, daemon=True)
    writer.start()
    return writer


def _release(pipes: list[Path]) -> None:
    """Open the pipes for reading, so that a writer still waiting for a reader goes on."""
    for pipe in pipes:
        os.close(os.open(pipe, os.O_RDONLY | os.O_NONBLOCK))


def test_queued_files_are_read_while_the_caller_does_not_wait(tmp_path: Path) -> None:
    """Three files for one worker, and the caller never asks for an outcome until all three
    have been read: the pool hands the worker each next file by itself."""
    pipes = [tmp_path / f"file-{n}.pdf" for n in range(3)]
    for pipe in pipes:
        os.mkfifo(pipe)
    contents = [fpdf_pdf([f"Document number {n} of the queue"]) for n in range(3)]
    with BackgroundPool(1, Limits(timeout=PATIENCE), ahead=2) as pool:
        for job, pipe in enumerate(pipes):
            pool.submit(job, ExtractionTask(str(pipe)))
        assert pool.free_slots == 0
        writer = _feed(pipes, contents)
        writer.join(PATIENCE)
        read_unasked = not writer.is_alive()
        _release(pipes)
        outcomes = _collect(pool)
    assert read_unasked, "the worker was not handed the next file while nobody waited"
    for job in range(3):
        outcome = outcomes[job]
        assert isinstance(outcome, RawDocument)
        assert f"Document number {job} of the queue" in outcome.page_texts[0]


def test_outcomes_come_back_under_their_jobs(tmp_path: Path) -> None:
    tasks = []
    for n in range(12):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(b"not a pdf at all" if n % 4 == 3 else fpdf_pdf([f"Queued text {n}"]))
        tasks.append(ExtractionTask(str(path)))
    outcomes: dict[int, object] = {}
    with BackgroundPool(2, Limits(timeout=PATIENCE), ahead=3) as pool:
        for job, task in enumerate(tasks):
            while pool.free_slots == 0:
                outcomes.update(pool.wait())
            pool.submit(job, task)
        outcomes.update(_collect(pool))
    assert sorted(outcomes) == list(range(12))
    for job, outcome in outcomes.items():
        if job % 4 == 3:
            assert isinstance(outcome, NotAPdfError)
        else:
            assert isinstance(outcome, RawDocument)
            assert f"Queued text {job}" in outcome.page_texts[0]


def test_closing_with_a_worker_stuck_and_files_queued_returns(tmp_path: Path) -> None:
    """Interrupting `add` must not hang on a file that never ends or on the queue."""
    stuck = tmp_path / "never-written.pdf"
    os.mkfifo(stuck)
    good = tmp_path / "good.pdf"
    good.write_bytes(fpdf_pdf(["Good"]))
    pool = BackgroundPool(1, Limits(timeout=PATIENCE), ahead=3)
    pool.submit(0, ExtractionTask(str(stuck)))
    for job in range(1, 4):
        pool.submit(job, ExtractionTask(str(good)))
    closing = threading.Thread(target=pool.close, daemon=True)
    closing.start()
    closing.join(PATIENCE)
    stuck_open = closing.is_alive()
    _release([stuck])
    assert not stuck_open, "closing waited for the stuck worker"
