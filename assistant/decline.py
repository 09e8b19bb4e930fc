"""Answer or decline: a logistic model over the evidence features, fitted on labelled questions.

Hand-set thresholds on one score kept failing on questions nobody had tuned on: a paraphrased
question ("skrivet" for "daterat") meets few of a sentence's words yet is answered by it, while a
question about a figure the documents never give for that nämnd matches its topic well. A few
weights fitted on ~260 labelled questions (answerable or not, written by people who never saw the
system) weigh the signals against each other; ``python -m eval.fit_decline`` refits them and
reports how well the fit carries over to question sets it was not fitted on.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass
from pathlib import Path

from assistant.answer import Evidence

MODEL_FILE = Path(__file__).with_name("decline_model.json")
FEATURES = ("coverage", "similarity", "unknown_sv", "unknown_en", "unstated", "unstated_person")


def features(evidence: Evidence, language: str) -> list[float]:
    """The model's inputs, in ``FEATURES`` order. Unknown words mean different things in the two
    languages: a Swedish question's unknown word is a topic the corpus lacks, an English one is
    often only a word the glossary lacks."""
    values = asdict(evidence)
    english = language == "en"
    values["unknown_sv"] = 0.0 if english else evidence.unknown
    values["unknown_en"] = evidence.unknown if english else 0.0
    return [float(values[name]) for name in FEATURES]


@dataclass(frozen=True)
class DeclineModel:
    weights: tuple[float, ...]
    bias: float

    @classmethod
    def load(cls, path: Path = MODEL_FILE) -> DeclineModel:
        data = json.loads(path.read_text(encoding="utf-8"))
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{path}: fitted for features {data['features']}, this code reads {list(FEATURES)}")
        return cls(tuple(float(w) for w in data["weights"]), float(data["bias"]))

    def probability(self, evidence: Evidence, language: str) -> float:
        """Estimated probability that the documents answer the question."""
        z = self.bias + sum(w * x for w, x in zip(self.weights, features(evidence, language), strict=True))
        return 1.0 / (1.0 + math.exp(-z))
