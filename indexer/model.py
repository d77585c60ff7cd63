"""Linear models whose weights are learned from labelled documents and shipped as data.

A decision such as "which of these dates does the document state as its own" is made by
describing each option with named features and scoring it with a dot product against weights
fit offline (`benchmarks/fit_weights.py`, validated publisher by publisher). The weights live in
`indexer/weights/NAME.json`, where a reader can see what the model values and by how much.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

Features = Mapping[str, float]


@dataclass(frozen=True)
class LinearModel:
    """Weights by feature name; a feature the model does not know weighs nothing."""

    weights: Mapping[str, float]
    about: Mapping[str, Any] = field(default_factory=dict)

    def score(self, features: Features) -> float:
        """The option's score: the sum of its features' values times their weights."""
        return sum(self.weights.get(name, 0.0) * value for name, value in features.items())

    def reasons(self, features: Features, most: int = 3) -> list[str]:
        """The features that moved the score most, strongest first ("before:issue +2.1")."""
        moved = sorted(((self.weights.get(name, 0.0) * value, name)
                        for name, value in features.items()), key=lambda p: -abs(p[0]))
        return [f"{name} {weight:+.1f}" for weight, name in moved[:most] if weight]

    def to_json(self) -> dict[str, Any]:
        """The shipped form: what the weights were fit on, then the weights."""
        return {"about": dict(self.about),
                "weights": {k: round(v, 4) for k, v in sorted(self.weights.items()) if v}}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> LinearModel:
        return cls(dict(data["weights"]), dict(data.get("about", {})))


@cache
def shipped(name: str) -> LinearModel:
    """The model shipped with pdfarchive under `name` ("dates", "titles")."""
    text = (resources.files(__package__) / "weights" / f"{name}.json").read_text("utf-8")
    return LinearModel.from_json(json.loads(text))


def log_sum_exp(scores: Iterable[float]) -> float:
    """log(sum(exp(s))): the score of several options taken together."""
    values = list(scores)
    top = max(values)
    return top + math.log(sum(math.exp(s - top) for s in values))
