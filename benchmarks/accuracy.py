"""How often pdfarchive's date, language and title agree with a hand-checked manifest.

    python -m benchmarks.accuracy ../shared/corpus/manifest.json

Adds the manifest's files to a temporary archive (with their passwords where the manifest has
one) and prints, per field, correct / wrong / missing / invented and the accuracy, then every
miss with the file name, our value, the truth and our evidence.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from archive import Archive


@dataclass
class FieldReport:
    """Counts of one field's outcomes, and the misses to study."""

    counts: Counter[str] = field(default_factory=Counter)
    misses: list[str] = field(default_factory=list)

    def share(self, *outcomes: str, of: tuple[str, ...]) -> float:
        """The share of files with one of `outcomes` among those with one of `of`."""
        total = sum(self.counts[o] for o in of)
        return sum(self.counts[o] for o in outcomes) / total if total else 0.0


@dataclass
class Report:
    date: FieldReport = field(default_factory=FieldReport)
    language: FieldReport = field(default_factory=FieldReport)
    title: FieldReport = field(default_factory=FieldReport)

    @property
    def date_accuracy(self) -> float:
        """Correct dates among files that state one."""
        return self.date.share("correct", of=("correct", "wrong", "missing"))

    @property
    def date_invented(self) -> float:
        """Files with a date from their text where the manifest says they state none."""
        return self.date.share("invented", of=("invented", "none", "creation date"))

    @property
    def language_accuracy(self) -> float:
        return self.language.share("correct", of=("correct", "wrong", "missing"))

    @property
    def title_contains(self) -> float:
        return self.title.share("equal", "contains", of=("equal", "contains", "wrong"))


def _norm(text: str | None) -> str:
    return " ".join((text or "").casefold().split())


def compare(manifest: list[dict[str, Any]], records: dict[str, dict[str, Any]]) -> Report:
    """Score archived records (by file name) against the manifest."""
    report = Report()
    for entry in manifest:
        record = records.get(entry["file"])
        if record is None:
            continue
        name, truth, ours = entry["file"], entry["doc_date"], record["date"]
        evidence = f"{record['date_source']}: {record['date_evidence']!r}"
        if truth:
            outcome = "correct" if ours == truth else ("missing" if ours is None else "wrong")
        elif ours is None:
            outcome = "none"
        else:
            outcome = "invented" if record["date_source"] == "text" else "creation date"
        report.date.counts[outcome] += 1
        if outcome in ("wrong", "missing", "invented"):
            report.date.misses.append(f"{name}: ours {ours} ({evidence}), truth {truth} "
                                      f"({entry['doc_date_evidence']!r})")
        if entry["language"] and not record["needs_ocr"]:
            ours_lang = record["language"]
            outcome = ("correct" if ours_lang == entry["language"]
                       else "missing" if ours_lang is None else "wrong")
            report.language.counts[outcome] += 1
            if outcome != "correct":
                report.language.misses.append(f"{name}: ours {ours_lang}, truth "
                                              f"{entry['language']}")
        if entry["title"]:
            ours_title, true_title = _norm(record["title"]), _norm(entry["title"])
            outcome = ("equal" if ours_title == true_title
                       else "contains" if true_title in ours_title or ours_title in true_title
                       else "wrong")
            report.title.counts[outcome] += 1
            if outcome == "wrong":
                report.title.misses.append(f"{name}: ours {record['title']!r}, truth "
                                           f"{entry['title']!r}")
    return report


def archive_manifest(manifest_path: Path, archive_dir: Path) -> dict[str, dict[str, Any]]:
    """Add every file of the manifest; the records by file name."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    folder = manifest_path.parent
    with Archive.open(archive_dir, create=True) as archive:
        for entry in manifest:
            for _ in archive.add([folder / entry["file"]], password=entry.get("password")):
                pass
        return {name: record.to_json() for record in archive.documents()
                for name in record.filenames}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("manifest", type=Path)
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory() as temp:
        records = archive_manifest(args.manifest, Path(temp, "archive"))
    report = compare(manifest, records)
    rows = [
        ("date", report.date, f"{report.date_accuracy:.0%} correct of files stating a date; "
                              f"{report.date_invented:.0%} invented of files stating none"),
        ("language", report.language, f"{report.language_accuracy:.0%} of files with text"),
        ("title", report.title, f"{report.title_contains:.0%} equal or contained"),
    ]
    for name, field_report, summary in rows:
        counts = ", ".join(f"{k} {v}" for k, v in sorted(field_report.counts.items()))
        print(f"{name:<9} {counts}\n{'':<9} {summary}")
    for name, field_report, _ in rows:
        if field_report.misses:
            print(f"\n{name} misses:")
            for miss in field_report.misses:
                print(f"  {miss}")


if __name__ == "__main__":
    main()
