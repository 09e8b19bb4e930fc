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

from index_build.domain import PARTIES
from index_build.models import Block, BlockKind, Chunk, DocumentMetadata, NormalisedText, SourceDocument

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
# digit, quote or dash; checked against abbreviations so "bl.a. Kriminalvården" does not split.
_SENTENCE_END = re.compile(r"(?<=[.!?])[”\")\]]?\s+(?=[A-ZÅÄÖ0-9”\"(–-])")


# Political statements in protokoll: every passage of one names who said it, not only the first.
_STATEMENT = re.compile(r"^(Särskilt uttalande|Reservation|Ersättaryttrande|Protokollsanteckning)", re.IGNORECASE)
_PARTY = re.compile(rf"\(({'|'.join(PARTIES)})\)")


def _section_label(section: str, normalised: NormalisedText, blocks: list[Block]) -> str:
    if not _STATEMENT.match(section) or not blocks:
        return section
    first = normalised.text[blocks[0].start : blocks[0].end]
    parties = list(dict.fromkeys(_PARTY.findall(first[:400])))
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
        closing_quote = len(match.group(0)) - len(match.group(0).lstrip('”")]'))
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
    """Runs of body blocks under their heading; contact blocks come out as their own run."""
    section = HEADER_SECTION
    run: list[Block] = []
    bare_heading: Block | None = None  # a heading with no body yet (e.g. a subject line)
    for block in normalised.blocks:
        text = normalised.text[block.start : block.end]
        if block.kind is BlockKind.HEADING:
            if run:
                yield section, run
            elif bare_heading is not None:
                yield section, [bare_heading]  # never drop text: a bare heading is its own passage
            section, run, bare_heading = text.strip(), [], block
        elif _is_contact(text):
            if run:
                yield section, run
                run = []
            yield CONTACT_SECTION, [block]
        else:
            run.append(block)
            bare_heading = None
    if run:
        yield section, run
    elif bare_heading is not None:
        yield section, [bare_heading]


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
    for block in blocks:
        if block.end - block.start > max_chars:
            spans.extend(_split_long(text, block.start, block.end, max_chars))
            continue
        if spans:
            last_start, last_end = spans[-1]
            fits = block.end - last_start <= max_chars
            lead_in = text[last_start:last_end].rstrip().endswith(":") or block.kind is BlockKind.LIST_ITEM
            small = last_end - last_start < min_chars
            if fits and (lead_in or small or block.end - last_start <= max_chars * 0.75):
                spans[-1] = (last_start, block.end)
                continue
        spans.append((block.start, block.end))
    if len(spans) > 1 and spans[-1][1] - spans[-1][0] < min_chars and spans[-1][1] - spans[-2][0] <= max_chars:
        spans[-2:] = [(spans[-2][0], spans[-1][1])]
    return [_Piece(section, start, end) for start, end in spans]


def _context(metadata: DocumentMetadata, section: str) -> str:
    kind = metadata.kind.value if metadata.kind.value != "okänd" else metadata.document_type
    year = str(metadata.year) if metadata.year else ""
    head = f"{metadata.namnd} ({kind} {year})".replace(" )", ")") if metadata.namnd else kind
    return " · ".join(part for part in (head, metadata.title, section) if part)


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
        pieces.extend(_pack(normalised, _section_label(section, normalised, blocks), blocks, max_chars, min_chars))
    chunks: list[Chunk] = []
    for ordinal, piece in enumerate(pieces):
        text = normalised.text[piece.start : piece.end]
        raw_start, raw_end = normalised.raw_span(piece.start, piece.end)
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
                context=_context(metadata, piece.section),
            )
        )
    return chunks
