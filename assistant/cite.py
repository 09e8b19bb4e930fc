"""Citations: the composer refers to passages by id; this module resolves and *verifies* them.

A claim whose quote is not, character for character, inside its passage is dropped (a wrong
citation is worse than none), and an answer left without claims becomes a decline upstream.
"""

from __future__ import annotations

import logging
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.retrieve import Passage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Claim:
    """One sentence of the answer and the verbatim quote (from one passage) that supports it."""

    text: str
    chunk_id: str
    quote: str


@dataclass(frozen=True)
class Citation:
    id: int
    document: str
    title: str
    namnd: str
    date: str
    diarienummer: str
    section: str
    page: int | None
    passage: str
    quote: str
    chunk_id: str
    document_type: str
    passage_start: int  # offset of the passage in the document's normalised text
    quote_start: int  # offset of the quote inside the passage

    def reference(self) -> str:
        """Remissvar-style reference: Trafiknämnden, tjänsteutlåtande 2023-10-19, avsnitt "…"."""
        head = ", ".join(p for p in (self.namnd, f"{self.document_type} {self.date}".strip()) if p)
        dnr = f", {self.diarienummer}" if self.diarienummer else ""
        page = f", s. {self.page}" if self.page else ""
        return f'{head}{dnr}, avsnitt "{self.section}"{page}'

    def to_json(self) -> dict[str, Any]:
        keys = ("id", "document", "title", "namnd", "date", "diarienummer", "section", "page", "passage", "quote")
        return {key: asdict(self)[key] for key in keys}


@dataclass(frozen=True)
class Answer:
    question: str
    answer: str
    declined: bool
    citations: list[Citation]
    retrieved: list[Passage]
    standalone_question: str = ""
    filters: str = ""
    notes: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "declined": self.declined,
            "citations": [c.to_json() for c in self.citations],
            "retrieved": [
                {"document": p.document, "passage": p.text, "score": round(p.score, 4)} for p in self.retrieved
            ],
            "standalone_question": self.standalone_question,
            "filters": self.filters,
        }


def resolve(claims: list[Claim], passages: list[Passage]) -> tuple[list[Claim], list[Citation]]:
    """Number citations by first use; drop claims whose id is unknown or whose quote is not verbatim.

    Several claims from one passage share its citation, whose quote then spans all of them (still a
    verbatim substring of the passage, so the highlight covers every supporting sentence)."""
    by_id = {p.chunk_id: p for p in passages}
    kept: list[Claim] = []
    spans: dict[str, tuple[int, int]] = {}
    for claim in claims:
        passage = by_id.get(claim.chunk_id)
        position = passage.text.find(claim.quote) if passage and claim.quote else -1
        if passage is None or position < 0:
            log.warning("dropped a claim whose quote is not in its passage: %r", claim.quote[:80])
            continue
        start, end = spans.get(claim.chunk_id, (position, position + len(claim.quote)))
        spans[claim.chunk_id] = (min(start, position), max(end, position + len(claim.quote)))
        kept.append(claim)
    citations = []
    for number, (chunk_id, (start, end)) in enumerate(spans.items(), start=1):
        passage = by_id[chunk_id]
        meta = passage.metadata
        citations.append(
            Citation(
                id=number,
                document=passage.document,
                title=meta.title,
                namnd=meta.namnd,
                date=meta.date,
                diarienummer=", ".join(meta.diarienummer),
                section=passage.section,
                page=passage.page,
                passage=passage.text,
                quote=passage.text[start:end],
                chunk_id=passage.chunk_id,
                document_type=meta.document_type,
                passage_start=passage.start,
                quote_start=start,
            )
        )
    return kept, citations


def citation_number(citations: list[Citation], chunk_id: str) -> int:
    return next(c.id for c in citations if c.chunk_id == chunk_id)
