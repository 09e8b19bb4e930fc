"""The build: documents/ → load → normalise → metadata → chunk → embed → a new store generation.

Why not llama-index's ``IngestionPipeline``: its docstore dedup skips unchanged *nodes* inside one
vector store, but we need (a) whole-generation atomic swaps so a killed build never leaves a
half-written index live, and (b) embedding reuse across generations keyed by the exact text
embedded. Both are a few lines here on top of the library's ``BaseEmbedding``.
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from index_build.chunk import chunk_document
from index_build.embed import load_embedder
from index_build.load import discover, load_document
from index_build.metadata import SIDECAR_NAME, apply_overrides, extract_metadata, load_sidecar
from index_build.models import BuildReport, Chunk, DocumentError, DocumentKind, DocumentMetadata
from index_build.normalise import normalise
from index_build.settings import Settings
from index_build.store import (
    Generation,
    GenerationWriter,
    IndexMissingError,
    IndexStore,
    chunk_to_chroma,
    metadata_to_chroma,
)

log = logging.getLogger(__name__)

EMBED_BATCH = 16
# Called after each document: (documents done, documents total, file name, chunks embedded so far).
ProgressCallback = Callable[[int, int, str, int], None]


# The stages that turn a file into chunks. Their source is part of every document's recipe.
_TEXT_STAGES = ("load", "normalise", "metadata", "domain", "chunk", "models")


@functools.cache
def processing_recipe(chunk_max_chars: int, chunk_min_chars: int) -> str:
    """Fingerprint of how a document becomes chunks: the text stages' code and the chunk sizes.

    A document is carried over from the last generation only when its bytes *and* this recipe are
    unchanged, so an upgraded chunker or normaliser re-chunks every document on the next build
    instead of silently serving old passages (vectors are still reused wherever a text is unchanged).
    """
    digest = hashlib.sha256(f"{chunk_max_chars}/{chunk_min_chars}".encode())
    for stage in _TEXT_STAGES:
        source = importlib.import_module(f"index_build.{stage}").__file__
        digest.update(Path(str(source)).read_bytes())
    return digest.hexdigest()[:16]


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass
class _Previous:
    """What the live generation already holds, so unchanged work is copied, never redone."""

    generation: Generation | None
    documents: dict[str, dict[str, Any]]
    # Vectors embedded during this build, by text hash: a text met twice is embedded once.
    embedded_now: dict[str, list[float]] = field(default_factory=dict)

    @classmethod
    def load(cls, store: IndexStore, embedder: str, dimension: int, rebuild: bool) -> _Previous:
        if rebuild:
            return cls(None, {})
        try:
            generation = store.open_current()
        except IndexMissingError:
            return cls(None, {})
        info = generation.info
        if (info.embedder, info.dimension) != (embedder, dimension):
            log.warning("embedder changed (%s → %s): every chunk is embedded again", info.embedder, embedder)
            return cls(None, {})
        return cls(generation, generation.document_records())

    def stored_vectors(self, hashes: list[str]) -> dict[str, list[float]]:
        """Vectors the live generation already has for these text hashes (same embedder). Asked per
        changed document, so a build never holds the whole previous index's vectors in memory."""
        if self.generation is None or not hashes:
            return {}
        page = self.generation.chunks.get(where={"text_hash": {"$in": hashes}}, include=["metadatas", "embeddings"])
        vectors = page["embeddings"] if page["embeddings"] is not None else []
        pairs = zip(page["metadatas"] or [], vectors, strict=True)
        return {str(meta["text_hash"]): list(vector) for meta, vector in pairs}

    def unchanged(self, name: str, content_hash: str, overrides: dict[str, Any], recipe: str) -> bool:
        record = self.documents.get(name)
        return bool(
            record
            and self.generation is not None
            and record.get("content_hash") == content_hash
            and record.get("overrides") == repr(sorted(overrides.items()))
            and record.get("recipe") == recipe
        )

    def copy_document(self, name: str, writer: GenerationWriter) -> int:
        """Carry a document and its chunks (vectors included) into the new generation."""
        assert self.generation is not None
        chunks = self.generation.chunks.get(where={"document": name}, include=["documents", "metadatas", "embeddings"])
        writer.add_chunks(
            list(chunks["ids"]),
            list(chunks["documents"] or []),
            list(chunks["metadatas"] or []),  # type: ignore[arg-type]
            list(chunks["embeddings"]),  # type: ignore[arg-type]
        )
        stored = self.generation.documents.get(ids=[name], include=["documents", "metadatas"])
        writer.add_document(name, (stored["documents"] or [""])[0] or "", dict((stored["metadatas"] or [{}])[0] or {}))
        return len(chunks["ids"])


def _embed(
    chunks: list[Chunk], previous: _Previous, embed_batch: Callable[[list[str]], list[list[float]]]
) -> tuple[list[list[float]], int]:
    """Vectors for ``chunks``; texts embedded before (same embedder) are reused, not recomputed."""
    hashes = [text_hash(chunk.embedding_text) for chunk in chunks]
    unseen = sorted({h for h in hashes if h not in previous.embedded_now})
    known = {**previous.stored_vectors(unseen), **previous.embedded_now}
    missing = sorted({h: i for i, h in enumerate(hashes) if h not in known}.values())
    for start in range(0, len(missing), EMBED_BATCH):
        batch = missing[start : start + EMBED_BATCH]
        for index, vector in zip(batch, embed_batch([chunks[i].embedding_text for i in batch]), strict=True):
            previous.embedded_now[hashes[index]] = known[hashes[index]] = vector
    return [known[h] for h in hashes], len(missing)


def build_index(
    settings: Settings,
    rebuild: bool = False,
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Build or update the index; one bad document is reported by name, never sinks the build."""
    started = time.perf_counter()
    report = BuildReport()
    documents_dir = Path(settings.documents_dir)
    if not documents_dir.is_dir():
        raise FileNotFoundError(f"documents folder not found: {documents_dir}")
    sidecar = _checked_sidecar(documents_dir)
    paths, unsupported = discover(documents_dir)
    for path in unsupported:
        report.failed[str(path.relative_to(documents_dir))] = f"unsupported file type {path.suffix or '(none)'}"
    names = {str(p.relative_to(documents_dir)) for p in paths}
    for name in sorted(set(sidecar) - names):
        log.warning("%s names %s, which is not in the documents folder", SIDECAR_NAME, name)

    embedder = load_embedder(settings)
    store = IndexStore(settings)
    with store.build_lock():
        _build(settings, documents_dir, paths, sidecar, store, embedder, rebuild, progress, report)
    report.seconds = time.perf_counter() - started
    return report


def _checked_sidecar(documents_dir: Path) -> dict[str, dict[str, Any]]:
    """The metadata.toml overrides, each tried once so a bad value is reported with its place,
    before any work starts (a typo there must not drop a document from the index)."""
    path = documents_dir / SIDECAR_NAME
    try:
        sidecar = load_sidecar(documents_dir)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML: {exc}") from exc
    blank = DocumentMetadata("", "", DocumentKind.OKAND, "", "", None, (), "", "", "")
    for name, table in sidecar.items():
        if not isinstance(table, dict):
            raise ValueError(f'{path}: {name!r} must be a table (["file name"] followed by fields)')
        try:
            apply_overrides(blank, table)
        except (ValueError, TypeError) as exc:
            raise ValueError(f"{path}: [{name}]: {exc}") from exc
    return sidecar


def _build(
    settings: Settings,
    documents_dir: Path,
    paths: list[Path],
    sidecar: dict[str, dict[str, Any]],
    store: IndexStore,
    embedder: Any,
    rebuild: bool,
    progress: ProgressCallback | None,
    report: BuildReport,
) -> None:
    previous = _Previous.load(store, embedder.model_name, embedder.dimension, rebuild)
    writer = store.begin(embedder.model_name, embedder.dimension)
    seen_hashes: dict[str, str] = {}  # content hash → first file name with it
    aliases: dict[str, list[str]] = {}
    records: dict[str, tuple[str, dict[str, Any]]] = {}
    try:
        for done, path in enumerate(paths, start=1):
            name = str(path.relative_to(documents_dir))
            try:
                _index_one(
                    path, name, settings, sidecar.get(name, {}), previous, writer, report, seen_hashes, aliases, records
                )
            except DocumentError as exc:
                report.failed[name] = exc.reason
                log.warning("skipped %s: %s", name, exc.reason)
            if progress:
                progress(done, len(paths), name, report.embedded_chunks)
        for name, (text, meta) in records.items():
            names = "\n".join(aliases.get(name, []))
            if meta.get("aliases", "") != names:
                writer.add_document(name, text, {**meta, "aliases": names})
        report.removed = sorted(set(previous.documents) - {str(p.relative_to(documents_dir)) for p in paths})
        store.commit(writer, report.failed)
    except BaseException:
        store.abandon(writer)
        raise
    report.generation = writer.generation


def _index_one(
    path: Path,
    name: str,
    settings: Settings,
    overrides: dict[str, Any],
    previous: _Previous,
    writer: GenerationWriter,
    report: BuildReport,
    seen_hashes: dict[str, str],
    aliases: dict[str, list[str]],
    records: dict[str, tuple[str, dict[str, Any]]],
) -> None:
    try:
        size = path.stat().st_size
        if size > settings.max_document_bytes:
            limit = settings.max_document_bytes
            raise DocumentError(name, f"file too large ({size / 1e6:.1f} MB > {limit / 1e6:.1f} MB limit)")
        content_hash = file_hash(path)
    except OSError as exc:  # deleted or unreadable between discovery and reading
        raise DocumentError(name, f"cannot read file: {exc.strerror or exc}") from exc
    if content_hash in seen_hashes:
        # Two names, one text: index once (two identical passages would be two equal citations),
        # but remember both names so either can be looked up.
        original = seen_hashes[content_hash]
        report.duplicates[name] = original
        aliases.setdefault(original, []).append(name)
        return
    seen_hashes[content_hash] = name
    recipe = processing_recipe(settings.chunk_max_chars, settings.chunk_min_chars)
    if previous.unchanged(name, content_hash, overrides, recipe):
        report.chunks += previous.copy_document(name, writer)
        report.skipped.append(name)
        document = previous.generation.stored_document(name) if previous.generation else None
        if document:
            records[name] = (document.text, previous.documents[name])
            report.metadata[name] = document.metadata
        return
    try:
        source = load_document(path, name, settings.max_document_bytes)
        normalised = normalise(source.raw_text)
        if not normalised.text.strip():
            raise DocumentError(name, "no text left after cleaning")
        metadata: DocumentMetadata = apply_overrides(extract_metadata(normalised.text), overrides)
        chunks = chunk_document(source, normalised, metadata, settings.chunk_max_chars, settings.chunk_min_chars)
    except DocumentError:
        raise
    except Exception as exc:  # a reader/cleaner bug on one odd file must not sink the whole build
        log.exception("could not process %s", name)
        raise DocumentError(name, f"could not be processed ({type(exc).__name__}: {exc})") from exc
    embedder = load_embedder(settings)
    vectors, embedded = _embed(chunks, previous, embedder.get_text_embedding_batch)
    writer.add_chunks(
        [c.chunk_id for c in chunks],
        [c.text for c in chunks],
        [chunk_to_chroma(c, metadata, text_hash(c.embedding_text)) for c in chunks],
        vectors,
    )
    document_meta = {
        **metadata_to_chroma(metadata),
        "content_hash": content_hash,
        "encoding": source.encoding,
        "warnings": "\n".join(source.warnings),
        "chunk_count": len(chunks),
        "overrides": repr(sorted(overrides.items())),
        "recipe": recipe,
    }
    writer.add_document(name, normalised.text, document_meta)
    records[name] = (normalised.text, document_meta)
    report.indexed.append(name)
    report.metadata[name] = metadata
    report.chunks += len(chunks)
    report.embedded_chunks += embedded
