"""Precedent view: for one topic, what every indexed document says about it, or that it says nothing.

A new staff member preparing a remissvar wants to see at a glance how each nämnd has written about,
say, "otillåten påverkan" before. One row per document, with its most relevant passage.

"Ej berört / not addressed" uses the assistant's own decline rule (``answer.evidence`` against
``settings.decline_threshold``): that score already combines the lexical overlap of the best sentence
with the topic (IDF-weighted) and the e5 dense similarity of the best passages, and is calibrated so
that the chat declines below it. Reusing it means a document is "not addressed" in the table exactly
when the chat, asked about the topic for that document alone, would decline — the two views cannot
disagree, and there is no second threshold to tune.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace

from assistant.answer import evidence, rank_sentences
from assistant.lexical import LexicalIndex
from assistant.query import QueryIntent, understand
from assistant.retrieve import Filters, Passage
from assistant.service import Assistant
from index_build.models import DocumentMetadata

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class PrecedentRow:
    """One document's stance on the topic; ``addressed`` False means no passage carries it."""

    document: str
    namnd: str
    title: str
    document_type: str
    date: str
    diarienummer: str
    addressed: bool
    strength: float  # the evidence score the decision was made on (0..1)
    section: str = ""
    passage: str = ""
    quote: str = ""  # the best sentence, verbatim inside ``passage``
    passage_start: int = 0  # offset of the passage in the document's normalised text
    quote_start: int = 0  # offset of the quote inside the passage


def precedents(assistant: Assistant, topic: str) -> list[PrecedentRow]:
    """Every indexed document, ordered by nämnd and date, with its best passage on ``topic``.

    Retrieval runs once per nämnd (a hard nämnd filter), so a nämnd that mentions the topic only in
    passing still gets its own best passages instead of being crowded out by one that discusses it
    at length.
    """
    topic = topic.strip()
    if not topic:
        return []
    loaded = assistant.index.loaded
    intent = understand(topic, [], set(loaded.namnder))
    documents: dict[str, DocumentMetadata] = {p.document: p.metadata for p in loaded.passages}
    found: dict[str, list[Passage]] = {}
    for namnd in sorted({meta.namnd for meta in documents.values()}):
        passages = assistant.index.search(intent, Filters(namnder=(namnd,)), top_k=assistant.settings.candidate_pool)
        for passage in passages:
            found.setdefault(passage.document, []).append(passage)
    threshold = assistant.settings.decline_threshold
    rows = [
        _row(intent, name, meta, found.get(name, []), loaded.lexical, threshold) for name, meta in documents.items()
    ]
    return sorted(rows, key=lambda row: (row.namnd, row.date, row.document))


def _row(
    intent: QueryIntent,
    name: str,
    meta: DocumentMetadata,
    passages: list[Passage],
    lexical: LexicalIndex,
    threshold: float,
) -> PrecedentRow:
    """Score one document's passages as the chat would; keep its best sentence if it clears the bar."""
    head = PrecedentRow(
        document=name,
        namnd=meta.namnd,
        title=meta.title,
        document_type=meta.document_type or meta.kind.value,
        date=meta.date or (str(meta.year) if meta.year else ""),
        diarienummer=", ".join(meta.diarienummer),
        addressed=False,
        strength=0.0,
    )
    ranked = rank_sentences(intent, passages, lexical)
    strength = evidence(intent, passages, ranked).strength
    log.debug("precedent %s: evidence %.3f for %r", name, strength, intent.standalone)
    if not ranked or strength < threshold:
        return replace(head, strength=strength)
    best = ranked[0]
    sentence = best.passage.text[best.start : best.end]
    return replace(
        head,
        addressed=True,
        strength=strength,
        section=best.passage.section,
        passage=best.passage.text,
        quote=sentence.strip(),
        passage_start=best.passage.start,
        quote_start=best.start + len(sentence) - len(sentence.lstrip()),
    )
