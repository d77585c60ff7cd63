"""Reading PDFs in worker processes, each file under a time and a memory limit.

A hostile or broken PDF can make a PDF reader hang, eat all memory or crash the interpreter. Each
file is therefore extracted in a separate worker process with a memory limit (`setrlimit`) and a
deadline; a worker that overruns, dies or crashes is replaced, the file is reported as failed
with the reason, and the other files go on. A file that ran out of memory in a worker that had
read others is read once more by a fresh one: earlier files may have left it too little room.
The workers also use all cores: a task that asks
for it is described there too (language, date, title), not only read, so that the parent
process only stores and indexes.
"""

from __future__ import annotations

import contextlib
import logging
import multiprocessing
import os
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import Any

from . import ocr
from .errors import PdfError
from .extraction import Extraction, describe
from .limits import Limits
from .overrides import Overrides, PageHints
from .reading import RawDocument, read_pdf
from .thumbnails import DEFAULT_WIDTH, render_page


class ExtractionFailed(PdfError):
    """The worker extracting a file timed out, ran out of memory or crashed."""


class MemoryLimitExceeded(ExtractionFailed):
    """Reading the file needed more memory than the limit allows."""


@dataclass(frozen=True)
class Description:
    """What deciding a read file's language, date and title needs besides its contents."""

    filename: str
    overrides: Overrides | None = None
    hints: PageHints | None = None


@dataclass(frozen=True)
class ExtractionTask:
    """A file to read, the password to open it with, and, when given, how to describe it:
    the outcome is then an `Extraction`, else the `RawDocument` as read."""

    path: str
    password: str | None = None
    description: Description | None = None


@dataclass(frozen=True)
class ThumbnailTask:
    """A page of a file to draw as a small PNG picture (see `thumbnails`): the outcome is
    its bytes."""

    path: str
    page: int
    width: int = DEFAULT_WIDTH


Task = ExtractionTask | ThumbnailTask
Outcome = RawDocument | Extraction | bytes | PdfError


@dataclass(frozen=True)
class _Reply:
    """A task's outcome, and whether the worker must be replaced: it holds the OCR models
    beyond what its memory limit allows for (see `ocr.fit_for_more_files`)."""

    outcome: Outcome
    retire: bool = False


@dataclass
class _Worker:
    process: BaseProcess
    connection: Connection
    job: int | None = None
    deadline: float = 0.0
    served: int = 0  # the tasks it has finished


class ExtractionPool:
    """A fixed number of worker processes that extract files; see `submit` and `wait`."""

    def __init__(self, workers: int | None = None, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()
        self._size = max(1, workers or os.cpu_count() or 1)
        # forkserver: workers start from a small clean process, not a copy of the caller,
        # with what describing a file needs already loaded there (see `preload`).
        self._context = multiprocessing.get_context("forkserver")
        self._context.set_forkserver_preload([f"{__package__}.preload"])
        self._workers: list[_Worker] = []
        self._tasks: dict[int, Task] = {}

    def __enter__(self) -> ExtractionPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def free_slots(self) -> int:
        """How many more tasks can be submitted before one must be waited for."""
        return self._size - len(self._tasks)

    @property
    def busy(self) -> bool:
        """Whether any submitted task has not been returned by `wait` yet."""
        return bool(self._tasks)

    def submit(self, job: int, task: Task) -> None:
        """Start a task (extracting a file, or drawing a page); `job` is the caller's number
        for it, returned by `wait`."""
        if self.free_slots <= 0:
            raise RuntimeError("no free worker: wait() first")
        worker = self._idle_worker()
        try:
            worker.connection.send(task)
        except OSError:  # it died while idle: a fresh one takes the task
            self._discard(worker)
            worker = self._start_worker()
            worker.connection.send(task)
        self._tasks[job] = task
        self._started(worker, job)

    def wait(self, wake: Connection | None = None) -> list[tuple[int, Outcome]]:
        """Block until at least one task finishes, or `wake` has something to read; returns
        (job, outcome) pairs."""
        done: list[tuple[int, Outcome]] = []
        while not done and self._tasks:
            running = [w for w in self._workers if w.job is not None]
            timeout = max(0.0, min(w.deadline for w in running) - time.monotonic())
            waitables: list[Any] = [w.connection for w in running]
            waitables += [w.process.sentinel for w in running]
            ready: set[Any] = set(wait([*waitables, *([wake] if wake else [])], timeout))
            if wake in ready and not ready & set(waitables):
                break
            for worker in running:
                reply = self._reply(worker, ready)
                if reply is None:
                    continue
                job = worker.job
                assert job is not None
                worker.job = None
                if isinstance(reply.outcome, ExtractionFailed) or reply.retire:
                    # One that ran out of memory may be left in any state; one whose OCR
                    # models its limit does not allow for may die of its next allocation.
                    self._discard(worker)
                if isinstance(reply.outcome, MemoryLimitExceeded) and worker.served:
                    # What earlier files left in its memory may be what this one lacked: it
                    # gets the room of a fresh worker, once.
                    fresh = self._start_worker()
                    fresh.connection.send(self._tasks[job])
                    self._started(fresh, job)
                    continue
                worker.served += 1
                del self._tasks[job]
                done.append((job, reply.outcome))
        return done

    def close(self) -> None:
        """Stop all workers: the idle ones told to, the busy ones killed (their tasks are
        dropped, and an interrupted `add` must not wait for a long file)."""
        for worker in self._workers:
            if worker.job is not None and worker.process.is_alive():
                worker.process.kill()
            elif worker.process.is_alive():
                with contextlib.suppress(OSError):
                    worker.connection.send(None)
        for worker in self._workers:
            worker.process.join(timeout=2)
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join()
            worker.connection.close()
        self._workers.clear()
        self._tasks.clear()

    def _reply(self, worker: _Worker, ready: set[Any]) -> _Reply | None:
        """The worker's reply if it has one, a failure if it died or overran, else None."""
        if worker.connection in ready:
            try:
                reply: _Reply = worker.connection.recv()
                return reply
            except (EOFError, OSError):
                pass  # it died while answering: handled as a crash below
        if worker.connection in ready or worker.process.sentinel in ready:
            worker.process.join(timeout=1)
            self._discard(worker)
            return _Reply(ExtractionFailed(_death_reason(worker.process.exitcode)))
        if time.monotonic() >= worker.deadline:
            self._discard(worker)
            return _Reply(ExtractionFailed(f"timed out after {self.limits.timeout:g} s"))
        return None

    def _idle_worker(self) -> _Worker:
        for worker in list(self._workers):
            if worker.job is None and not worker.process.is_alive():
                self._discard(worker)
            elif worker.job is None:
                return worker
        return self._start_worker()

    def _start_worker(self) -> _Worker:
        parent, child = self._context.Pipe()
        process = self._context.Process(target=_serve, args=(child, self.limits),
                                        daemon=True, name="pdfarchive-extract")
        process.start()
        child.close()
        worker = _Worker(process, parent)
        self._workers.append(worker)
        return worker

    def _started(self, worker: _Worker, job: int) -> None:
        worker.job = job
        worker.deadline = time.monotonic() + self.limits.timeout

    def _discard(self, worker: _Worker) -> None:
        """Kill a worker that failed or must not be reused; a fresh one is started when next
        needed."""
        if worker not in self._workers:
            return
        if worker.process.is_alive():
            worker.process.kill()
            worker.process.join()
        worker.connection.close()
        self._workers.remove(worker)


def _death_reason(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"worker crashed ({name})"
    return f"worker crashed (exit code {exitcode})"


def _serve(connection: Connection, limits: Limits) -> None:
    """A worker's life: extract each task received until told to stop (None)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides when to stop
    # pypdf logs every recoverable oddity; what matters reaches the caller as a warning.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    # OCR may raise the soft limit up to the hard one, and only while it runs.
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes,
                                            max(limits.memory_bytes, limits.ocr_memory_bytes)))
    while True:
        try:
            task = connection.recv()
        except EOFError:
            return
        if task is None:
            return
        outcome = _outcome(task, limits)
        connection.send(_Reply(outcome, retire=not ocr.fit_for_more_files()))


def _outcome(task: Task, limits: Limits) -> Outcome:
    """What a task gives: the file read (and described, where asked), its picture, or why
    not."""
    try:
        if isinstance(task, ThumbnailTask):
            return render_page(Path(task.path).read_bytes(), task.page, task.width)
        raw = read_pdf(Path(task.path).read_bytes(), task.password, limits)
        about = task.description
        if about is None:
            return raw
        return describe(raw, about.filename, about.overrides, hints=about.hints)
    except PdfError as error:
        return error
    except MemoryError:
        return MemoryLimitExceeded(
            f"needs more than the memory limit ({limits.memory_bytes >> 20} MiB)")
    except RecursionError:
        return ExtractionFailed("damaged PDF: objects nested too deeply")
    except OSError as error:
        return ExtractionFailed(f"cannot read: {error.strerror}")
    except Exception as error:  # a hostile PDF may break the reader in any way
        return ExtractionFailed(f"unexpected error: {error!r}")
