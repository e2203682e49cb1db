"""The learned candidate scorer: a logistic regression over the features of
:mod:`kg.extract.pairs`, its weights in ``kg/data/scorer.json``.

The weights are trained by ``scripts/train_scorer.py`` (``make train``) on
annotated real text; the file records which sets. Scoring is a sum of weights,
so it is deterministic and needs nothing but the standard library. A pair the
scorer accepts still goes through the modality layer, which has the last word
on whether it is asserted.
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import OntologyError
from ..resources import DATA_DIR

__all__ = ["Scorer", "load_scorer"]

SCORER_FILE = DATA_DIR / "scorer.json"


@dataclass(frozen=True)
class Scorer:
    """Feature weights, a bias and the probability a pair needs to be kept."""

    bias: float
    weights: dict[str, float] = field(default_factory=dict)
    threshold: float = 0.8

    def probability(self, features: list[str]) -> float:
        z = self.bias + sum(self.weights.get(f, 0.0) for f in features)
        return 1.0 / (1.0 + math.exp(-z))

    def accepts(self, features: list[str]) -> bool:
        return self.probability(features) >= self.threshold


def load_scorer(path: Path = SCORER_FILE) -> Scorer | None:
    """The trained scorer, or None when no weights file exists (rules only)."""
    if not path.exists():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return Scorer(bias=float(data["bias"]), weights={k: float(v) for k, v in data["weights"].items()},
                      threshold=float(data.get("threshold", 0.8)))
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise OntologyError(f"{path}: not a scorer weights file ({exc}); run `make train` to write it again") from None
