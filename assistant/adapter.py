"""A query adapter for e5, fitted on questions written about this corpus.

e5-small puts a question near the sentences that share its words; users ask in their own ("vem
håller i taktpinnen" for "leda och samordna"). A linear map of the question's e5 vector, fitted on
~3,750 questions written about these documents by people who never saw the system
(``python -m eval.fit_adapter``), moves a question towards the sentences that answer it. On question
sets it was not fitted on, e5 alone then ranks an answering sentence first for 0.88–0.92 of questions
instead of 0.48–0.55.

The adapter also remembers those questions: a sentence that answered a question worded like this one
scores higher ("question memory", as FAQ search matches a question to questions already answered). On
question sets held out of the fit, the map alone ranks an answering sentence first for 0.90 of
questions, the map and the memory together for 0.94.

The map knows only the sentences it was fitted against, each listed by fingerprint. A sentence it
never saw (a document added or changed since) keeps plain e5's cosine, so a new document is judged
as it was before the adapter existed; refitting with questions about it brings it in.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
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
    # The question memory: the fitted questions' e5 vectors (one row each), and per sentence fingerprint
    # the rows of the questions it answered. Empty: the map alone.
    memory: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), dtype=np.float32))
    answered_by: Mapping[str, np.ndarray] = field(default_factory=dict)
    memory_weight: float = 0.0
    # the remembered questions moved by the map once, where they are compared with a new question
    recalled: np.ndarray | None = field(init=False, repr=False, compare=False, default=None)

    def __post_init__(self) -> None:
        recalled = adapt_all(self.matrix, self.memory).astype(np.float32) if len(self.memory) else None
        object.__setattr__(self, "recalled", recalled)

    def adapt(self, query_vector: np.ndarray) -> np.ndarray:
        return adapt_all(self.matrix, query_vector[None, :])[0]

    def scores(
        self, adapted: np.ndarray, keys: list[str], vectors: np.ndarray, forget: np.ndarray | None = None
    ) -> np.ndarray:
        """Adapted questions (rows) × sentences (their ``fingerprint`` keys and vectors): the adapted cosine
        plus the memory's pull, uncalibrated. ``forget``: per question, a memory row to leave out (its
        own, when calibrating on the fitted ones)."""
        scores = adapted @ vectors.T
        if self.recalled is not None:
            # (einsum, not BLAS: OpenBLAS threads left spinning after a large product halve the speed of
            # the e5 engine that runs next on 2 cores; this way the product costs ~0.3 ms a question)
            alike = np.einsum("qd,md->qm", adapted.astype(np.float32), self.recalled)
            if forget is not None:  # (as alike as a typical remembered question: no pull either way)
                alike[np.arange(len(alike)), forget] = np.median(alike, axis=1)
            rows = [self.answered_by.get(key, _NONE) for key in keys]
            scores = scores + self.memory_weight * recall(alike, rows)
        return scores

    def similarities(self, query_vector: np.ndarray, sentences: list[str], vectors: list[np.ndarray]) -> list[float]:
        """Question↔sentence cosines on plain e5's scale: adapted and recalled for known sentences, plain
        otherwise."""
        if not sentences:
            return []
        keys = [fingerprint(sentence) for sentence in sentences]
        scores = self.scores(self.adapt(query_vector)[None, :], keys, np.stack(vectors))[0]
        span = max(self.high - self.low, 1e-6)
        return [
            E5_UNRELATED + (E5_ON_POINT - E5_UNRELATED) * (float(score) - self.low) / span
            if key in self.known
            else float(vector @ query_vector)
            for key, score, vector in zip(keys, scores, vectors, strict=True)
        ]

    def save(self, path: Path) -> None:
        order = sorted(self.known)
        position = {key: i for i, key in enumerate(order)}
        pairs = [(int(row), position[key]) for key, rows in self.answered_by.items() for row in rows]
        np.savez_compressed(
            path,
            matrix=self.matrix.astype(np.float16),
            known=np.array(order),
            calibration=np.array([self.low, self.high]),
            model=np.array(self.model),
            sets=np.array(self.sets),
            documents=np.array(self.documents),
            memory=self.memory.astype(np.float16),
            answered=np.array(pairs, dtype=np.int32).reshape(-1, 2),
            memory_weight=np.array(self.memory_weight),
        )

    @classmethod
    def load(cls, path: Path) -> QueryAdapter:
        with np.load(path, allow_pickle=False) as data:
            low, high = (float(x) for x in data["calibration"])
            order = [str(x) for x in data["known"]]
            answered: dict[str, list[int]] = {}  # (a file written before the memory existed: the map alone)
            for row, sentence in data.get("answered", ()):
                answered.setdefault(order[sentence], []).append(int(row))
            return cls(
                matrix=data["matrix"].astype(np.float32),
                known=frozenset(order),
                low=low,
                high=high,
                model=str(data["model"]),
                sets=tuple(str(x) for x in data["sets"]),
                documents=tuple(str(x) for x in data["documents"]),
                memory=data.get("memory", np.zeros((0, 0))).astype(np.float32),
                answered_by={key: np.array(rows) for key, rows in answered.items()},
                memory_weight=float(data.get("memory_weight", 0.0)),
            )


_NONE = np.zeros(0, dtype=np.int64)


def adapt_all(matrix: np.ndarray, vectors: np.ndarray) -> np.ndarray:
    """Question vectors (rows) moved by the map, back to unit length."""
    moved = vectors + vectors @ matrix
    return moved / np.maximum(np.linalg.norm(moved, axis=1, keepdims=True), 1e-12)


def recall(alike: np.ndarray, answered_by: list[np.ndarray]) -> np.ndarray:
    """Per question (rows of ``alike``, its cosine with each remembered question) and sentence: how alike
    the most alike remembered question the sentence answered is. A sentence no remembered question asked
    about gets the question's median, so it is neither lifted nor sunk against the rest."""
    scores = np.repeat(np.median(alike, axis=1, keepdims=True), len(answered_by), axis=1)
    for column, rows in enumerate(answered_by):
        if len(rows):
            scores[:, column] = alike[:, rows].max(axis=1)
    return scores


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
    log.info(
        "query adapter %s: %d known sentences, %d question sets, %d questions remembered",
        path.name,
        len(adapter.known),
        len(adapter.sets),
        len(adapter.memory),
    )
    return adapter
