"""Precedent view: for one topic, what every indexed document says about it, or that it says nothing.

A new staff member preparing a remissvar wants to see at a glance how each nämnd has written about,
say, "otillåten påverkan" before: one row per document, with its most relevant passage.

"Ej berört / not addressed" is decided by the assistant itself. One search over the whole index
shortlists the documents with any passage among the topic's best candidates (the others do not
address it); the topic is then asked of each shortlisted document alone (a hard filter on its file
name), and a declined answer, or best passages holding none of the topic's words, means the document
does not address the topic. The decline rule is the chat's own fitted one, so the table and the chat
can never disagree and there is no second threshold to tune; the shortlist keeps the view fast on a
large corpus (a handful of asks, not one per document). The passage shown is the one the answer cites
first, with the quote the answer used.
"""

from __future__ import annotations

import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace

from assistant.query import understand
from assistant.retrieve import Filters
from assistant.service import Assistant
from index_build.models import DocumentMetadata

log = logging.getLogger(__name__)

PARALLEL_ASKS = 4
SHORTLIST_PASSAGES = 40  # documents with no passage among the topic's best 40 do not address it


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
    section: str = ""
    passage: str = ""
    quote: str = ""  # verbatim inside ``passage``
    passage_start: int = 0  # offset of the passage in the document's normalised text
    quote_start: int = 0  # offset of the quote inside the passage


def precedents(assistant: Assistant, topic: str) -> list[PrecedentRow]:
    """Every indexed document, ordered by nämnd and date, with its best passage on ``topic``."""
    topic = topic.strip()
    if not topic:
        return []
    documents = {document.name: document.metadata for document in assistant.documents()}
    candidates = assistant.index.search(understand(topic), top_k=SHORTLIST_PASSAGES)
    shortlisted = {passage.document for passage in candidates}
    # Independent asks, in parallel; the assistant is shared and thread-safe.
    with ThreadPoolExecutor(max_workers=PARALLEL_ASKS) as pool:
        rows = list(pool.map(lambda item: _row(assistant, topic, *item, ask=item[0] in shortlisted), documents.items()))
    return sorted(rows, key=lambda row: (row.namnd, row.date, row.document))


def _row(assistant: Assistant, topic: str, name: str, meta: DocumentMetadata, ask: bool) -> PrecedentRow:
    row = PrecedentRow(
        document=name,
        namnd=meta.namnd,
        title=meta.title,
        document_type=meta.document_type or meta.kind.value,
        date=meta.date or (str(meta.year) if meta.year else ""),
        diarienummer=", ".join(meta.diarienummer),
        addressed=False,
    )
    if not ask:
        return row
    answer, examination = assistant.ask_examined(topic, [], Filters(documents=(name,)))
    citation = next((c for c in answer.citations if c.document == name), None)
    log.debug("precedent %s on %r: declined=%s", name, topic, answer.declined)
    if answer.declined or citation is None or examination is None:
        return row
    # A bare topic is asked in the very words the user wants found: a document whose best passages
    # hold none of them does not address it, however close e5 finds its wording.
    if examination.evidence.coverage == 0.0:
        return row
    return replace(
        row,
        addressed=True,
        section=citation.section,
        passage=citation.passage,
        quote=citation.quote,
        passage_start=citation.passage_start,
        quote_start=citation.quote_start,
    )
