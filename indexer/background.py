"""Keeping the workers busy while the caller does other work.

`add` commits each batch of files in the parent process (storing, cataloguing and indexing
them: about a third of its time), and the workers, each handed one file at a time by that same
process, stood idle through every commit. A `BackgroundPool` runs an `ExtractionPool` from a
thread of its own and holds a queue of tasks ahead of it: while the caller commits, the thread
hands each worker its next file as soon as it is done with the last. Everything about a task
(its limits, its worker's fate) stays the `ExtractionPool`'s; only the thread touches it.
"""

from __future__ import annotations

import multiprocessing
import queue
import threading
from collections import deque
from multiprocessing.connection import wait

from .limits import Limits
from .workers import ExtractionPool, Outcome, Task


class BackgroundPool:
    """An `ExtractionPool` fed from a queue by a thread, with the same `submit`, `wait`,
    `free_slots` and `busy`; `ahead` tasks more than there are workers may be queued."""

    def __init__(self, workers: int | None = None, limits: Limits | None = None,
                 ahead: int = 0) -> None:
        self._pool = ExtractionPool(workers, limits)
        self._capacity = self._pool.free_slots + ahead
        self._submitted = 0  # tasks submitted and not yet returned by `wait`
        self._tasks: queue.SimpleQueue[tuple[int, Task] | None] = queue.SimpleQueue()
        self._done: queue.SimpleQueue[tuple[int, Outcome] | BaseException] = queue.SimpleQueue()
        # Rung at each new task, so that a thread waiting for its workers looks at the queue.
        self._bell, self._ring = multiprocessing.Pipe(duplex=False)
        self._thread = threading.Thread(target=self._run, name="pdfarchive-feeder", daemon=True)
        self._thread.start()

    def __enter__(self) -> BackgroundPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def free_slots(self) -> int:
        """How many more tasks can be submitted before one must be waited for."""
        return self._capacity - self._submitted

    @property
    def busy(self) -> bool:
        """Whether any submitted task has not been returned by `wait` yet."""
        return self._submitted > 0

    def submit(self, job: int, task: Task) -> None:
        """Queue a task; `job` is the caller's number for it, returned by `wait`."""
        if self.free_slots <= 0:
            raise RuntimeError("the queue is full: wait() first")
        self._submitted += 1
        self._tasks.put((job, task))
        self._ring.send_bytes(b"")

    def wait(self) -> list[tuple[int, Outcome]]:
        """Block until at least one task finishes; returns (job, outcome) pairs.

        Raises whatever stopped the thread (its pool failed in a way no task explains).
        """
        if not self.busy:
            return []
        done = [self._done.get()]
        while not self._done.empty():
            done.append(self._done.get())
        for item in done:
            if isinstance(item, BaseException):
                raise item
        self._submitted -= len(done)
        return done  # type: ignore[return-value]  # no exceptions left, checked above

    def close(self) -> None:
        """Stop the thread and the workers; tasks not done are dropped."""
        if self._thread.is_alive():
            self._tasks.put(None)
            self._ring.send_bytes(b"")
            self._thread.join()
        self._bell.close()
        self._ring.close()

    def _run(self) -> None:
        """The thread: hand queued tasks to free workers, pass on what they return."""
        waiting: deque[tuple[int, Task]] = deque()
        try:
            while True:
                while self._bell.poll():
                    self._bell.recv_bytes()
                while not self._tasks.empty():
                    item = self._tasks.get()
                    if item is None:
                        return
                    waiting.append(item)
                while waiting and self._pool.free_slots > 0:
                    self._pool.submit(*waiting.popleft())
                if self._pool.busy:
                    for result in self._pool.wait(wake=self._bell):
                        self._done.put(result)
                else:
                    wait([self._bell])
        except BaseException as error:  # handed to the caller, which raises it
            self._done.put(error)
        finally:
            self._pool.close()
