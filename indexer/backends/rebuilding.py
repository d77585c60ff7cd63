"""Rebuilding an index beside the old one, resumably, for every engine.

The new index is written in `<index>.new` in chunks, each committed with a note of how far it
got; the old index serves searches until the new one is complete and swapped in. A rebuild that
is interrupted resumes after its last committed chunk instead of starting over.
"""

from __future__ import annotations

import itertools
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from ..private import make_private
from . import IndexDocument

PROGRESS_FILE = "REBUILD_PROGRESS"


def rebuild_beside(path: Path, documents_after: Callable[[str | None], Iterable[IndexDocument]],
                   create: Callable[[Path], None],
                   write: Callable[[Path, list[IndexDocument]], None],
                   chunk_size: int, release: Callable[[], None]) -> int:
    """Replace the index at `path` by one written from scratch; returns how many documents it
    holds.

    `create(path)` writes an empty index; `write(path, documents)` adds documents to it and
    commits; `release()` lets go of the old index before it is swapped out.
    """
    fresh = path.with_name(path.name + ".new")
    progress = fresh / PROGRESS_FILE
    last_id, count = None, 0
    if fresh.is_dir() and progress.is_file():
        last_id, done = progress.read_text().split()
        count = int(done)
    else:
        shutil.rmtree(fresh, ignore_errors=True)
        create(fresh)
    for chunk in _chunks(documents_after(last_id), chunk_size):
        write(fresh, chunk)
        count += len(chunk)
        _write_atomically(progress, f"{chunk[-1].id} {count}")
        make_private(fresh)
    progress.unlink(missing_ok=True)
    release()
    old = path.with_name(path.name + ".old")
    shutil.rmtree(old, ignore_errors=True)
    if path.exists():
        os.replace(path, old)
    os.replace(fresh, path)
    shutil.rmtree(old, ignore_errors=True)
    return count


def _chunks(items: Iterable[IndexDocument], size: int) -> Iterator[list[IndexDocument]]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _write_atomically(path: Path, text: str) -> None:
    temp = path.with_name(path.name + ".tmp")
    temp.write_text(text)
    os.replace(temp, path)
