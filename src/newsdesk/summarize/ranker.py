"""Sentence scorers: the learned ranker (gradient-boosted trees stored as plain JSON) and a
centroid fallback.

The JSON holds the feature names it was trained on, so a model and the feature code can never be
silently mismatched. Inference is a few lines of numpy over the exported trees; scikit-learn is
needed only to train (see ``benchmarks/train_ranker.py``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from ..caches import cached
from ..errors import NewsdeskError
from .features import FEATURES

DEFAULT_WEIGHTS = Path(__file__).resolve().parent / "weights" / "ranker.json"


@dataclass(frozen=True)
class Trees:
    """Gradient-boosted regression trees: ``init + rate * sum(tree(x))``."""

    features: tuple[str, ...]
    init: float
    rate: float
    trees: tuple[dict[str, np.ndarray], ...]
    meta: dict[str, Any]

    def predict(self, F: np.ndarray) -> np.ndarray:
        if F.shape[0] == 0:
            return np.zeros(0)
        feature, threshold, left, right, value, depth = self._packed()
        n_trees = feature.shape[0]
        tree = np.arange(n_trees)[:, None]
        node = np.zeros((n_trees, F.shape[0]), dtype=np.int64)
        for _ in range(depth):  # all trees at once, one level per step; leaves point to themselves
            x = F[np.arange(F.shape[0])[None, :], feature[tree, node]]
            node = np.where(x <= threshold[tree, node], left[tree, node], right[tree, node])
        return self.init + self.rate * value[tree, node].sum(axis=0)

    def _packed(self) -> tuple[np.ndarray, ...]:
        """The trees as padded 2-D arrays; a leaf's children are itself (so extra steps stay put)."""
        cached = self.__dict__.get("_packed_cache")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        width = max((len(t["feature"]) for t in self.trees), default=1)
        shape = (len(self.trees), width)
        feature = np.zeros(shape, dtype=np.int64)
        threshold = np.zeros(shape)
        left = np.zeros(shape, dtype=np.int64)
        right = np.zeros(shape, dtype=np.int64)
        value = np.zeros(shape)
        for k, t in enumerate(self.trees):
            m = len(t["feature"])
            own = np.arange(m)
            leaf = t["left"] < 0
            feature[k, :m] = np.where(leaf, 0, t["feature"])
            threshold[k, :m] = t["threshold"]
            left[k, :m] = np.where(leaf, own, t["left"])
            right[k, :m] = np.where(leaf, own, t["right"])
            value[k, :m] = t["value"]
        depth = max((int(t["depth"]) for t in self.trees), default=0)
        packed = (feature, threshold, left, right, value, depth)
        object.__setattr__(self, "_packed_cache", packed)
        return packed

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": "trees",
            "features": list(self.features),
            "init": self.init,
            "rate": self.rate,
            "meta": self.meta,
            "trees": [
                {k: (v.tolist() if isinstance(v, np.ndarray) else v) for k, v in t.items()}
                for t in self.trees
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Trees:
        trees = []
        for t in data["trees"]:
            trees.append(
                {
                    "feature": np.asarray(t["feature"], dtype=np.int64),
                    "threshold": np.asarray(t["threshold"], dtype=np.float64),
                    "left": np.asarray(t["left"], dtype=np.int64),
                    "right": np.asarray(t["right"], dtype=np.int64),
                    "value": np.asarray(t["value"], dtype=np.float64),
                    "depth": int(t["depth"]),
                }
            )
        return cls(
            tuple(data["features"]),
            float(data["init"]),
            float(data["rate"]),
            tuple(trees),
            dict(data.get("meta", {})),
        )

    @classmethod
    def from_sklearn(cls, model: Any, meta: dict[str, Any] | None = None) -> Trees:
        """Export a fitted ``sklearn.ensemble.GradientBoostingRegressor`` (squared error)."""
        trees = []
        for est in model.estimators_[:, 0]:
            tr = est.tree_
            trees.append(
                {
                    "feature": tr.feature.astype(np.int64),
                    "threshold": tr.threshold.astype(np.float64),
                    "left": tr.children_left.astype(np.int64),
                    "right": tr.children_right.astype(np.int64),
                    "value": tr.value[:, 0, 0].astype(np.float64),
                    "depth": int(tr.max_depth),
                }
            )
        init = float(model.init_.constant_[0, 0]) if hasattr(model.init_, "constant_") else 0.0
        return cls(FEATURES, init, float(model.learning_rate), tuple(trees), dict(meta or {}))


def save(model: Trees, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(model.to_json(), separators=(",", ":"))
    path.write_text(text + "\n", encoding="utf-8")


def load(path: Path | str) -> Trees:
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise NewsdeskError(f"{p}: cannot read the ranker weights: {exc}") from exc
    model = Trees.from_json(data)
    if model.features != FEATURES:
        raise NewsdeskError(
            f"{p}: the ranker was trained on other features than this version computes; retrain it with "
            "python benchmarks/train_ranker.py"
        )
    return model


@cached(maxsize=4, kind="resource")
def default_model() -> Trees | None:
    """The shipped model, or ``None`` when the weights file is absent (centroid scoring then)."""
    return load(DEFAULT_WEIGHTS) if DEFAULT_WEIGHTS.exists() else None


def centroid_scores(F: np.ndarray) -> np.ndarray:
    """Unsupervised fallback: centroid similarity plus cross-document support, early sentences first."""
    col = {name: i for i, name in enumerate(FEATURES)}
    return F[:, col["centroid"]] + 0.5 * F[:, col["support_mean"]] + 0.1 * (1.0 - F[:, col["relpos"]])
