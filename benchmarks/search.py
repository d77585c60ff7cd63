"""Search and list latency on an archive, by kind of query.

    python -m benchmarks.search ARCHIVE [--per-kind 30] [--processes 20]

Builds queries from the archive's own words (term, AND, phrase, prefix, fuzzy, date range,
sorted by date, language filter), runs each in-process and prints p50/p95/max per kind; then
times whole `pdfarchive search` and `pdfarchive list --limit 50` processes, as an installed
pdfarchive starts: from compiled byte code (pip compiles it on install; an environment with
PYTHONDONTWRITEBYTECODE would compile every module on every start, 40 ms here), after one run
not counted.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import statistics
import time
from pathlib import Path

from archive import Archive, DateRange, ListQuery, PartialDate, SearchQuery

from .common import PDFARCHIVE, percentile, run_measured

WORD = re.compile(r"[^\W\d_]{5,}")


def vocabulary(archive: Archive, sample: int, chooser: random.Random) -> list[list[str]]:
    """Runs of words from the text of `sample` documents picked at random."""
    ids = sorted(archive.catalog.ids())
    runs = []
    for document_id in chooser.sample(ids, min(sample, len(ids))):
        words = WORD.findall(" ".join(archive.catalog.page_texts(document_id)[:1]))
        if len(words) >= 4:
            runs.append(words)
    return runs


def queries(runs: list[list[str]], per_kind: int, chooser: random.Random
            ) -> dict[str, list[dict[str, object]]]:
    """Search arguments by kind of query."""
    def pick() -> tuple[str, str]:
        words = chooser.choice(runs)
        index = chooser.randrange(len(words) - 1)
        return words[index], words[index + 1]

    def typo(word: str) -> str:
        i = chooser.randrange(1, len(word) - 1)
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]

    kinds: dict[str, list[dict[str, object]]] = {k: [] for k in (
        "term", "AND", "phrase", "prefix", "fuzzy", "date range", "sorted by date", "lang")}
    for _ in range(per_kind):
        a, b = pick()
        kinds["term"].append({"text": a})
        kinds["AND"].append({"text": f"{a} AND {b}"})
        kinds["phrase"].append({"text": f'"{a} {b}"'})
        kinds["prefix"].append({"text": a[:4] + "*"})
        kinds["fuzzy"].append({"text": typo(a) + "~"})
        kinds["date range"].append({"text": a, "dates": DateRange(PartialDate(2005),
                                                                 PartialDate(2015, 6))})
        kinds["sorted by date"].append({"text": a, "sort": "date"})
        kinds["lang"].append({"text": a, "language": chooser.choice(["de", "en", "fr"])})
    return kinds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--per-kind", type=int, default=30)
    parser.add_argument("--processes", type=int, default=20)
    args = parser.parse_args()
    chooser = random.Random(7)
    with Archive.open(args.archive) as archive:
        count = len(archive.catalog.ids())
        print(f"archive: {count} documents")
        runs = vocabulary(archive, 300, chooser)
        by_kind = queries(runs, args.per_kind, chooser)
        archive.search(SearchQuery("warmup"))
        total = 0
        for kind, items in by_kind.items():
            times = []
            for item in items:
                started = time.perf_counter()
                archive.search(SearchQuery(**item))  # type: ignore[arg-type]
                times.append(time.perf_counter() - started)
            total += len(times)
            print(f"in-process {kind:<15} p50 {1000 * statistics.median(times):7.1f} ms  "
                  f"p95 {1000 * percentile(times, 0.95):7.1f} ms  max {1000 * max(times):7.1f} ms")
        started = time.perf_counter()
        archive.documents(ListQuery(limit=50))
        print(f"in-process list newest 50: {1000 * (time.perf_counter() - started):.1f} ms")
        print(f"({total} queries in-process)")
    terms = [str(item["text"]) for item in by_kind["term"]]
    installed = {name: value for name, value in os.environ.items()
                 if name != "PYTHONDONTWRITEBYTECODE"}
    for name, command in (("search", lambda i: ["search", terms[i % len(terms)]]),
                          ("list --limit 50", lambda i: ["list", "--limit", "50"])):
        times = []
        for i in range(-1, args.processes):
            elapsed, _, result = run_measured([*PDFARCHIVE, "--archive", str(args.archive),
                                               *command(i)], env=installed)
            assert result.returncode == 0, result.stderr
            if i >= 0:
                times.append(elapsed)
        print(f"whole `pdfarchive {name}` process: p50 {1000 * statistics.median(times):.0f} ms"
              f"  p95 {1000 * percentile(times, 0.95):.0f} ms  (n={len(times)})")


if __name__ == "__main__":
    main()
