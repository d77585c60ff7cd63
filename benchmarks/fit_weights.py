"""Fit the date and title models' weights on the labelled corpus and ship them as data.

    python -m benchmarks.fit_weights ../shared/corpus/manifest.json

Each document is a choice: among its date phrases and the option "states no date", and among
its title candidates. Each model is a conditional logit (a softmax over the document's
options) whose weights maximise the likelihood of the manifest's answers, with an L2 penalty
that keeps every weight small unless the evidence of many documents needs it large. The
weights are written to `indexer/weights/dates.json` and `titles.json`; `benchmarks.accuracy`
judges them by leaving each publisher out in turn and fitting on the others.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from indexer.dates import DateOptions
from indexer.extraction import Models, Options, options
from indexer.model import LinearModel
from indexer.titles import TitleOptions, tidy

from .corpus import Entry, load, title_outcome

WEIGHTS = Path(__file__).resolve().parent.parent / "indexer" / "weights"
# The L2 penalty: one weight of 1.0 costs as much as the evidence of half a document.
L2 = 2.0
STEPS = 1500
LEARNING_RATE = 0.05


@dataclass(frozen=True)
class Example:
    """One document's options as feature rows (row 0: no stated date) and which are right."""

    name: str
    source: str
    rows: list[dict[str, float]]
    right: list[bool]


@dataclass(frozen=True)
class Examples:
    """The corpus as choices to learn from: dates and titles."""

    dates: list[Example]
    titles: list[Example]


def date_example(entry: Entry, date_options: DateOptions) -> Example | None:
    """The document's date as a choice with a known answer; None when the answer is not among
    its options (a date we do not read), so nothing can be learned from it."""
    truth = entry.truth["doc_date"]
    rows = [date_options.none] + [features for _, features in date_options.phrases]
    right = [truth is None] + [p.date.iso() == truth for p, _ in date_options.phrases]
    if len(rows) == 1 or not any(right):
        return None
    return Example(entry.name, entry.source, rows, right)


def title_example(entry: Entry, title_options: TitleOptions) -> Example | None:
    """The document's title as a choice; right are the candidates equal to the manifest's
    title or contained in it (or containing it), as the accuracy benchmark counts them."""
    truth = entry.truth["title"]
    if not truth:
        return None
    rows = [features for _, features in title_options.candidates]
    right = [title_outcome(c.text if c.source == "filename" else tidy(c.text), truth) != "wrong"
             for c, _ in title_options.candidates]
    if len(rows) < 2 or not any(right) or all(right):
        return None
    return Example(entry.name, entry.source, rows, right)


def examples(entries: Sequence[Entry]) -> Examples:
    """Every readable document of the corpus that teaches something."""
    found = Examples([], [])
    for entry in entries:
        if entry.raw is None:
            continue
        decided: Options = options(entry.raw, entry.name)
        for made, into in ((date_example(entry, decided.dates), found.dates),
                           (title_example(entry, decided.titles), found.titles)):
            if made is not None:
                into.append(made)
    return found


def fit_models(training: Examples, leave_out: str | None = None) -> Models:
    """Both models, fit on the documents of every source but `leave_out`."""
    return Models(fit([e for e in training.dates if e.source != leave_out]),
                  fit([e for e in training.titles if e.source != leave_out]))


def fit(training: Sequence[Example], l2: float = L2) -> LinearModel:
    """Weights that make the right options likely, by gradient descent (Adam) on the
    penalised negative log-likelihood."""
    names = sorted({name for e in training for row in e.rows for name in row})
    column = {name: i for i, name in enumerate(names)}
    rows = [row for e in training for row in e.rows]
    x = np.zeros((len(rows), len(names)))
    for i, row in enumerate(rows):
        for name, value in row.items():
            x[i, column[name]] = value
    right = np.array([r for e in training for r in e.right], dtype=float)
    starts = np.cumsum([0] + [len(e.rows) for e in training])[:-1]
    doc = np.repeat(np.arange(len(training)), [len(e.rows) for e in training])
    w = np.zeros(len(names))
    m, v = np.zeros_like(w), np.zeros_like(w)
    for step in range(1, STEPS + 1):
        scores = x @ w
        p_all = _softmax_by_doc(scores, starts, doc)
        p_right = _softmax_by_doc(np.where(right > 0, scores, -np.inf), starts, doc)
        gradient = x.T @ (p_all - p_right) + l2 * w
        m = 0.9 * m + 0.1 * gradient
        v = 0.999 * v + 0.001 * gradient ** 2
        w -= LEARNING_RATE * (m / (1 - 0.9 ** step)) / (np.sqrt(v / (1 - 0.999 ** step)) + 1e-8)
    about = {"documents": len(training), "sources": len({e.source for e in training}),
             "l2": l2, "method": "conditional logit over each document's options"}
    return LinearModel({name: float(w[i]) for name, i in column.items()}, about)


def _softmax_by_doc(scores: np.ndarray, starts: np.ndarray, doc: np.ndarray) -> np.ndarray:
    """Each row's share of its document's exp(score); rows at -inf get 0."""
    top = np.maximum.reduceat(scores, starts)
    shifted = np.exp(scores - top[doc])
    shares: np.ndarray = shifted / np.add.reduceat(shifted, starts)[doc]
    return shares


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[1])
    parser.add_argument("manifest", type=Path)
    args = parser.parse_args()
    training = examples(load(args.manifest))
    models = fit_models(training)
    WEIGHTS.mkdir(exist_ok=True)
    for name, model in (("dates", models.dates), ("titles", models.titles)):
        path = WEIGHTS / f"{name}.json"
        path.write_text(json.dumps(model.to_json(), indent=1, ensure_ascii=False) + "\n",
                        encoding="utf-8")
        print(f"{name}: fit on {model.about['documents']} documents from "
              f"{model.about['sources']} sources; {len(model.weights)} features; "
              f"written to {path}")


if __name__ == "__main__":
    main()
