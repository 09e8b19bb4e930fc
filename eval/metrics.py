"""Pure scoring functions, exactly as ``shared/eval/README.md`` defines the measures.

Each function scores one question; ``eval.report`` averages them over questions. Decisions the
README leaves open, taken here once so every system is scored the same way:

* **Reading budget, straddling passage:** the passage that crosses the 1,500-character budget is
  truncated to the characters that fit, so a quote counts only if it lies wholly inside what was
  read. Counting the whole straddling passage would let one huge chunk buy recall for free, which
  is what the budget exists to stop. Characters are counted on the passage text as shown to the
  user (before whitespace collapsing); covering is then checked on the truncated text.
* **MRR:** the reciprocal rank of the *first passage that covers any gold group* (0 when none does
  within the ranked list). This is the README's wording read literally ("the first passage
  covering a gold group") and answers "how far down does the reader find the first piece of
  evidence?"; how much of the evidence is found is what the recall measures are for.
* **Must-mention on a decline:** a declined answer states nothing, so it mentions nothing, even if
  the decline's list of indexed documents happens to contain a phrase (e.g. "trafiknämnden").
"""

from __future__ import annotations

import re
from collections.abc import Sequence

READING_BUDGET = 1500
_WHITESPACE = re.compile(r"\s+")

GoldGroup = Sequence[str]  # alternative quotes; any one of them covers the group


def normalise(text: str) -> str:
    """Collapse whitespace runs to one space and lower-case (README: how quotes are matched)."""
    return _WHITESPACE.sub(" ", text).strip().lower()


def covers(passage: str, quote: str) -> bool:
    """Does the passage contain the quote, after whitespace collapsing and lower-casing?"""
    return normalise(quote) in normalise(passage)


def covers_group(passage: str, group: GoldGroup) -> bool:
    return any(covers(passage, quote) for quote in group)


def first_covering_rank(passages: Sequence[str], group: GoldGroup) -> int | None:
    """1-based rank of the first passage covering ``group``; ``None`` if no passage does."""
    return next((rank for rank, passage in enumerate(passages, start=1) if covers_group(passage, group)), None)


def recall(passages: Sequence[str], gold: Sequence[GoldGroup]) -> float:
    """Share of gold groups covered by at least one of ``passages`` (1.0 when there is no gold)."""
    if not gold:
        return 1.0
    return sum(any(covers_group(p, group) for p in passages) for group in gold) / len(gold)


def recall_at_k(passages: Sequence[str], gold: Sequence[GoldGroup], k: int) -> float:
    return recall(passages[:k], gold)


def within_budget(passages: Sequence[str], budget: int = READING_BUDGET) -> list[str]:
    """The passages a reader gets through in rank order; the one crossing the budget is cut at it."""
    read: list[str] = []
    left = budget
    for passage in passages:
        if left <= 0:
            break
        read.append(passage[:left])
        left -= len(passage)
    return read


def budget_recall(passages: Sequence[str], gold: Sequence[GoldGroup], budget: int = READING_BUDGET) -> float:
    return recall(within_budget(passages, budget), gold)


def reciprocal_rank(passages: Sequence[str], gold: Sequence[GoldGroup]) -> float:
    """1 / rank of the first passage covering any gold group; 0.0 when none does."""
    ranks = [rank for group in gold if (rank := first_covering_rank(passages, group)) is not None]
    return 1.0 / min(ranks) if ranks else 0.0


def missing_mentions(answer: str, must_mention: Sequence[str], declined: bool) -> list[str]:
    """Must-mention phrases the answer does not contain (case-insensitive); a decline contains none."""
    text = "" if declined else answer.lower()
    return [phrase for phrase in must_mention if phrase.lower() not in text]


def mention_rate(answer: str, must_mention: Sequence[str], declined: bool) -> float:
    """Share of must-mention phrases stated in the answer (1.0 when none are required)."""
    if not must_mention:
        return 1.0
    return 1.0 - len(missing_mentions(answer, must_mention, declined)) / len(must_mention)


def declined_correctly(answerable: bool, declined: bool) -> bool:
    """An unanswerable question that the assistant declined."""
    return not answerable and declined


def falsely_declined(answerable: bool, declined: bool) -> bool:
    """An answerable question that the assistant declined anyway."""
    return answerable and declined


def quote_is_verbatim(quote: str, passage: str) -> bool:
    """A citation's quote must be the passage's own characters, exactly (no normalising here)."""
    return bool(quote) and quote in passage


def mean(values: Sequence[float]) -> float | None:
    """Average, or ``None`` for an empty list (shown as "–", never as a misleading 0)."""
    return sum(values) / len(values) if values else None


def percentile(values: Sequence[float], q: float) -> float | None:
    """Nearest-rank percentile (q in 0..100): always one of the measured values, no interpolation."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))  # ceil(n * q / 100), at least the first value
    return ordered[int(rank) - 1]
