"""Structure-aware chunking: the document's own sections first, then paragraphs, then sentences.

A chunk is a citation a person reads, so it is cut where the author cut (section headings,
paragraphs), a list stays with its lead-in, and nothing exceeds ``max_chars``. Letterhead blocks
(addresses, phone numbers, e-mail) become chunks of their own so they never dilute a section.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass

from index_build.domain import PARTY_IN_BRACKETS
from index_build.models import Block, BlockKind, Chunk, DocumentMetadata, NormalisedText, SourceDocument
from index_build.normalise import model_view

HEADER_SECTION = "Dokumenthuvud"
CONTACT_SECTION = "Kontaktuppgifter"

_CONTACT = re.compile(
    r"@[\w.-]+\.\w+|\b(?:Telefon|Växel|Fax|Box|Org\s?nr)\b|\b\d{3}\s?\d{2}\s+[A-ZÅÄÖ][a-zåäö]+$|^<?https?://",
    re.MULTILINE,
)
_ABBREVIATIONS = (
    "s.k.",
    "t.ex.",
    "bl.a.",
    "m.fl.",
    "d.v.s.",
    "dvs.",
    "jfr.",
    "ca.",
    "resp.",
    "inkl.",
    "exkl.",
    "nr.",
    "st.",
)
# A sentence ends at . ! ? (optionally closed by a quote or bracket) followed by space and a capital,
# digit, quote or dash (maybe emphasised: "*Riktlinjerna"); checked against abbreviations so
# "bl.a. Kriminalvården" does not split.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\")\]*_]?\s+(?=[*_]?[A-ZÅÄÖ0-9”\"(–-])")


# Political statements in protokoll: every passage of one names who said it, not only the first.
_STATEMENT = re.compile(r"^(Särskilt uttalande|Reservation|Ersättaryttrande|Protokollsanteckning)", re.IGNORECASE)


def _section_label(section: str, normalised: NormalisedText, blocks: list[Block]) -> str:
    body = [block for block in blocks if block.kind is not BlockKind.HEADING]
    if not _STATEMENT.match(section) or not body:
        return section
    first = normalised.text[body[0].start : body[0].end]
    parties = list(dict.fromkeys(PARTY_IN_BRACKETS.findall(first[:400])))
    return f"{section} ({', '.join(parties)})" if parties else section


@dataclass(frozen=True)
class _Piece:
    section: str
    start: int
    end: int


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (absolute offsets) of ``text``; Swedish abbreviations do not end sentences."""
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[max(0, match.start() - 8) : match.start()].lower()
        if any(before.endswith(abbreviation) for abbreviation in _ABBREVIATIONS):
            continue
        closing_quote = len(match.group(0)) - len(match.group(0).lstrip('”")]*_'))
        end = match.start() + closing_quote
        spans.append((offset + start, offset + end))
        start = match.end()
    if text[start:].strip():
        spans.append((offset + start, offset + len(text.rstrip())))
    return [(s, e) for s, e in spans if e > s]


def _is_contact(text: str) -> bool:
    lines = [line for line in text.splitlines() if line.strip()]
    hits = len(_CONTACT.findall(text))
    return hits >= 2 or (hits >= 1 and len(lines) <= 2 and len(text) < 80)


def _sections(normalised: NormalisedText) -> Iterator[tuple[str, list[Block]]]:
    """Runs of body blocks under their heading; contact blocks come out as their own run.

    Headings with no body of their own ("Slut", "Bilaga", a subject line) lead the next passage
    instead of standing alone: a six-character citation answers nothing and takes a reading slot.
    """
    section = HEADER_SECTION
    run: list[Block] = []
    pending: list[Block] = []  # headings since the last body block, the newest naming the section
    for block in normalised.blocks:
        text = normalised.text[block.start : block.end]
        if block.kind is BlockKind.HEADING:
            if run:
                yield section, run
                run, pending = [], []
            section = text.strip()
            pending.append(block)
        elif _is_contact(text):
            if run:
                yield section, run
                run = []
            yield CONTACT_SECTION, [block]
        else:
            # The newest heading is the section's name, so only earlier bare ones join the text.
            run.extend(pending[:-1])
            run.append(block)
            pending = []
    if run:
        yield section, run
    elif pending:
        yield section, pending  # never drop text: trailing bare headings are one passage


def _split_long(text: str, start: int, end: int, max_chars: int) -> list[tuple[int, int]]:
    """Split one over-long block into balanced sentence groups, each ≤ max_chars."""
    sentences = split_sentences(text[start:end], start)
    pieces: list[tuple[int, int]] = []
    total = end - start
    parts = -(-total // max_chars)  # ceil: as few pieces as fit, equally sized
    target = total / parts
    piece_start = sentences[0][0] if sentences else start
    piece_end = piece_start
    for sentence_start, sentence_end in sentences:
        too_long = sentence_end - piece_start > max_chars
        if piece_end > piece_start and (too_long or piece_end - piece_start >= target):
            pieces.append((piece_start, piece_end))
            piece_start = sentence_start
        piece_end = sentence_end
    if piece_end > piece_start:
        pieces.append((piece_start, piece_end))
    # A single sentence longer than max_chars is cut at the last space before the limit.
    final: list[tuple[int, int]] = []
    for piece_start, piece_end in pieces:
        while piece_end - piece_start > max_chars:
            cut = text.rfind(" ", piece_start, piece_start + max_chars)
            cut = cut if cut > piece_start else piece_start + max_chars
            final.append((piece_start, cut))
            piece_start = cut + 1
        final.append((piece_start, piece_end))
    return final


def _pack(
    normalised: NormalisedText, section: str, blocks: list[Block], max_chars: int, min_chars: int
) -> list[_Piece]:
    """Greedy paragraph packing: keep a list with its lead-in, start a new chunk when the next
    paragraph would overflow; small tails merge backwards so no chunk is a fragment."""
    text = normalised.text
    spans: list[tuple[int, int]] = []
    lead: int | None = None  # start of bare headings that open the next span
    for block in blocks:
        if block.kind is BlockKind.HEADING:
            lead = block.start if lead is None else lead
            continue
        start, lead = (block.start if lead is None else lead), None
        if block.end - start > max_chars:
            spans.extend(_split_long(text, start, block.end, max_chars))
            continue
        if spans:
            last_start, last_end = spans[-1]
            fits = block.end - last_start <= max_chars
            lead_in = text[last_start:last_end].rstrip().endswith(":") or block.kind is BlockKind.LIST_ITEM
            small = last_end - last_start < min_chars
            if fits and (lead_in or small or block.end - last_start <= max_chars * 0.75):
                spans[-1] = (last_start, block.end)
                continue
        spans.append((start, block.end))
    if lead is not None:
        spans.append((lead, blocks[-1].end))
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < min_chars and spans[-1][1] - spans[-2][0] <= max_chars:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return [_Piece(section, start, end) for start, end in spans]


def _context(metadata: DocumentMetadata, section: str) -> str:
    kind = metadata.kind.value if metadata.kind.value != "okänd" else metadata.document_type
    year = str(metadata.year) if metadata.year else ""
    head = f"{metadata.namnd} ({kind} {year})".replace(" )", ")") if metadata.namnd else kind
    return " · ".join(part for part in (head, metadata.title, section) if part)


def embedding_text(context: str, text: str) -> str:
    """What the embedder reads for a chunk: its context line, then its text as models read it."""
    return f"{context}\n{model_view(text)}"


def chunk_document(
    source: SourceDocument,
    normalised: NormalisedText,
    metadata: DocumentMetadata,
    max_chars: int = 800,
    min_chars: int = 120,
) -> list[Chunk]:
    """Cut one document into citation-sized chunks carrying section, page and offsets."""
    pieces: list[_Piece] = []
    for section, blocks in _sections(normalised):
        trailing = all(block.kind is BlockKind.HEADING for block in blocks)
        if trailing and pieces and blocks[-1].end - pieces[-1].start <= max_chars:
            # Headings ending the document ("Bilaga", "Remissen") close the last passage.
            pieces[-1] = _Piece(pieces[-1].section, pieces[-1].start, blocks[-1].end)
            continue
        pieces.extend(_pack(normalised, _section_label(section, normalised, blocks), blocks, max_chars, min_chars))
    chunks: list[Chunk] = []
    for ordinal, piece in enumerate(pieces):
        text = normalised.text[piece.start : piece.end]
        raw_start, raw_end = normalised.raw_span(piece.start, piece.end)
        context = _context(metadata, piece.section)
        digest = hashlib.sha256(f"{source.name}\x00{piece.start}\x00{text}".encode()).hexdigest()[:24]
        chunks.append(
            Chunk(
                chunk_id=digest,
                document=source.name,
                ordinal=ordinal,
                section=piece.section,
                text=text,
                start=piece.start,
                end=piece.end,
                raw_start=raw_start,
                raw_end=raw_end,
                page=source.page_at(raw_start),
                context=context,
                embedding_text=embedding_text(context, text),
            )
        )
    return chunks
