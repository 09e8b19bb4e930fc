"""Hybrid retrieval over the live index generation: e5 dense (Chroma) + Swedish BM25, fused and boosted.

The search index follows the store's pointer: when a rebuild commits a new generation, the next
query loads it (vectors stay in Chroma; passages and the BM25 index are rebuilt in memory from the
same generation), so readers never mix two generations and never see a half-built one.
"""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import numpy as np

from assistant.adapter import load_adapter
from assistant.cues import has_cue
from assistant.lexical import LexicalIndex
from assistant.query import QueryIntent
from index_build.domain import signed_by
from index_build.embed import load_embedder
from index_build.models import DocumentMetadata
from index_build.settings import Settings
from index_build.store import Generation, IndexStore, metadata_from_chroma

log = logging.getLogger(__name__)

# Fusion weights: dense similarity carries meaning across wording and language, BM25 carries exact
# Swedish terms and numbers; metadata boosts apply only when the question names a nämnd/year/document.
DENSE_WEIGHT = 0.55
LEXICAL_WEIGHT = 0.45
NAMND_BOOST = 0.25
GOVERNING_BOOST = 0.10
YEAR_BOOST = 0.10
SENTENCE_CACHE = 20_000  # sentence vectors kept between questions (≈30 MB at 384-d)
CUE_BOOST = 0.12  # the passage holds the kind of fact asked for (a date for "när", a list for "vilka")
# An e-mail address or a diarienummer stands only in a letterhead or contact block, which shares few
# words with the question ("vilken mejl har handläggaren?"): having one matters more than a date does.
IDENTIFIER_BOOST = 0.25
SIDE_DEPTH = 3  # passages of each compared side placed within the answerer's reading window


@dataclass(frozen=True)
class Filters:
    """Hard filters chosen by the user (UI/API); retrieval never widens beyond them."""

    namnder: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    governing_documents: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    documents: tuple[str, ...] = ()  # file names: the precedent view asks one document at a time

    def chroma_where(self) -> dict[str, Any] | None:
        clauses: list[dict[str, Any]] = []
        if self.documents:
            clauses.append({"document": {"$in": list(self.documents)}})
        if self.namnder:
            clauses.append({"namnd": {"$in": list(self.namnder)}})
        if self.years:
            clauses.append({"year": {"$in": list(self.years)}})
        if self.governing_documents:
            clauses.append({"governing_document": {"$in": list(self.governing_documents)}})
        if self.kinds:
            clauses.append({"kind": {"$in": list(self.kinds)}})
        if not clauses:
            return None
        return clauses[0] if len(clauses) == 1 else {"$and": clauses}

    def allows(self, passage: Passage) -> bool:
        meta = passage.metadata
        return (
            (not self.documents or passage.document in self.documents)
            and (not self.namnder or meta.namnd in self.namnder)
            and (not self.years or meta.year in self.years)
            and (not self.governing_documents or meta.governing_document in self.governing_documents)
            and (not self.kinds or meta.kind.value in self.kinds)
        )

    def describe(self) -> str:
        parts = [*self.namnder, *map(str, self.years), *self.governing_documents, *self.kinds]
        return ", ".join(parts)


@dataclass(frozen=True)
class Passage:
    """A retrieved chunk with everything a citation needs."""

    chunk_id: str
    document: str
    text: str
    section: str
    page: int | None
    start: int
    end: int
    context: str
    metadata: DocumentMetadata
    score: float = 0.0
    dense: float = 0.0
    lexical: float = 0.0


@dataclass
class _Loaded:
    generation: Generation
    passages: list[Passage]
    by_id: dict[str, int]
    lexical: LexicalIndex
    namnder: dict[str, set[str]] = field(default_factory=dict)  # nämnd → governing documents answered
    namnd_years: dict[str, set[int]] = field(default_factory=dict)  # nämnd → years of its documents
    signed_parties: frozenset[str] = frozenset()  # parties signing a särskilt uttalande or reservation
    # nämnd → its statement sections in the protocol's order, with their parties ("det andra uttalandet")
    statements: dict[str, list[tuple[str, frozenset[str]]]] = field(default_factory=dict)


def _passage(chunk_id: str, text: str, meta: dict[str, Any]) -> Passage:
    page = int(meta.get("page", -1))
    return Passage(
        chunk_id=chunk_id,
        document=str(meta["document"]),
        text=text,
        section=str(meta.get("section", "")),
        page=page if page >= 0 else None,
        start=int(meta.get("start", 0)),
        end=int(meta.get("end", 0)),
        context=str(meta.get("context", "")),
        metadata=metadata_from_chroma(meta),
    )


class SearchIndex:
    """Loaded once per process and shared by all requests; thread-safe."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.store = IndexStore(settings)
        self.embedder = load_embedder(settings)
        self.adapter = load_adapter(settings.query_adapter, self.embedder.model_name, self.embedder.dimension)
        self._lock = threading.Lock()
        self._loaded: _Loaded | None = None
        self._sentence_cache: dict[str, np.ndarray] = {}
        self._query_vector = lru_cache(maxsize=1024)(lambda text: tuple(self.embedder.get_query_embedding(text)))
        self.refresh()

    def refresh(self) -> _Loaded:
        """Follow the store's pointer; load the new generation if it moved."""
        current = self.store.current_generation()
        loaded = self._loaded
        if loaded is not None and loaded.generation.generation == current:
            return loaded
        with self._lock:
            if self._loaded is not None and self._loaded.generation.generation == current:
                return self._loaded
            generation = self.store.open_current()
            generation.check_embedder(self.embedder.model_name, self.embedder.dimension)
            passages = [_passage(cid, text, meta) for cid, text, meta, _ in generation.iter_chunks()]
            passages.sort(key=lambda p: (p.document, p.start))
            lexical = LexicalIndex([f"{p.context}\n{p.text}" for p in passages])
            namnder: dict[str, set[str]] = {}
            namnd_years: dict[str, set[int]] = {}
            statements: dict[str, list[tuple[str, frozenset[str]]]] = {}
            for passage in passages:  # (sorted by document and position: the protocol's order)
                namnder.setdefault(passage.metadata.namnd, set()).add(passage.metadata.governing_document)
                years = namnd_years.setdefault(passage.metadata.namnd, set())
                if passage.metadata.year:
                    years.add(passage.metadata.year)
                signed = signed_by(passage.section)
                listed = statements.setdefault(passage.metadata.namnd, [])
                if signed and (passage.section, signed) not in listed:
                    listed.append((passage.section, signed))
            self._loaded = _Loaded(
                generation,
                passages,
                {p.chunk_id: i for i, p in enumerate(passages)},
                lexical,
                namnder,
                namnd_years,
                frozenset().union(*(parties for listed in statements.values() for _, parties in listed)),
                statements,
            )
            log.info("loaded index generation %s: %d passages", generation.generation, len(passages))
            return self._loaded

    @property
    def loaded(self) -> _Loaded:
        return self.refresh()

    def query_vector(self, text: str) -> list[float]:
        """e5 query embedding, cached: the answerer asks again for the same question."""
        return list(self._query_vector(text))

    def sentence_similarities(self, query: str, sentences: list[str]) -> list[tuple[float, float]]:
        """Cosine of the question to each sentence (as e5 passages, cached per sentence text): through
        the query adapter (plain again when there is none), and plain."""
        query_vector = np.asarray(self._query_vector(query))
        missing = [s for s in dict.fromkeys(sentences) if s not in self._sentence_cache]
        if missing:
            for sentence, vector in zip(missing, self.embedder.get_text_embedding_batch(missing), strict=True):
                if len(self._sentence_cache) > SENTENCE_CACHE:
                    self._sentence_cache.clear()
                self._sentence_cache[sentence] = np.asarray(vector)
        vectors = [self._sentence_cache[s] for s in sentences]
        plain = [float(vector @ query_vector) for vector in vectors]
        ranking = plain if self.adapter is None else self.adapter.similarities(query_vector, sentences, vectors)
        return list(zip(ranking, plain, strict=True))

    def search(self, intent: QueryIntent, filters: Filters | None = None, top_k: int | None = None) -> list[Passage]:
        """Best passages first: fused dense + lexical scores with boosts for what the question names."""
        loaded = self.refresh()
        filters = filters or Filters()
        top_k = top_k or self.settings.retrieve_top_k
        pool = self.settings.candidate_pool
        if not loaded.passages:
            return []
        query_vector = self.query_vector(intent.standalone)
        result = loaded.generation.chunks.query(
            query_embeddings=[query_vector],
            n_results=min(pool, len(loaded.passages)),
            where=filters.chroma_where(),
            include=["distances"],
        )
        dense: dict[int, float] = {}
        for chunk_id, distance in zip(result["ids"][0], (result["distances"] or [[]])[0], strict=True):
            if chunk_id in loaded.by_id:
                # Squared L2 between unit vectors: cos = 1 - d/2.
                dense[loaded.by_id[chunk_id]] = 1.0 - float(distance) / 2.0
        lexical_scores = loaded.lexical.scores(intent.standalone)
        allowed = np.array([filters.allows(p) for p in loaded.passages])
        lexical_scores = np.where(allowed, lexical_scores, 0.0)
        lexical_top = [int(i) for i in np.argsort(-lexical_scores)[:pool] if lexical_scores[i] > 0]
        candidates = sorted(set(dense) | set(lexical_top))
        if not candidates:
            return []
        dense_floor = min(dense.values()) if dense else 0.0
        dense_values = np.array([dense.get(i, dense_floor) for i in candidates])
        lexical_values = np.array([lexical_scores[i] for i in candidates])
        dense_norm = (dense_values - dense_floor) / max(1e-6, dense_values.max() - dense_floor)
        lexical_norm = lexical_values / max(1e-6, lexical_values.max())
        fused = DENSE_WEIGHT * dense_norm + LEXICAL_WEIGHT * lexical_norm
        singles_out = has_cue("singled_out", intent.question)
        for position, index in enumerate(candidates):
            meta = loaded.passages[index].metadata
            if intent.namnder and meta.namnd in intent.namnder:
                fused[position] += NAMND_BOOST
            if intent.governing_document and meta.governing_document == intent.governing_document:
                fused[position] += GOVERNING_BOOST
            if intent.years and meta.year in intent.years:
                fused[position] += NAMND_BOOST if intent.year_switch else YEAR_BOOST
            if intent.parties:  # a särskilt uttalande's section names its parties: "Särskilt uttalande (V, S)"
                signed = signed_by(loaded.passages[index].section)
                fused[position] += NAMND_BOOST * len(signed & set(intent.parties)) / len(intent.parties)
            if intent.names_ärende(meta):
                fused[position] += NAMND_BOOST  # a diarienummer names its documents as surely as a nämnd
            text = loaded.passages[index].text
            if intent.answer_type and has_cue(intent.answer_type, text):
                fused[position] += (
                    IDENTIFIER_BOOST if intent.answer_type in ("email", "phone", "reference") else CUE_BOOST
                )
            if intent.wants_list and has_cue("list", text):
                fused[position] += CUE_BOOST
            if singles_out and has_cue("singled_out", text):  # "vilka … som viktigast?" ← "bedöms särskilt viktiga"
                fused[position] += CUE_BOOST
        order = [int(i) for i in np.argsort(-fused)]
        if intent.reads_every_document:
            order = _one_per_document_first(order, [loaded.passages[candidates[i]].document for i in order])
        # A comparison ("mellan 2019 och 2023") is answered from every side: each side's best few
        # passages must be among those the answerer reads, even when one side dominates the fused scores.
        sides = intent.first_of_each_side(order, lambda i: loaded.passages[candidates[i]].metadata, SIDE_DEPTH)
        if len({intent.facet(loaded.passages[candidates[i]].metadata) for i in sides}) >= 2:
            order = sides + [i for i in order if i not in sides]
        return [
            _with_scores(
                loaded.passages[candidates[i]], float(fused[i]), float(dense_values[i]), float(lexical_norm[i])
            )
            for i in order[:top_k]
        ]


def _one_per_document_first(order: list[int], documents: list[str]) -> list[int]:
    """For "which nämnder…" questions: each document's best passage first, then the rest."""
    seen: set[str] = set()
    firsts, rest = [], []
    for index, document in zip(order, documents, strict=True):
        (rest if document in seen else firsts).append(index)
        seen.add(document)
    return firsts + rest


def _with_scores(passage: Passage, score: float, dense: float, lexical: float) -> Passage:
    return replace(passage, score=score, dense=dense, lexical=lexical)
