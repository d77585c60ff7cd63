"""How often pdfarchive's date, language and title agree with a hand-checked manifest.

    python -m benchmarks.accuracy ../shared/corpus/manifest.json [--misses]

Reads the manifest's files as `add` does (with their passwords where the manifest has one)
and prints three figures for each field: on the whole corpus with the shipped weights; leave-
one-source-out, where each publisher's documents are decided by weights fit on the other
publishers' only (the figure that says how we do on documents nobody here has seen); and that
figure per source. `--misses` lists every leave-one-source-out miss with our evidence.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from indexer.extraction import Extraction, Models, describe

from .corpus import Entry, load, title_outcome
from .fit_weights import examples, fit_models

# The outcomes each figure is a share of: files stating a date, files stating none, files
# whose language was judged, files with a title.
_STATING = ("correct", "wrong", "missing")
_NOT_STATING = ("invented", "none", "creation date")
_JUDGED = ("correct", "wrong", "missing")
_TITLED = ("equal", "contains", "wrong")


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
        return self.date.share("correct", of=_STATING)

    @property
    def date_invented(self) -> float:
        """Files with a date from their text where the manifest says they state none."""
        return self.date.share("invented", of=_NOT_STATING)

    @property
    def language_accuracy(self) -> float:
        return self.language.share("correct", of=_JUDGED)

    @property
    def title_contains(self) -> float:
        return self.title.share("equal", "contains", of=_TITLED)


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
            outcome = title_outcome(record["title"], entry["title"])
            report.title.counts[outcome] += 1
            if outcome == "wrong":
                report.title.misses.append(f"{name}: ours {record['title']!r}, truth "
                                           f"{entry['title']!r}")
    return report


def record(extraction: Extraction) -> dict[str, Any]:
    """The fields `compare` reads, as the archive's JSON record has them."""
    return {"date": extraction.date.iso() if extraction.date else None,
            "date_source": extraction.date_source, "date_evidence": extraction.date_evidence,
            "language": extraction.language, "needs_ocr": extraction.needs_ocr,
            "title": extraction.title}


def decide(entries: Sequence[Entry], models: Models | None = None) -> dict[str, dict[str, Any]]:
    """The records of the readable entries, decided with `models` (the shipped ones by
    default), by file name."""
    return {e.name: record(describe(e.raw, e.name, models=models))
            for e in entries if e.raw is not None}


def by_source(entries: Sequence[Entry]) -> dict[str, list[Entry]]:
    groups: dict[str, list[Entry]] = {}
    for entry in entries:
        groups.setdefault(entry.source, []).append(entry)
    return groups


def leave_one_source_out(entries: Sequence[Entry]) -> dict[str, dict[str, Any]]:
    """Each source's records decided by weights fit on all the other sources' documents:
    how the model does on publishers it has not seen."""
    training = examples(entries)
    records: dict[str, dict[str, Any]] = {}
    for source, held_out in by_source(entries).items():
        records.update(decide(held_out, fit_models(training, leave_out=source)))
    return records


def summary(report: Report) -> str:
    """One line: the date, invented, language and title figures ("-" where none applies)."""
    # One decimal: a whole percent would round 89.9 % (89 of 99) up to a target of 90 %.
    def share(value: float, outcomes: tuple[str, ...], counts: Counter[str]) -> str:
        return f"{value:6.1%}" if sum(counts[o] for o in outcomes) else "     -"

    return (f"date {share(report.date_accuracy, _STATING, report.date.counts)} "
            f"({sum(report.date.counts[o] for o in _STATING)} stating one)  "
            f"invented {share(report.date_invented, _NOT_STATING, report.date.counts)}  "
            f"language {share(report.language_accuracy, _JUDGED, report.language.counts)}  "
            f"title {share(report.title_contains, _TITLED, report.title.counts)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("manifest", type=Path)
    parser.add_argument("--misses", action="store_true", help="list every miss")
    args = parser.parse_args()
    manifest = json.loads(args.manifest.read_text(encoding="utf-8"))
    entries = load(args.manifest)
    corpus = compare(manifest, decide(entries))
    unseen_records = leave_one_source_out(entries)
    unseen = compare(manifest, unseen_records)
    print(f"corpus (shipped weights)  {summary(corpus)}")
    print(f"leave-one-source-out      {summary(unseen)}")
    print("\nper source (leave-one-source-out):")
    for source, group in sorted(by_source(entries).items()):
        names = {e.name for e in group}
        report = compare([m for m in manifest if m["file"] in names], unseen_records)
        print(f"  {source:<45} {len(group):>3} files  {summary(report)}")
    if args.misses:
        for name, field_report in (("date", unseen.date), ("language", unseen.language),
                                   ("title", unseen.title)):
            print(f"\n{name} misses (leave-one-source-out):")
            for miss in field_report.misses:
                print(f"  {miss}")


if __name__ == "__main__":
    main()
