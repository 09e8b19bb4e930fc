"""A query adapter for e5, fitted on questions written about this corpus.

e5-small puts a question near the sentences that share its words; users ask in their own ("vem
håller i taktpinnen" for "leda och samordna"). A linear map of the question's e5 vector, fitted on
~3,100 questions written about these documents by people who never saw the system
(``python -m eval.fit_adapter``), moves a question towards the sentences that answer it. On question
sets it was not fitted on, e5 alone then ranks an answering sentence first for 0.88–0.92 of questions
instead of 0.48–0.55.

The map knows only the sentences it was fitted against, each listed by fingerprint. A sentence it
never saw (a document added or changed since) keeps plain e5's cosine, so a new document is judged
as it was before the adapter existed; refitting with questions about it brings it in.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from pathlib import Path

import numpy as np

log = logging.getLogger(__name__)

ADAPTER_FILE = Path(__file__).with_name("query_adapter.npz")
# Plain e5-small cosines live in a narrow band: an unrelated sentence ~0.78, one on point ~0.90.
# Adapted cosines are mapped onto the same band, so both kinds compare and weigh alike downstream.
E5_UNRELATED, E5_ON_POINT = 0.78, 0.90


def fingerprint(sentence: str) -> str:
    """Identity of a sentence as the embedder reads it (the text passed to ``similarities``)."""
    return hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class QueryAdapter:
    matrix: np.ndarray  # d×d: a question vector q moves to q + q·matrix, then back to unit length
    known: frozenset[str]  # fingerprints of the sentences the map was fitted against
    low: float  # adapted cosine of a typical unrelated sentence (fitted questions' median)
    high: float  # adapted cosine of an answering sentence (mean + 1 sd over the fitted questions)
    model: str  # the embedder the map was fitted for; any other embedder's vectors mean nothing to it
    sets: tuple[str, ...] = ()  # the question sets it was fitted on, for the record
    documents: tuple[str, ...] = ()  # the documents whose sentences it knows

    def adapt(self, query_vector: np.ndarray) -> np.ndarray:
        moved = query_vector + query_vector @ self.matrix
        return moved / max(float(np.linalg.norm(moved)), 1e-12)

    def similarities(self, query_vector: np.ndarray, sentences: list[str], vectors: list[np.ndarray]) -> list[float]:
        """Question↔sentence cosines on plain e5's scale: adapted for known sentences, plain otherwise."""
        adapted = self.adapt(query_vector)
        span = max(self.high - self.low, 1e-6)
        return [
            E5_UNRELATED + (E5_ON_POINT - E5_UNRELATED) * (float(vector @ adapted) - self.low) / span
            if fingerprint(sentence) in self.known
            else float(vector @ query_vector)
            for sentence, vector in zip(sentences, vectors, strict=True)
        ]

    def save(self, path: Path) -> None:
        np.savez_compressed(
            path,
            matrix=self.matrix.astype(np.float16),
            known=np.array(sorted(self.known)),
            calibration=np.array([self.low, self.high]),
            model=np.array(self.model),
            sets=np.array(self.sets),
            documents=np.array(self.documents),
        )

    @classmethod
    def load(cls, path: Path) -> QueryAdapter:
        with np.load(path, allow_pickle=False) as data:
            low, high = (float(x) for x in data["calibration"])
            return cls(
                matrix=data["matrix"].astype(np.float32),
                known=frozenset(str(x) for x in data["known"]),
                low=low,
                high=high,
                model=str(data["model"]),
                sets=tuple(str(x) for x in data["sets"]),
                documents=tuple(str(x) for x in data["documents"]),
            )


def load_adapter(setting: str, model: str, dimension: int) -> QueryAdapter | None:
    """The adapter named by the ``query_adapter`` setting ('packaged', 'off' or a file), if it fits the
    embedder in use; otherwise None and plain e5, with the reason logged."""
    if setting == "off":
        return None
    path = ADAPTER_FILE if setting == "packaged" else Path(setting).expanduser()
    if not path.is_file():
        log.warning("query adapter %s not found; questions are matched by plain embeddings", path)
        return None
    adapter = QueryAdapter.load(path)
    if adapter.model != model or adapter.matrix.shape != (dimension, dimension):
        log.warning("query adapter %s was fitted for %s, not %s; not used", path, adapter.model, model)
        return None
    log.info("query adapter %s: %d known sentences, %d question sets", path.name, len(adapter.known), len(adapter.sets))
    return adapter
