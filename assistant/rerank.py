"""Passage re-ranking by the best answer sentence each passage holds.

Fusion ranks passages as wholes; a user reads the citation for the one sentence that answers. So
the passages the answerer read are re-ordered by their best sentence's score (lexical evidence,
answer-type cues, focus term, e5 question↔sentence similarity), and the first citation is the
passage the answer actually comes from. Passages beyond the read window keep their fused order.
"""

from __future__ import annotations

from dataclasses import replace

from assistant.answer import Candidate
from assistant.retrieve import Passage


def rerank(passages: list[Passage], ranked: list[Candidate]) -> list[Passage]:
    best: dict[str, float] = {}
    for candidate in ranked:
        best.setdefault(candidate.passage.chunk_id, candidate.score)
    read = [p for p in passages if p.chunk_id in best]
    unread = [p for p in passages if p.chunk_id not in best]
    read.sort(key=lambda p: -best[p.chunk_id])
    top = best[read[0].chunk_id] if read else 1.0
    # Scores stay comparable for display: the re-ranked passages carry their sentence score.
    return [replace(p, score=best[p.chunk_id] / top * max(p.score for p in passages)) for p in read] + unread
