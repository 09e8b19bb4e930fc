"""The embedded answerer: extractive, so every word it states is a verbatim quote it can cite.

It scores the sentences of the top passages against the question (IDF-weighted term overlap with
the Swedish analyser, the passage's retrieval rank, and cues such as numbers for "hur mycket" and
dates for "när"), keeps the best one to three, keeps a list with its lead-in, and declines when the
evidence is weak. No LLM: nothing can be invented, and answers are reproducible.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.cite import Claim
from assistant.lexical import LexicalIndex
from assistant.query import QueryIntent
from assistant.retrieve import Passage
from index_build.chunk import split_sentences
from index_build.domain import find_namnder

_NUMBER_QUESTION = re.compile(r"\b(hur (mycket|många|stor)|antal|belopp|how (much|many)|amount|number)\b", re.I)
_DATE_QUESTION = re.compile(r"\b(när|sedan när|från när|datum|vilket år|when|since|date|year)\b", re.I)
_PERSON_QUESTION = re.compile(r"\b(vem|vilka personer|handläggare|who)\b", re.I)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?\s*(?:%|procent|miljoner|mnkr|kr|tjänster|heltidstjänster)?")
_DATE = re.compile(r"\b(?:19|20)\d\d\b")
_PERSON = re.compile(r"\b[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)? [A-ZÅÄÖ][a-zåäöé]+\b")
_LIST_LINE = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s+", re.MULTILINE)

PASSAGES_READ = 4  # sentences come from the best few passages only: they are what was retrieved
MAX_CLAIMS = 3


@dataclass(frozen=True)
class Evidence:
    """How well the best passages support an answer; the decline rule reads this."""

    strength: float
    overlap: float
    dense: float


@dataclass(frozen=True)
class _Candidate:
    passage_rank: int
    passage: Passage
    start: int  # inside passage.text
    end: int
    score: float
    overlap: float


def _query_terms(intent: QueryIntent, lexical: LexicalIndex) -> list[str]:
    """Topic terms only: nämnd names steer retrieval (boosts), they do not make a sentence relevant."""
    text = intent.standalone
    for mention in sorted(find_namnder(text), key=lambda m: -m.start):
        text = text[: mention.start] + " " + text[mention.end :]
    return list(dict.fromkeys(lexical.analyzer.terms(text)))


def _sentences(passage: Passage) -> list[tuple[int, int]]:
    """Sentences of a passage; a lead-in ending in ':' swallows the list items that follow it."""
    spans: list[tuple[int, int]] = []
    list_open = False
    for block_start, block in _blocks(passage.text):
        if spans and list_open and _LIST_LINE.match(block):
            spans[-1] = (spans[-1][0], block_start + len(block.rstrip()))
            continue
        spans.extend(split_sentences(block, block_start))
        list_open = bool(spans) and passage.text[spans[-1][0] : spans[-1][1]].rstrip().endswith(":")
    return spans


def _blocks(text: str) -> list[tuple[int, str]]:
    blocks: list[tuple[int, str]] = []
    position = 0
    for part in re.split(r"(\n+)", text):
        if part.strip() and not part.startswith("\n"):
            blocks.append((position, part))
        position += len(part)
    return blocks


def _overlap(terms: list[str], sentence_terms: set[str], lexical: LexicalIndex) -> float:
    total = sum(lexical.idf(t) for t in terms)
    return sum(lexical.idf(t) for t in terms if t in sentence_terms) / total if total else 0.0


def rank_sentences(intent: QueryIntent, passages: list[Passage], lexical: LexicalIndex) -> list[_Candidate]:
    terms = _query_terms(intent, lexical)
    top_score = max((p.score for p in passages), default=1.0) or 1.0
    candidates: list[_Candidate] = []
    for rank, passage in enumerate(passages[:PASSAGES_READ]):
        context_terms = set(lexical.analyzer.terms(passage.context))
        for start, end in _sentences(passage):
            sentence = passage.text[start:end]
            if len(sentence) < 15:
                continue
            sentence_terms = set(lexical.analyzer.terms(sentence))
            overlap = _overlap(terms, sentence_terms, lexical)
            overlap_with_context = _overlap(terms, sentence_terms | context_terms, lexical)
            score = overlap + 0.25 * overlap_with_context + 0.35 * (passage.score / top_score) - 0.05 * rank
            if _NUMBER_QUESTION.search(intent.question) and _NUMBER.search(sentence) and re.search(r"\d", sentence):
                score += 0.15
            if _DATE_QUESTION.search(intent.question) and _DATE.search(sentence):
                score += 0.15
            if _PERSON_QUESTION.search(intent.question) and _PERSON.search(sentence):
                score += 0.1
            candidates.append(_Candidate(rank, passage, start, end, score, overlap_with_context))
    return sorted(candidates, key=lambda c: -c.score)


def evidence(intent: QueryIntent, passages: list[Passage], ranked: list[_Candidate]) -> Evidence:
    if not passages or not ranked:
        return Evidence(0.0, 0.0, 0.0)
    best = ranked[0]
    dense = max(p.dense for p in passages[:3])
    # e5 similarities live in a narrow band (~0.75 unrelated … ~0.9 on point); map it onto 0..1.
    dense_scaled = min(1.0, max(0.0, (dense - 0.78) / 0.12))
    if intent.language == "en":
        strength = 0.8 * dense_scaled + 0.2 * best.overlap
    else:
        strength = 0.45 * dense_scaled + 0.55 * best.overlap
    return Evidence(strength=strength, overlap=best.overlap, dense=dense)


def choose_claims(intent: QueryIntent, ranked: list[_Candidate]) -> list[Claim]:
    """The best sentence, plus up to two more that are nearly as good (one per document for
    questions spanning several nämnder), in reading order within a passage."""
    if not ranked:
        return []
    best = ranked[0]
    chosen = [best]
    multi = intent.wants_list or len(intent.namnder) != 1
    for candidate in ranked[1:]:
        if len(chosen) >= MAX_CLAIMS:
            break
        if candidate.score < 0.75 * best.score:
            break
        same_passage = any(c.passage.chunk_id == candidate.passage.chunk_id for c in chosen)
        overlaps = any(c.passage.chunk_id == candidate.passage.chunk_id and c.start < candidate.end and candidate.start < c.end for c in chosen)
        if overlaps:
            continue
        new_document = all(c.passage.document != candidate.passage.document for c in chosen)
        if same_passage or (multi and new_document) or candidate.score >= 0.9 * best.score:
            chosen.append(candidate)
    chosen.sort(key=lambda c: (c.passage_rank, c.start))
    claims = []
    for candidate in chosen:
        quote = candidate.passage.text[candidate.start : candidate.end].strip()
        claims.append(Claim(text=quote, chunk_id=candidate.passage.chunk_id, quote=quote))
    return claims
