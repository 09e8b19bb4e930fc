"""Score responses (``eval.metrics``), summarise per contender and write JSON, Markdown and a PNG.

The Markdown is for the team's eyes: the side-by-side table first, then every place the assistant
missed (which gold group, at which rank, and where the anchors had it) so the next change has a target.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display here, and no window for a report
import matplotlib.pyplot as plt

from eval import metrics
from eval.runner import EVAL_DEPTH, Contender, Question, Response

DASH = "–"
GROUP_LABEL_CHARS = 60


@dataclass(frozen=True)
class QuestionScore:
    """One contender on one question. Retrieval fields are ``None`` on unanswerable questions,
    answer fields ``None`` for anchors (they give no answer)."""

    id: str
    answerable: bool
    ranks: tuple[int | None, ...]  # per gold group: first covering rank within the top EVAL_DEPTH
    in_budget: tuple[bool, ...]  # per gold group: covered within the reading budget
    recall_1: float | None
    recall_5: float | None
    budget_recall: float | None
    reciprocal_rank: float | None
    mention: float | None
    missing_mentions: tuple[str, ...]
    declined: bool | None
    quotes: int
    quotes_verbatim: int
    passage_chars: tuple[int, ...]
    seconds: float
    cpu_seconds: float
    repeat_seconds: float | None
    answer: str | None


@dataclass(frozen=True)
class Summary:
    """One row of the side-by-side table (averages over answerable questions, counts over all)."""

    name: str
    is_system: bool
    questions: int
    answerable: int
    recall_1: float | None
    recall_5: float | None
    budget_recall: float | None
    mrr: float | None
    mention_rate: float | None
    declined_correctly: int | None
    unanswerable: int
    falsely_declined: int | None
    quotes_verbatim: float | None
    mean_passage_chars: float | None
    p50_ms: float | None
    p95_ms: float | None
    p95_repeat_ms: float | None
    p50_cpu_ms: float | None


def score(question: Question, response: Response) -> QuestionScore:
    passages = response.passages
    gold = question.gold if question.answerable else ()
    retrieval = question.answerable and bool(gold)
    answered = response.answer is not None and question.answerable
    answer = response.answer or ""
    return QuestionScore(
        id=question.id,
        answerable=question.answerable,
        ranks=tuple(metrics.first_covering_rank(passages, group) for group in gold),
        in_budget=tuple(metrics.budget_recall(passages, [group]) == 1.0 for group in gold),
        recall_1=metrics.recall_at_k(passages, gold, 1) if retrieval else None,
        recall_5=metrics.recall_at_k(passages, gold, 5) if retrieval else None,
        budget_recall=metrics.budget_recall(passages, gold) if retrieval else None,
        reciprocal_rank=metrics.reciprocal_rank(passages, gold) if retrieval else None,
        mention=metrics.mention_rate(answer, question.must_mention, bool(response.declined)) if answered else None,
        missing_mentions=tuple(metrics.missing_mentions(answer, question.must_mention, bool(response.declined)))
        if answered
        else (),
        declined=response.declined,
        quotes=len(response.citations),
        quotes_verbatim=sum(metrics.quote_is_verbatim(c.quote, c.passage) for c in response.citations),
        passage_chars=tuple(len(p) for p in passages),
        seconds=response.seconds,
        cpu_seconds=response.cpu_seconds,
        repeat_seconds=response.repeat_seconds,
        answer=response.answer,
    )


def _mean_of(scores: Sequence[QuestionScore], field: str) -> float | None:
    return metrics.mean([value for s in scores if (value := getattr(s, field)) is not None])


def summarise(contender: Contender, questions: Sequence[Question], scores: Sequence[QuestionScore]) -> Summary:
    answers = contender.is_system
    outcomes = [(q.answerable, bool(s.declined)) for q, s in zip(questions, scores, strict=True)]
    quotes = sum(s.quotes for s in scores)
    times_ms = [s.seconds * 1000 for s in scores]
    repeat_ms = [s.repeat_seconds * 1000 for s in scores if s.repeat_seconds is not None]
    return Summary(
        name=contender.name,
        is_system=answers,
        questions=len(questions),
        answerable=sum(q.answerable for q in questions),
        recall_1=_mean_of(scores, "recall_1"),
        recall_5=_mean_of(scores, "recall_5"),
        budget_recall=_mean_of(scores, "budget_recall"),
        mrr=_mean_of(scores, "reciprocal_rank"),
        mention_rate=_mean_of(scores, "mention") if answers else None,
        declined_correctly=sum(metrics.declined_correctly(*o) for o in outcomes) if answers else None,
        unanswerable=sum(not q.answerable for q in questions),
        falsely_declined=sum(metrics.falsely_declined(*o) for o in outcomes) if answers else None,
        quotes_verbatim=sum(s.quotes_verbatim for s in scores) / quotes if quotes else None,
        mean_passage_chars=metrics.mean([float(n) for s in scores for n in s.passage_chars]),
        p50_ms=metrics.percentile(times_ms, 50),
        p95_ms=metrics.percentile(times_ms, 95),
        p95_repeat_ms=metrics.percentile(repeat_ms, 95),
        p50_cpu_ms=metrics.percentile([s.cpu_seconds * 1000 for s in scores], 50),
    )


@dataclass(frozen=True)
class EvalResult:
    """Everything one run produced; ``to_json`` is the machine-readable report."""

    created: str
    settings: dict[str, Any]
    questions: list[Question]
    summaries: list[Summary]
    scores: dict[str, list[QuestionScore]]

    def to_json(self) -> dict[str, Any]:
        return {
            "created": self.created,
            "settings": self.settings,
            "summaries": [asdict(s) for s in self.summaries],
            "per_question": {name: [asdict(s) for s in scores] for name, scores in self.scores.items()},
        }


def evaluate(
    contenders: Sequence[Contender],
    questions: list[Question],
    responses: dict[str, list[Response]],
    created: str,
    settings: dict[str, Any],
) -> EvalResult:
    scores = {c.name: [score(q, r) for q, r in zip(questions, responses[c.name], strict=True)] for c in contenders}
    summaries = [summarise(c, questions, scores[c.name]) for c in contenders]
    return EvalResult(created, settings, questions, summaries, scores)


# --- rendering ---------------------------------------------------------------------------------------


def _share(value: float | None) -> str:
    return DASH if value is None else f"{value:.3f}"


def _count(value: int | None, total: int) -> str:
    return DASH if value is None else f"{value}/{total}"


def _number(value: float | None, digits: int = 0) -> str:
    return DASH if value is None else f"{value:.{digits}f}"


TABLE_HEADER = (
    "system",
    "R@1",
    "R@5",
    f"R@{metrics.READING_BUDGET}ch",
    "MRR",
    "must-mention",
    "declined ok",
    "false declines",
    "quotes verbatim",
    "mean passage chars",
    "p50 ms",
    "p95 ms",
    "p95 ms repeat",
    "p50 CPU ms",
)


def table_rows(summaries: Sequence[Summary]) -> list[list[str]]:
    return [
        [
            s.name,
            _share(s.recall_1),
            _share(s.recall_5),
            _share(s.budget_recall),
            _share(s.mrr),
            _share(s.mention_rate),
            _count(s.declined_correctly, s.unanswerable),
            _count(s.falsely_declined, s.answerable),
            DASH if s.quotes_verbatim is None else f"{100 * s.quotes_verbatim:.0f}%",
            _number(s.mean_passage_chars),
            _number(s.p50_ms, 1),
            _number(s.p95_ms, 1),
            _number(s.p95_repeat_ms, 1),
            _number(s.p50_cpu_ms, 1),
        ]
        for s in summaries
    ]


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A plain aligned table for the terminal."""
    widths = [max(len(str(cell)) for cell in column) for column in zip(header, *rows, strict=True)]
    lines = [
        "  ".join(str(cell).ljust(width) for cell, width in zip(row, widths, strict=True)) for row in [header, *rows]
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(lines)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(str(cell).replace("|", "\\|").replace("\n", " ") for cell in cells) + " |"

    return "\n".join([line(header), line(["---"] * len(header)), *map(line, rows)])


def _rank(rank: int | None) -> str:
    return f">{EVAL_DEPTH}" if rank is None else str(rank)


def _group_label(group: Sequence[str]) -> str:
    quote = group[0]
    more = f" (+{len(group) - 1} alt.)" if len(group) > 1 else ""
    return (quote if len(quote) <= GROUP_LABEL_CHARS else quote[: GROUP_LABEL_CHARS - 1] + "…") + more


def retrieval_failures(result: EvalResult) -> list[list[str]]:
    """Every gold group the assistant did not rank first, with each anchor's rank beside it."""
    system = next(s.name for s in result.summaries if s.is_system)
    anchors = [s.name for s in result.summaries if not s.is_system]
    rows: list[list[str]] = []
    for index, question in enumerate(result.questions):
        mine = result.scores[system][index]
        for group_index, group in enumerate(question.gold if question.answerable else ()):
            if mine.ranks[group_index] == 1:
                continue
            rows.append(
                [
                    question.id,
                    question.kind,
                    _group_label(group),
                    _rank(mine.ranks[group_index]),
                    "yes" if mine.in_budget[group_index] else "no",
                    *(_rank(result.scores[name][index].ranks[group_index]) for name in anchors),
                ]
            )
    return rows


def answer_failures(result: EvalResult) -> list[list[str]]:
    """Answers that missed must-mention phrases, declined an answerable question or answered an unanswerable one."""
    system = next(s.name for s in result.summaries if s.is_system)
    rows: list[list[str]] = []
    for question, mine in zip(result.questions, result.scores[system], strict=True):
        if question.answerable and (mine.declined or mine.missing_mentions):
            problem = "falsely declined" if mine.declined else "missing: " + ", ".join(mine.missing_mentions)
        elif not question.answerable and not mine.declined:
            problem = "answered an unanswerable question"
        else:
            continue
        rows.append([question.id, question.kind, question.question, problem])
    return rows


def markdown(result: EvalResult) -> str:
    anchors = [s.name for s in result.summaries if not s.is_system]
    setting_lines = [f"- {key}: `{value}`" for key, value in result.settings.items()]
    return (
        "\n\n".join(
            [
                f"# Evaluation {result.created}",
                "\n".join(setting_lines),
                markdown_table(TABLE_HEADER, table_rows(result.summaries)),
                f"Retrieval measures are averaged over answerable questions on each contender's top {EVAL_DEPTH}; "
                f"R@{metrics.READING_BUDGET}ch reads passages in rank order and truncates the one that crosses "
                f"{metrics.READING_BUDGET:,} characters; MRR is 1/rank of the first passage covering any gold group. "
                "Anchors retrieve only, so answer measures are –. Latency: a warmed-up process asked each question "
                "for the first time (p50/p95), and the same question again with caches hot (p95 repeat); CPU ms is the "
                "process CPU time (all threads) per question, which moves far less than wall time with others' load.",
                "## Retrieval failures (gold groups this system did not rank first)",
                markdown_table(
                    ["id", "kind", "gold group", "rank", "in budget", *(f"{name} rank" for name in anchors)],
                    retrieval_failures(result),
                ),
                "## Answer failures",
                markdown_table(["id", "kind", "question", "problem"], answer_failures(result)),
            ]
        )
        + "\n"
    )


PLOTTED = (
    ("R@1", "recall_1"),
    ("R@5", "recall_5"),
    (f"R@{metrics.READING_BUDGET}ch", "budget_recall"),
    ("MRR", "mrr"),
    ("must-mention", "mention_rate"),
)


def plot(summaries: Sequence[Summary], path: Path) -> None:
    """Quality bars (higher is better) beside warm latency bars (log scale, lower is better)."""
    figure, (quality, latency) = plt.subplots(1, 2, figsize=(13, 4.8), gridspec_kw={"width_ratios": [3, 1.3]})
    width = 0.8 / len(summaries)
    for offset, summary in enumerate(summaries):
        values = [getattr(summary, field) for _, field in PLOTTED]
        xs = [i + offset * width for i in range(len(PLOTTED))]
        quality.bar(xs, [value or 0.0 for value in values], width, label=summary.name, color=f"C{offset}")
        for x, value in zip(xs, values, strict=True):
            quality.text(x, (value or 0.0) + 0.01, DASH if value is None else f"{value:.2f}", ha="center", fontsize=6)
        latency.bar(
            [offset - 0.2, offset + 0.2],
            [summary.p50_ms or 0.0, summary.p95_ms or 0.0],
            0.4,
            color=f"C{offset}",
            edgecolor="black",
            alpha=0.6,
        )
    quality.set_xticks(
        [i + width * (len(summaries) - 1) / 2 for i in range(len(PLOTTED))], [label for label, _ in PLOTTED]
    )
    quality.set_ylim(0, 1.05)
    quality.set_title("Evidence and answers (higher is better; anchors give no answers)")
    quality.legend(fontsize="small", loc="upper center", bbox_to_anchor=(0.5, -0.08), ncol=len(summaries))
    latency.set_xticks(range(len(summaries)), [s.name for s in summaries], rotation=20, ha="right", fontsize="small")
    latency.set_yscale("log")
    latency.set_ylabel("ms (left bar p50, right bar p95)")
    latency.set_title("Warm latency per question")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def write(result: EvalResult, out_dir: Path, stem: str = "latest") -> list[Path]:
    """``<stem>.json``, ``<stem>.md`` and ``<stem>.png`` in ``out_dir``; returns their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{stem}.{suffix}" for suffix in ("json", "md", "png")]
    paths[0].write_text(json.dumps(result.to_json(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    paths[1].write_text(markdown(result), encoding="utf-8")
    plot(result.summaries, paths[2])
    return paths
