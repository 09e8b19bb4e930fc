"""The index store: Chroma collections written as *generations* behind a pointer.

A build writes a complete new generation (chunks + documents collections) and only then flips the
pointer, so a failed or killed build leaves the previous index answering, and readers see either
the old or the new index, never a half-built one. Two backends share this design:

* embedded (default): ``<index_dir>/gen-<id>/`` is a ``PersistentClient`` folder and
  ``<index_dir>/CURRENT`` names the live generation (replaced atomically with ``os.replace``);
* server (``CHROMA_HOST`` set): one ``HttpClient``; generations are collection-name suffixes and
  the pointer is a record in a small ``<prefix>_pointer`` collection, so every replica agrees.

Chunk texts live in Chroma next to their vectors, so the lexical index is derived from the same
store (see ``assistant.lexical``) and can never disagree with it, whichever replica asks.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
import shutil
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import chromadb
from chromadb.api import ClientAPI
from chromadb.api.models.Collection import Collection
from chromadb.config import Settings as ChromaSettings

from index_build.models import Chunk, DocumentKind, DocumentMetadata
from index_build.settings import Settings

log = logging.getLogger(__name__)

POINTER_FILE = "CURRENT"
BUILD_LOCK_FILE = ".build.lock"
KEEP_GENERATIONS = 2  # the live one and its predecessor, which in-flight readers may still hold
_PLACEHOLDER_VECTOR = [1.0]  # the documents collection is looked up by id only; Chroma wants a vector
_GET_PAGE = 2000


class IndexMissingError(RuntimeError):
    """No index has been built yet (or the pointer names a generation that is gone)."""


class EmbedderMismatchError(RuntimeError):
    """The index was built with another embedder; querying it would compare unrelated vectors."""


@dataclass(frozen=True)
class StoredDocument:
    """A document as recorded in a generation: what the UI's library and document view need."""

    name: str
    text: str
    metadata: DocumentMetadata
    content_hash: str
    aliases: tuple[str, ...]
    warnings: tuple[str, ...]
    chunk_count: int


@dataclass(frozen=True)
class GenerationInfo:
    generation: str
    embedder: str
    dimension: int
    built_at: float
    failed: dict[str, str]


def _release_gone_systems(index_dir: Path) -> None:
    """Release cached systems of generations another process deleted (a reader's side of the leak)."""
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        root = index_dir.resolve()
        for identifier in list(SharedSystemClient._identifier_to_system):
            folder = Path(identifier) if identifier not in ("", "ephemeral") else None
            if folder is not None and folder.parent.resolve() == root and not folder.exists():
                _release_local_system(folder)
    except Exception:
        log.debug("could not release Chroma systems under %s", index_dir, exc_info=True)


def _release_local_system(path: Path) -> None:
    """Stop this process's cached Chroma system for a generation folder about to be deleted.

    ``chromadb.PersistentClient`` keeps one system per folder for the life of the process; without
    this, every rebuild in a long-running process (the served app rebuilds in-process) kept the
    dropped generation's SQLite and segment files open: ~12 descriptors to deleted files and ~12 MB
    more per rebuild, and the disk space never came back until a restart.
    """
    try:
        from chromadb.api.shared_system_client import SharedSystemClient

        target = path.resolve()
        for identifier in list(SharedSystemClient._identifier_to_system):
            if identifier in ("", "ephemeral") or Path(identifier).resolve() != target:
                continue
            system = SharedSystemClient._identifier_to_system.pop(identifier, None)
            SharedSystemClient._identifier_to_refcount.pop(identifier, None)
            if system is not None:
                system.stop()
    except Exception:  # chromadb internals moved: the folder is still deleted, only the handles leak
        log.debug("could not release the Chroma system for %s", path, exc_info=True)


def _chroma_settings() -> ChromaSettings:
    return ChromaSettings(anonymized_telemetry=False, allow_reset=False)


def metadata_to_chroma(metadata: DocumentMetadata) -> dict[str, Any]:
    values = asdict(metadata)
    values["kind"] = metadata.kind.value
    values["diarienummer"] = "; ".join(metadata.diarienummer)
    values["year"] = metadata.year or 0
    return values


def metadata_from_chroma(values: dict[str, Any]) -> DocumentMetadata:
    return DocumentMetadata(
        namnd=str(values.get("namnd", "")),
        forvaltning=str(values.get("forvaltning", "")),
        kind=DocumentKind(values.get("kind", DocumentKind.OKAND.value)),
        document_type=str(values.get("document_type", "")),
        date=str(values.get("date", "")),
        year=int(values["year"]) if values.get("year") else None,
        diarienummer=tuple(part for part in str(values.get("diarienummer", "")).split("; ") if part),
        governing_document=str(values.get("governing_document", "")),
        handlaggare=str(values.get("handlaggare", "")),
        title=str(values.get("title", "")),
    )


def chunk_to_chroma(chunk: Chunk, metadata: DocumentMetadata, text_hash: str) -> dict[str, Any]:
    return {
        **metadata_to_chroma(metadata),
        "document": chunk.document,
        "ordinal": chunk.ordinal,
        "section": chunk.section,
        "start": chunk.start,
        "end": chunk.end,
        "raw_start": chunk.raw_start,
        "raw_end": chunk.raw_end,
        "page": chunk.page if chunk.page is not None else -1,
        "context": chunk.context,
        "text_hash": text_hash,
    }


class Generation:
    """Read access to one complete generation."""

    def __init__(self, client: ClientAPI, prefix: str, generation: str) -> None:
        self.generation = generation
        try:
            self.chunks: Collection = client.get_collection(f"{prefix}_chunks_{generation}", embedding_function=None)
            self.documents: Collection = client.get_collection(
                f"{prefix}_documents_{generation}", embedding_function=None
            )
        except Exception as exc:  # Chroma raises NotFoundError/ValueError depending on backend
            raise IndexMissingError(f"index generation {generation} is incomplete or gone: {exc}") from exc

    @property
    def info(self) -> GenerationInfo:
        meta = self.chunks.metadata or {}
        return GenerationInfo(
            generation=self.generation,
            embedder=str(meta.get("embedder", "")),
            dimension=int(meta.get("dimension", 0)),
            built_at=float(meta.get("built_at", 0.0)),
            failed=json.loads(str(meta.get("failed", "{}"))),
        )

    def check_embedder(self, name: str, dimension: int) -> None:
        info = self.info
        if (info.embedder, info.dimension) != (name, dimension):
            raise EmbedderMismatchError(
                f"the index was built with embedder {info.embedder!r} ({info.dimension}-d) but the assistant "
                f"is configured with {name!r} ({dimension}-d); rebuild with `python -m index_build --rebuild` "
                "or set TRYGG_EMBEDDER to the index's embedder"
            )

    def iter_chunks(self, include_embeddings: bool = False) -> Iterator[tuple[str, str, dict[str, Any], Any]]:
        """All chunk records (id, text, metadata, embedding-or-None), paged to bound memory."""
        include: list[str] = ["documents", "metadatas"] + (["embeddings"] if include_embeddings else [])
        offset = 0
        while True:
            page = self.chunks.get(include=include, limit=_GET_PAGE, offset=offset)  # type: ignore[arg-type]
            ids = page["ids"]
            if not ids:
                return
            embeddings = page["embeddings"] if include_embeddings else [None] * len(ids)
            yield from zip(ids, page["documents"] or [], page["metadatas"] or [], embeddings, strict=True)
            offset += len(ids)

    def document_records(self) -> dict[str, dict[str, Any]]:
        page = self.documents.get(include=["metadatas"])
        return {doc_id: dict(meta or {}) for doc_id, meta in zip(page["ids"], page["metadatas"] or [], strict=True)}

    def stored_document(self, name: str) -> StoredDocument | None:
        """A document by its file name or by the name of an exact duplicate of it."""
        page = self.documents.get(ids=[name], include=["documents", "metadatas"])
        if not page["ids"]:
            matches = [doc for doc, meta in self.document_records().items() if name in str(meta.get("aliases", ""))]
            if not matches:
                return None
            page = self.documents.get(ids=matches[:1], include=["documents", "metadatas"])
        meta = dict((page["metadatas"] or [{}])[0] or {})
        return StoredDocument(
            name=page["ids"][0],
            text=(page["documents"] or [""])[0] or "",
            metadata=metadata_from_chroma(meta),
            content_hash=str(meta.get("content_hash", "")),
            aliases=tuple(a for a in str(meta.get("aliases", "")).split("\n") if a),
            warnings=tuple(w for w in str(meta.get("warnings", "")).split("\n") if w),
            chunk_count=int(meta.get("chunk_count", 0)),
        )

    def all_documents(self) -> list[StoredDocument]:
        return [doc for name in sorted(self.document_records()) if (doc := self.stored_document(name))]


class GenerationWriter:
    """Writes one new generation; nothing is visible to readers until ``IndexStore.commit``."""

    def __init__(self, client: ClientAPI, prefix: str, generation: str, embedder: str, dimension: int) -> None:
        self.generation = generation
        self.embedder = embedder
        self.dimension = dimension
        self.chunks = client.create_collection(f"{prefix}_chunks_{generation}", embedding_function=None)
        self.documents = client.create_collection(f"{prefix}_documents_{generation}", embedding_function=None)

    def add_chunks(
        self, ids: list[str], texts: list[str], metadatas: list[dict[str, Any]], embeddings: list[Any]
    ) -> None:
        for start in range(0, len(ids), _GET_PAGE):
            end = start + _GET_PAGE
            self.chunks.upsert(
                ids=ids[start:end],
                documents=texts[start:end],
                metadatas=metadatas[start:end],  # type: ignore[arg-type]
                embeddings=embeddings[start:end],
            )

    def add_document(self, name: str, text: str, metadata: dict[str, Any]) -> None:
        self.documents.upsert(ids=[name], documents=[text], metadatas=[metadata], embeddings=[_PLACEHOLDER_VECTOR])

    def finish(self, failed: dict[str, str]) -> None:
        self.chunks.modify(
            metadata={
                "embedder": self.embedder,
                "dimension": self.dimension,
                "built_at": time.time(),
                "failed": json.dumps(failed, ensure_ascii=False),
            }
        )


class IndexStore:
    """Opens the live generation for readers and creates/commits new ones for the builder."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.prefix = settings.collection_prefix
        self._server: ClientAPI | None = None
        if settings.server_mode:
            self._server = chromadb.HttpClient(
                host=str(settings.chroma_host), port=settings.chroma_port, settings=_chroma_settings()
            )

    # --- where generations live -------------------------------------------------------------
    def _client(self, generation: str, create: bool = False) -> ClientAPI:
        if self._server is not None:
            return self._server
        path = Path(self.settings.index_dir) / f"gen-{generation}"
        if create:
            path.mkdir(parents=True, exist_ok=True)
        elif not (path / "chroma.sqlite3").is_file():
            # A reader must never create a folder (and an empty database) for a generation that
            # was dropped after it read the pointer: that folder would look like an index.
            raise IndexMissingError(f"index generation {generation} is gone from {path.parent}")
        return chromadb.PersistentClient(path=str(path), settings=_chroma_settings())

    def current_generation(self) -> str | None:
        if self._server is not None:
            pointer = self._server.get_or_create_collection(f"{self.prefix}_pointer", embedding_function=None)
            page = pointer.get(ids=["current"], include=["metadatas"])
            return str(page["metadatas"][0]["generation"]) if page["ids"] and page["metadatas"] else None
        pointer_path = Path(self.settings.index_dir) / POINTER_FILE
        return pointer_path.read_text(encoding="utf-8").strip() or None if pointer_path.is_file() else None

    def _write_pointer(self, generation: str) -> None:
        if self._server is not None:
            pointer = self._server.get_or_create_collection(f"{self.prefix}_pointer", embedding_function=None)
            pointer.upsert(ids=["current"], metadatas=[{"generation": generation}], embeddings=[_PLACEHOLDER_VECTOR])
            return
        index_dir = Path(self.settings.index_dir)
        tmp = index_dir / f".{POINTER_FILE}.{os.getpid()}.tmp"
        tmp.write_text(generation, encoding="utf-8")
        with open(tmp, "rb") as handle:
            os.fsync(handle.fileno())
        os.replace(tmp, index_dir / POINTER_FILE)

    def _generations(self) -> list[str]:
        if self._server is not None:
            marker = f"{self.prefix}_chunks_"
            names = [c.name if hasattr(c, "name") else str(c) for c in self._server.list_collections()]
            return sorted(n[len(marker) :] for n in names if n.startswith(marker))
        index_dir = Path(self.settings.index_dir)
        return sorted(p.name[4:] for p in index_dir.glob("gen-*") if p.is_dir()) if index_dir.is_dir() else []

    def _drop(self, generation: str) -> None:
        if self._server is not None:
            for kind in ("chunks", "documents"):
                try:
                    self._server.delete_collection(f"{self.prefix}_{kind}_{generation}")
                except Exception:  # already gone: nothing to clean
                    log.debug("collection %s_%s_%s already gone", self.prefix, kind, generation)
            return
        path = Path(self.settings.index_dir) / f"gen-{generation}"
        _release_local_system(path)
        shutil.rmtree(path, ignore_errors=True)

    # --- readers ------------------------------------------------------------------------------
    def open_current(self) -> Generation:
        generation = self.current_generation()
        if generation is None:
            where = self.settings.chroma_host or self.settings.index_dir
            raise IndexMissingError(f"no index in {where}; build it with `python -m index_build`")
        opened = Generation(self._client(generation), self.prefix, generation)
        if self._server is None:
            _release_gone_systems(Path(self.settings.index_dir))
        return opened

    # --- the builder --------------------------------------------------------------------------
    @contextmanager
    def build_lock(self) -> Iterator[None]:
        """One build at a time per embedded index: a second builder waits for the first.

        Without it, one builder's commit dropped the generation another was still writing (that
        build then crashed with "attempt to write a readonly database", or could have pointed
        ``CURRENT`` at a deleted folder). The kernel releases the lock when a builder dies, even
        on SIGKILL. A shared server cannot be locked from here; there ``commit`` only drops
        generations begun before its own and checks its own generation is intact before the flip.
        """
        if self._server is not None:
            yield
            return
        index_dir = Path(self.settings.index_dir)
        index_dir.mkdir(parents=True, exist_ok=True)
        with open(index_dir / BUILD_LOCK_FILE, "a+b") as handle:
            try:
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                log.warning("another build of %s is running; waiting for it to finish", index_dir)
                fcntl.flock(handle.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(handle.fileno(), fcntl.LOCK_UN)

    def begin(self, embedder: str, dimension: int) -> GenerationWriter:
        # Sortable by time to the microsecond (two builds in one second must still order), and
        # unique across concurrent builders on several machines.
        generation = datetime.now(UTC).strftime("%Y%m%d%H%M%S%f") + "-" + uuid.uuid4().hex[:6]
        return GenerationWriter(self._client(generation, create=True), self.prefix, generation, embedder, dimension)

    def commit(self, writer: GenerationWriter, failed: dict[str, str]) -> None:
        """Make ``writer``'s generation live, then drop the generations begun before it except the
        one it replaces (in-flight readers may still hold that one).

        Generations begun *after* this one belong to a build still running (or killed); the next
        commit after them cleans those up. A generation that vanished while being written is
        never made live.
        """
        writer.finish(failed)
        Generation(self._client(writer.generation), self.prefix, writer.generation)  # still complete?
        previous = self.current_generation()
        self._write_pointer(writer.generation)
        keep = {writer.generation, previous}
        for generation in self._generations():
            if generation not in keep and generation < writer.generation:
                self._drop(generation)

    def abandon(self, writer: GenerationWriter) -> None:
        """A build that failed cleans up after itself (a killed one is cleaned by the next commit)."""
        self._drop(writer.generation)
