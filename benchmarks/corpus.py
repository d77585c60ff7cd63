"""The labelled corpus, read once: every manifest file's text and facts, cached on disk.

Reading 166 PDFs (some by OCR) takes minutes; deciding their metadata takes seconds. The
accuracy benchmark and the fitting script decide again and again (once per left-out source), so
they read through this cache, which is keyed by each file's hash and by the source of the
reading code: a change to extraction reads everything afresh.
"""

from __future__ import annotations

import hashlib
import json
import pickle
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from indexer import ExtractionFailed, ExtractionPool, ExtractionTask, PdfError, RawDocument

CACHE = Path(__file__).resolve().parent / ".cache"
_READING_CODE = ("engines.py", "reading.py", "ocr.py", "pdf.py", "limits.py", "workers.py")


@dataclass(frozen=True)
class Entry:
    """One manifest file: its ground truth and what reading it gave."""

    truth: dict[str, Any]
    raw: RawDocument | None  # None: it could not be read
    error: str | None = None

    @property
    def name(self) -> str:
        return str(self.truth["file"])

    @property
    def source(self) -> str:
        return str(self.truth["source_repo"])


# A title is its words: the punctuation that joins a title's lines ("Consent or pay: Summary
# of call for views" set on two lines), typographic marks and case do not make it another.
_NOT_A_WORD = re.compile(r"[\W_]+")


def title_outcome(ours: str | None, truth: str) -> str:
    """"equal", "contains" (one's words run inside the other's) or "wrong": how a title
    compares with the manifest's, word by word."""
    mine, right = _words(ours), _words(truth)
    if mine == right:
        return "equal"
    return "contains" if mine and (f" {right} " in f" {mine} " or f" {mine} " in f" {right} ") \
        else "wrong"


def _words(text: str | None) -> str:
    return " ".join(_NOT_A_WORD.sub(" ", (text or "").casefold()).split())


def load(manifest_path: Path) -> list[Entry]:
    """Every file of the manifest, read (from the cache where it is fresh)."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    folder = manifest_path.parent
    version = _code_version()
    CACHE.mkdir(exist_ok=True)
    for stale in CACHE.glob("*.pickle"):  # read by code that has changed since
        if not stale.stem.endswith(f"-{version}"):
            stale.unlink()
    cached = {e["file"]: _cached(e, version) for e in manifest}
    missing = [e for e in manifest if cached[e["file"]] is None]
    for name, outcome in _read(folder, missing):
        entry = next(e for e in missing if e["file"] == name)
        read = _reason(outcome) if isinstance(outcome, PdfError) else outcome
        if not isinstance(outcome, ExtractionFailed):  # a worker's end, not the file's: retried
            _cache_path(entry, version).write_bytes(pickle.dumps(read))
        cached[name] = read
    return [_entry(e, cached[e["file"]]) for e in manifest]


def _entry(truth: dict[str, Any], outcome: object) -> Entry:
    if isinstance(outcome, RawDocument):
        return Entry(truth, outcome)
    return Entry(truth, None, str(outcome))


def _read(folder: Path, entries: list[dict[str, Any]]) -> Iterator[tuple[str, object]]:
    """Read files in worker processes, as `add` does; (file name, RawDocument or PdfError)."""
    queue = list(enumerate(entries))
    with ExtractionPool() as pool:
        while queue or pool.busy:
            while queue and pool.free_slots:
                number, entry = queue.pop(0)
                pool.submit(number, ExtractionTask(str(folder / entry["file"]),
                                                   entry.get("password")))
            for number, outcome in pool.wait():
                name = entries[number]["file"]
                yield name, outcome


def _reason(error: PdfError) -> str:
    return str(error) or type(error).__name__


def _cached(entry: dict[str, Any], version: str) -> object | None:
    path = _cache_path(entry, version)
    return pickle.loads(path.read_bytes()) if path.is_file() else None


def _cache_path(entry: dict[str, Any], version: str) -> Path:
    return CACHE / f"{entry['sha256'][:16]}-{entry.get('password') or ''}-{version}.pickle"


def _code_version() -> str:
    indexer = Path(__file__).resolve().parent.parent / "indexer"
    digest = hashlib.sha256()
    for name in _READING_CODE:
        digest.update((indexer / name).read_bytes())
    return digest.hexdigest()[:12]
