"""Typed hand-offs between the stages: SourceDocument → NormalisedText → Chunk (→ assistant's Passage).

Every stage takes and returns these, never loose dicts; the store is the only place that flattens
them into Chroma metadata (and back).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from enum import StrEnum


class DocumentError(Exception):
    """One document could not be read; reported by name, the rest of the build goes on."""

    def __init__(self, name: str, reason: str) -> None:
        super().__init__(f"{name}: {reason}")
        self.name = name
        self.reason = reason


class DocumentKind(StrEnum):
    """What a document *is* in the governance chain; decides how it is described and filtered."""

    STYRDOKUMENT = "styrdokument"  # the agreement or the programme itself
    REMISSVAR = "remissvar"  # a nämnd's tjänsteutlåtande answering a remiss
    PROTOKOLL = "protokoll"  # protokollsutdrag: the nämnd's decision, with särskilda uttalanden
    OKAND = "okänd"


@dataclass(frozen=True)
class PageSpan:
    """A PDF page's extent in the raw extracted text (character offsets, end exclusive)."""

    number: int
    start: int
    end: int


@dataclass(frozen=True)
class SourceDocument:
    """A file as read from ``documents/``: raw text plus what the loader learnt about it."""

    name: str  # file name, the document's identity in citations
    raw_text: str
    content_hash: str  # sha256 of the file's bytes: unchanged files are never re-embedded
    pages: tuple[PageSpan, ...] = ()
    encoding: str = "utf-8"
    warnings: tuple[str, ...] = ()

    def page_at(self, raw_offset: int) -> int | None:
        """The PDF page holding a raw offset; ``None`` for documents without pages."""
        if not self.pages:
            return None
        starts = [page.start for page in self.pages]
        index = max(0, bisect.bisect_right(starts, raw_offset) - 1)
        return self.pages[index].number


class BlockKind(StrEnum):
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    LIST_ITEM = "list_item"


@dataclass(frozen=True)
class Block:
    """A structural unit of the normalised text: ``text[start:end]``, no surrounding blank lines."""

    kind: BlockKind
    start: int
    end: int


@dataclass(frozen=True)
class NormalisedText:
    """Cleaned text, its blocks (headings, paragraphs, list items) and a compact map back to the raw
    text, so a citation can be located in the original file even after hyphen joins and repairs.

    ``anchors`` is a sorted tuple of ``(normalised_offset, raw_offset)``: from each anchor on, raw
    offsets advance with normalised ones until the next anchor (memory stays small on big files).
    """

    text: str
    blocks: tuple[Block, ...]
    anchors: tuple[tuple[int, int], ...]

    def raw_offset(self, offset: int) -> int:
        if not self.anchors:
            return offset
        index = max(0, bisect.bisect_right(self.anchors, (offset, float("inf"))) - 1)
        norm_anchor, raw_anchor = self.anchors[index]
        return raw_anchor + max(0, offset - norm_anchor)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        return (self.raw_offset(start), self.raw_offset(max(start, end - 1)) + 1)


@dataclass(frozen=True)
class DocumentMetadata:
    """Domain facts about one document, extracted from its text (overridable in metadata.toml)."""

    namnd: str  # issuing nämnd, e.g. "Trafiknämnden", "Älvsjö stadsdelsnämnd"
    forvaltning: str  # e.g. "Trafikkontoret"; "" when not stated
    kind: DocumentKind
    document_type: str  # tjänsteutlåtande, protokollsutdrag, styrdokument, …
    date: str  # ISO yyyy-mm-dd, or yyyy when only the year is known; "" if unknown
    year: int | None
    diarienummer: tuple[str, ...]
    governing_document: str  # "samverkansöverenskommelsen" | "trygghetsprogrammet" | ""
    handlaggare: str
    title: str

    def label(self) -> str:
        """One line a person recognises: 'Trafiknämnden, tjänsteutlåtande 2023-10-19'."""
        return ", ".join(part for part in (self.namnd, f"{self.document_type} {self.date}".strip()) if part)


@dataclass(frozen=True)
class Chunk:
    """A readable citation unit. ``text`` is what the user sees; ``context`` is prepended for
    embedding and lexical indexing only, so 'vad säger trafiknämnden om …' finds it."""

    chunk_id: str  # derived from document hash + offsets + text: idempotent upserts
    document: str
    ordinal: int
    section: str
    text: str
    start: int  # offsets in the normalised text
    end: int
    raw_start: int  # offsets in the raw file text
    raw_end: int
    page: int | None
    context: str
    embedding_text: str  # context line + the text as models read it (chunk.embedding_text)


@dataclass
class BuildReport:
    """What a build did, for the CLI summary and the tests."""

    indexed: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: dict[str, str] = field(default_factory=dict)
    duplicates: dict[str, str] = field(default_factory=dict)  # duplicate name → name indexed
    chunks: int = 0
    embedded_chunks: int = 0
    seconds: float = 0.0
    metadata: dict[str, DocumentMetadata] = field(default_factory=dict)
    generation: str = ""

    @property
    def ok(self) -> bool:
        return not self.failed
