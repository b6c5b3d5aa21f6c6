"""The one scoring function: how likely two units are the same unit.

A pair of units is described by named features (``pair_features``: name,
acronym, description, kind, parent, children, the neighbourhood's churn, and
how far the pair stands above its rivals); the probability that they are one
unit is a logistic function of their weighted sum. The weights are data, not
code: ``weights.json`` beside this file, written by
``benchmarks/fit_weights.py`` from synthetic reorganisations with known truth
and the real development pairs. Every record's evidence lists the terms, so a
reviewer can see why a pair scored as it did.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

WEIGHTS_FORMAT = "orgarchive.weights/1"

# Every feature the model knows, with what it means (docs/diff.md repeats it).
FEATURES: dict[str, str] = {
    "name_same": "1 when the normalised names are equal",
    "name_char": "character similarity of the names' core words, 0-1",
    "name_rare": "rarity-weighted share of name words in common, 0-1",
    "name_part": "rarity-weighted share of the shorter name's words found in the other, 0-1",
    "name_contained": "1 when every core word of one name is in the other",
    "name_disjoint": "1 when the names share no word",
    "acronym_same": "1 when both acronyms are known and equal",
    "acronym_expansion": "1 when one acronym spells the other's name",
    "acronym_name": "1 when one acronym is the other's name (Seafish)",
    "acronym_differs": "1 when both acronyms are known and none of the above",
    "description": "word overlap of the descriptions (Jaccard) when both are real ones "
                   "(8 significant words or more)",
    "description_known": "1 when both descriptions are real ones",
    "description_unlike": "1 when two real descriptions share under a tenth of their words",
    "kind_same": "1 when both kinds are known and equal",
    "kind_differs": "1 when both kinds are known and differ",
    "parent_same": "1 when the parents are matched to each other",
    "parent_differs": "1 when a parent is matched elsewhere (a move) and the names differ",
    "moved_same_name": "1 when a parent is matched elsewhere (a move) and the names are the same",
    "parent_open": "name similarity of the parents when neither is matched yet",
    "grandparent_same": "1 when neither parent is matched yet and theirs are matched to each "
                        "other (or both parents are at the top level)",
    "grandparent_differs": "1 when neither parent is matched yet and theirs are matched "
                           "elsewhere (or only one parent is at the top level)",
    "roots": "1 when both units are at the top level",
    "root_and_child": "1 when one unit is at the top level and the other is not",
    "children_shared": "Dice share of children matched to each other, when both have some",
    "children_count": "log(1 + number of children matched to each other)",
    "children_followed": "1 when two or more children, and most of both units' children, "
                         "are matched to each other",
    "children_one_side": "1 when only one of the two has children",
    "sole_change": "1 when the pair is the only unit gone and the only one new under one parent",
    "churn": "log of the number of units gone times units new under their parent",
    "rival_margin": "how far the pair's probability (without this term) stands above that "
                    "of the next best pair of either unit (or above 0 when it has none), -1 to 1",
    "no_rival": "1 when neither unit has another candidate",
}


# Kinds of record whose confidence is recalibrated on the real pairs: pairs the
# scorer accepted, pairs and groups found from content, and unmatched units.
CALIBRATED = ("similarity", "content", "group", "unmatched")


def record_kind(types: tuple[str, ...], stage: str | None) -> str | None:
    """Which CALIBRATED kind a record is, or None (key, name, alias, curated:
    decisions that are not estimates)."""
    if "merged" in types or "split" in types:
        return "group" if stage == "content" else None
    return stage if stage in CALIBRATED else None


# Kinds whose calibration is fitted apart in diffs that keep most units' keys and
# in diffs that renew them (``renews_keys``). When keys carry identity, a unit
# left unmatched lost its key, and that alone says it is gone or new; when
# nearly every matched unit changed key (snapshots keyed afresh each time),
# a unit is unmatched only because nothing scored high enough, and a
# candidate at 0.1-0.5 is often the unit itself (benchmarks/README.md,
# "Reliability of confidence").
BY_KEYS = ("unmatched",)
# Share of matched units whose key changed above which a diff renews keys.
KEYS_RENEWED = 0.5


def renews_keys(pairs: Iterable[tuple[str, str]]) -> bool:
    """Whether more than KEYS_RENEWED of the matched pairs (before key, after
    key) changed key; False when nothing is matched."""
    n = changed = 0
    for b, a in pairs:
        n += 1
        changed += b != a
    return changed > KEYS_RENEWED * n


def calibration_key(kind: str, keys_renewed: bool) -> str:
    """Where the steps of a record of ``kind`` are stored in ``Model.calibration``
    when they depend on the diff's keys (BY_KEYS), else the kind itself."""
    if kind not in BY_KEYS:
        return kind
    return f"{kind}:keys {'renewed' if keys_renewed else 'kept'}"


def clipped_logit(p: float) -> float:
    """log(p / (1 - p)), kept within [-6, 6] (p of 0.0025 to 0.9975): a
    confidence of exactly 1 says "certain as far as the engine knows", not
    infinitely so."""
    p = min(0.9975, max(0.0025, p))
    return math.log(p / (1.0 - p))


@dataclass(frozen=True)
class Model:
    """Logistic weights over FEATURES; a feature left out of a pair counts 0."""

    weights: Mapping[str, float]
    bias: float
    meta: Mapping[str, Any] = field(default_factory=dict)
    # How often a record of each kind (CALIBRATED) is right, by its raw
    # confidence: kind -> steps ((upper logit of the raw confidence, share
    # right), ...) in rising order, monotone (isotonic), fitted on the real pairs.
    # A kind of BY_KEYS has steps of its own for diffs that keep keys and for
    # those that renew them (``calibration_key``), and the kind's steps over
    # every diff for a case the fit saw too few records of.
    calibration: Mapping[str, tuple[tuple[float, float], ...]] = field(default_factory=dict)
    # The last bar of matching's rounds: a pair that is the strict best of both
    # its units is accepted when its probability reaches it. Chosen on the real
    # pairs by benchmarks/fit_weights.py (``choose_accept``): the probability is
    # the pair's before the assignment, and being both units' best raises the
    # odds that it is right, so the bar that serves best lies under 0.5.
    accept: float = 0.5

    def calibrate(self, kind: str, confidence: float, keys_renewed: bool = False) -> float:
        """``confidence`` of a record of ``kind`` made a probability that it is right;
        ``keys_renewed``: whether the record's diff renews keys (``renews_keys``)."""
        steps = (self.calibration.get(calibration_key(kind, keys_renewed))
                 or self.calibration.get(kind))
        if not steps:
            return confidence
        x = clipped_logit(confidence)
        for upper, share in steps:
            if x <= upper:
                return share
        return steps[-1][1]

    def logit(self, x: Mapping[str, float], without: str | None = None) -> float:
        w = self.weights
        if without is None:  # the same terms in the same order, without a Python loop
            terms: float = sum(map(mul, map(w.get, x.keys(), repeat(0.0)), x.values()))
            return self.bias + terms
        return self.bias + sum(w.get(k, 0.0) * v for k, v in x.items() if k != without)

    @staticmethod
    def probability(logit: float) -> float:
        if logit >= 0:
            return 1.0 / (1.0 + math.exp(-logit))
        e = math.exp(logit)
        return e / (1.0 + e)

    def evidence(self, x: Mapping[str, float]) -> dict[str, Any]:
        """A scored pair's evidence: the main similarities and every term
        (weight x value, and the bias: their sum is the log-odds)."""
        out: dict[str, Any] = {"name_similarity": round(x.get("name_char", 0.0), 3)}
        if "description" in x:
            out["description_similarity"] = round(x["description"], 3)
        if "parent_same" in x or "parent_differs" in x:
            out["structure"] = 1.0 if "parent_same" in x else 0.0
        if "children_shared" in x:
            out["children_overlap"] = round(x["children_shared"], 3)
        for k in ("acronym_same", "acronym_expansion", "acronym_name"):
            if k in x:
                out[k] = True
        w = self.weights
        out["terms"] = {k: round(w.get(k, 0.0) * v, 3) for k, v in sorted(x.items())
                        if w.get(k, 0.0) * v}
        out["terms"]["bias"] = round(self.bias, 3)
        return out

    def to_json(self) -> dict[str, Any]:
        return {
            "format": WEIGHTS_FORMAT,
            "bias": round(self.bias, 6),
            "accept": round(self.accept, 4),
            "weights": {k: round(self.weights.get(k, 0.0), 6) for k in FEATURES},
            **({"calibration": {k: [[round(x, 4), round(y, 4)] for x, y in steps]
                                for k, steps in sorted(self.calibration.items())}}
               if self.calibration else {}),
            **({"fitted": dict(self.meta)} if self.meta else {}),
        }


def model_from_json(doc: Mapping[str, Any]) -> Model:
    if doc.get("format") != WEIGHTS_FORMAT:
        raise ValueError(f"not an {WEIGHTS_FORMAT} document")
    weights = {k: float(v) for k, v in doc["weights"].items() if k in FEATURES}
    calibration = {k: tuple((float(x), float(y)) for x, y in v)
                   for k, v in doc.get("calibration", {}).items()
                   if k in CALIBRATED or k in {calibration_key(c, r) for c in BY_KEYS
                                               for r in (False, True)}}
    return Model(weights=weights, bias=float(doc["bias"]), meta=doc.get("fitted", {}),
                 calibration=calibration, accept=float(doc.get("accept", 0.5)))


def load_model(path: Path | str | None = None) -> Model:
    """The packaged weights, or those of ``path`` (for fitting and benchmarks)."""
    if path is None:
        return _packaged()
    with open(path, encoding="utf-8") as f:
        return model_from_json(json.load(f))


@lru_cache(maxsize=1)
def _packaged() -> Model:
    text = resources.files(__package__).joinpath("weights.json").read_text(encoding="utf-8")
    return model_from_json(json.loads(text))
