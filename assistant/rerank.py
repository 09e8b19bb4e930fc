"""Passage re-ranking by the best answer sentence each passage holds.

Fusion ranks passages as wholes; a user reads the citation for the one sentence that answers. So
the passages the answerer read are re-ordered by their best sentence's score (lexical evidence,
answer-type cues, focus term, e5 question↔sentence similarity), and the first citation is the
passage the answer actually comes from. Passages beyond the read window keep their fused order.
"""

from __future__ import annotations

import math
from dataclasses import replace

from assistant.answer import Candidate
from assistant.query import QueryIntent
from assistant.retrieve import Passage


def rerank(passages: list[Passage], ranked: list[Candidate], intent: QueryIntent) -> list[Passage]:
    best: dict[str, float] = {}
    for candidate in ranked:
        best.setdefault(candidate.passage.chunk_id, candidate.score)
    read = [p for p in passages if p.chunk_id in best]
    unread = [p for p in passages if p.chunk_id not in best]
    read.sort(key=lambda p: -best[p.chunk_id])
    if not read:
        return unread
    # Scores follow the new order: read passages carry exp(best sentence score) (positive, same
    # order); unread ones are scaled below the lowest of those, keeping their fused order.
    floor = math.exp(min(best[p.chunk_id] for p in read))
    unread_top = max((p.score for p in unread), default=1.0) or 1.0
    reordered = [replace(p, score=math.exp(best[p.chunk_id])) for p in read] + [
        replace(p, score=floor * 0.99 * max(p.score, 0.0) / unread_top) for p in unread
    ]
    return _each_compared_side_first(reordered, intent)


def cited_first(passages: list[Passage], chunk_ids: list[str]) -> list[Passage]:
    """The passages the answer cites, in citation order, then the rest: the ranked list a user (or
    the JSON ``retrieved``) reads starts with what the answer rests on, e.g. each compared side's
    list rather than the side's best-scoring sentence elsewhere. Scores stay non-increasing."""
    order = {chunk_id: position for position, chunk_id in enumerate(dict.fromkeys(chunk_ids))}
    ordered = sorted(passages, key=lambda p: order.get(p.chunk_id, len(order)))
    return _non_increasing(ordered)


def _non_increasing(passages: list[Passage]) -> list[Passage]:
    result: list[Passage] = []
    for passage in passages:
        ceiling = result[-1].score if result else passage.score
        result.append(replace(passage, score=min(passage.score, ceiling)))
    return result


def _each_compared_side_first(passages: list[Passage], intent: QueryIntent) -> list[Passage]:
    """A comparison ("mellan 2019 och 2023") needs evidence from every side: the best passage of each
    compared year, nämnd or governing document moves to the front (in score order); scores are kept
    non-increasing."""
    front = intent.first_of_each_side(passages, lambda passage: passage.metadata)
    if len(front) < 2:
        return passages
    return _non_increasing(front + [p for p in passages if all(p is not q for q in front)])
