"""How well search finds the documents a query is about: recall@10 and MRR per language.

    python -m benchmarks.search_quality ../shared/corpus/queries.json benchmarks/query_variants.json

Each QUERIES file is a list of {"query", "language", "expected_files"} (the shared corpus's
`queries.json` format; ours adds "kind": inflected, folded or misspelled). The documents are
the manifest's files in the first file's folder, added to a temporary archive. For each query,
recall@10 is the share of its expected files among the first ten hits, and the reciprocal rank
is 1 / the rank of the first expected file (0 if none is in the first ten); both are averaged
per language and per kind.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from archive import AddOptions, Archive, SearchQuery

TOP = 10


@dataclass(frozen=True)
class Figures:
    """Recall@10 and mean reciprocal rank over a group of queries."""

    queries: int
    recall: float
    mrr: float


def archive_manifest(manifest_path: Path, archive_dir: Path) -> None:
    """Add every file of the manifest (with its password) to the archive at `archive_dir`."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    with Archive.open(archive_dir, create=True) as archive:
        paths = [(manifest_path.parent / e["file"], e.get("password")) for e in manifest]
        for password in {p for _, p in paths}:
            for _ in archive.add([f for f, p in paths if p == password],
                                     AddOptions(password=password)):
                pass


def score(archive: Archive, entry: dict[str, Any]) -> tuple[float, float, list[str]]:
    """Recall@10, reciprocal rank and the files found for one query."""
    results = archive.search(SearchQuery(entry["query"], limit=TOP))
    names = [next(iter(hit.record.filenames), "") for hit in results.hits]
    expected = set(entry["expected_files"])
    recall = len(expected & set(names)) / len(expected)
    rank = next((n for n, name in enumerate(names, start=1) if name in expected), None)
    return recall, 1 / rank if rank else 0.0, names


def evaluate(archive: Archive, entries: list[dict[str, Any]]
             ) -> tuple[dict[tuple[str, str], Figures], list[str]]:
    """Figures per (kind, language), with "all" languages too, and every query that missed."""
    groups: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    misses = []
    for entry in entries:
        kind = entry.get("kind", "exact")
        recall, reciprocal, names = score(archive, entry)
        for key in ((kind, entry["language"]), (kind, "all")):
            groups[key].append((recall, reciprocal))
        if recall < 1:
            misses.append(f"{kind:<10} {entry['language']}  {entry['query']!r}: found "
                          f"{names[:3]}, expected {entry['expected_files']}")
    figures = {key: Figures(len(values), sum(r for r, _ in values) / len(values),
                            sum(m for _, m in values) / len(values))
               for key, values in groups.items()}
    return figures, misses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("queries", type=Path, nargs="+")
    parser.add_argument("--archive", type=Path,
                        help="an archive that already holds the files (default: build one)")
    args = parser.parse_args()
    entries = [entry for path in args.queries
               for entry in json.loads(path.read_text(encoding="utf-8"))]
    with tempfile.TemporaryDirectory() as temp:
        folder = args.archive or Path(temp, "archive")
        if not args.archive:
            archive_manifest(args.queries[0].parent / "manifest.json", folder)
        with Archive.open(folder) as archive:
            figures, misses = evaluate(archive, entries)
    print(f"{'kind':<11}{'lang':<6}{'queries':>8}{'recall@10':>11}{'MRR':>7}")
    for (kind, language), group in sorted(figures.items()):
        print(f"{kind:<11}{language:<6}{group.queries:>8}{group.recall:>11.2f}{group.mrr:>7.2f}")
    if misses:
        print("\nqueries that missed an expected file:")
        print("\n".join(f"  {miss}" for miss in misses))


if __name__ == "__main__":
    main()
