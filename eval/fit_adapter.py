"""`python -m eval.fit_adapter`: fit the query adapter (assistant/adapter.py) on labelled question sets.

Each answerable question's gold quotes name the sentences that answer it. The adapter is a linear map
of the question's e5 vector, fitted so that those sentences come first among every sentence the
answerer can weigh in the index (a softmax over all of them, ridge towards "change nothing"), and a
memory of the questions themselves: which sentences answered a question worded like a new one.
The index is built afresh from ./documents, as the assistant will read it.

Before fitting on everything, the sets are split into folds and each fold is ranked by a map fitted
on the others: that table is the honest estimate for questions nobody fitted on. The product
owner's dev set is not among the default sets, so it stays a check, never a target.
"""

from __future__ import annotations

import argparse
import logging
import sys
import zlib
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np

from assistant.adapter import ADAPTER_FILE, QueryAdapter, adapt_all, fingerprint
from eval.__main__ import REPO
from eval.runner import Question, fresh_assistant, load_questions, quiet_libraries

log = logging.getLogger("eval.fit_adapter")
DEFAULT_SETS = sorted((REPO / "eval" / "questions").glob("*.jsonl"))
TEMPERATURE = 0.05  # softmax temperature over cosines: e5's band is narrow, so a sharp one
L2 = 0.01  # ridge on the map; at 0.001 questions about a document it never saw were ranked worse
EPOCHS = 200
LEARNING_RATE = 1e-3
FOLDS = 5
MEMORY_WEIGHT = 1.5  # the question memory's pull beside the map's cosine; held-out folds are flat from 1 to 3


@dataclass(frozen=True)
class Corpus:
    texts: list[str]  # the index's answer sentences, as the embedder reads them
    vectors: np.ndarray  # their e5 vectors
    model: str  # the embedder's name, which the adapter is bound to
    documents: tuple[str, ...]  # the documents the sentences come from


@dataclass(frozen=True)
class Example:
    set_name: str
    query: np.ndarray  # the standalone question's e5 query vector
    gold: tuple[int, ...]  # indices of the sentences that answer it


def _normal(text: str) -> str:
    return " ".join(text.replace("*", "").split()).lower()


def _answers(quote: str, sentence: str) -> bool:
    """The gold quote lies in the sentence, or a quote spanning sentences holds it."""
    return quote in sentence or quote[:40] in sentence or (len(sentence) > 25 and sentence in quote)


def collect(paths: list[Path]) -> tuple[Corpus, list[Example]]:
    """The index's answer sentences and one example per answerable question whose gold quotes were found."""
    from assistant.answer import answer_spans
    from assistant.query import understand
    from index_build.normalise import model_view

    with fresh_assistant("fit-adapter-", query_adapter="off") as assistant:
        loaded = assistant.index.loaded
        texts = list(
            dict.fromkeys(model_view(p.text[start:end]) for p in loaded.passages for start, end in answer_spans(p))
        )
        vectors = np.asarray(assistant.index.embedder.get_text_embedding_batch(texts, show_progress=True))
        normal = [_normal(text) for text in texts]
        found: list[Example] = []
        for path in paths:
            questions: list[Question] = [q for q in load_questions(path) if q.answerable]
            for question in questions:
                gold = {
                    i
                    for group in question.gold
                    for quote in group
                    for i, sentence in enumerate(normal)
                    if _answers(_normal(quote), sentence)
                }
                if gold:
                    standalone = understand(question.question, list(question.history), loaded.namnd_years).standalone
                    found.append(Example(path.stem, np.asarray(assistant.index.query_vector(standalone)), tuple(gold)))
            log.info("%s: %d answerable questions", path.name, len(questions))
        model = assistant.index.embedder.model_name
        documents = tuple(sorted({p.document for p in loaded.passages}))
    return Corpus(texts, vectors, model, documents), found


def fit(examples: list[Example], vectors: np.ndarray) -> np.ndarray:
    """The map W (q → q + q·W), by Adam on the softmax loss over all sentences."""
    import torch

    torch.manual_seed(0)
    sentences = torch.tensor(vectors, dtype=torch.float32)
    queries = torch.tensor(np.stack([e.query for e in examples]), dtype=torch.float32)
    gold = torch.zeros(len(examples), len(vectors), dtype=torch.bool)
    for row, example in enumerate(examples):
        gold[row, list(example.gold)] = True
    matrix = torch.zeros(vectors.shape[1], vectors.shape[1], requires_grad=True)
    optimiser = torch.optim.Adam([matrix], lr=LEARNING_RATE)
    for _ in range(EPOCHS):
        optimiser.zero_grad()
        moved = torch.nn.functional.normalize(queries + queries @ matrix, dim=1)
        logits = moved @ sentences.T / TEMPERATURE
        answered = torch.logsumexp(logits.masked_fill(~gold, -1e9), dim=1)
        loss = (torch.logsumexp(logits, dim=1) - answered).mean() + L2 * (matrix**2).sum()
        loss.backward()
        optimiser.step()
    return matrix.detach().numpy()


def remembering(matrix: np.ndarray, examples: list[Example], corpus: Corpus) -> QueryAdapter:
    """The adapter, not yet calibrated: the map, and the memory of ``examples`` (row i is example i)."""
    answered: dict[str, list[int]] = {}
    for row, example in enumerate(examples):
        for sentence in example.gold:
            answered.setdefault(fingerprint(corpus.texts[sentence]), []).append(row)
    return QueryAdapter(
        matrix,
        frozenset(fingerprint(text) for text in corpus.texts),
        0.0,
        1.0,
        corpus.model,
        tuple(dict.fromkeys(e.set_name for e in examples)),
        corpus.documents,
        memory=np.stack([e.query for e in examples]),
        answered_by={key: np.array(rows) for key, rows in answered.items()},
        memory_weight=MEMORY_WEIGHT,
    )


def _scores(
    examples: list[Example], corpus: Corpus, adapter: QueryAdapter | None, forget: np.ndarray | None = None
) -> np.ndarray:
    queries = np.stack([e.query for e in examples])
    if adapter is None:
        return queries @ corpus.vectors.T
    keys = [fingerprint(text) for text in corpus.texts]
    return adapter.scores(adapt_all(adapter.matrix, queries), keys, corpus.vectors, forget)


def first_right(examples: list[Example], corpus: Corpus, adapter: QueryAdapter | None) -> float:
    """Share of questions whose best sentence by e5 alone, or through the adapter, answers them."""
    sims = _scores(examples, corpus, adapter)
    return float(np.mean([int(np.argmax(row)) in e.gold for row, e in zip(sims, examples, strict=True)]))


def calibration(examples: list[Example], corpus: Corpus, adapter: QueryAdapter) -> tuple[float, float]:
    """(a typical unrelated sentence's score, an answering one's): median, and gold mean + 1 sd. Each
    question is scored with itself left out of the memory, as a question nobody remembered is."""
    sims = _scores(examples, corpus, adapter, forget=np.arange(len(examples)))
    gold = np.array([row[i] for row, e in zip(sims, examples, strict=True) for i in e.gold])
    return float(np.mean(np.median(sims, axis=1))), float(gold.mean() + gold.std())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.fit_adapter", description=__doc__)
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS, help="question files (JSON lines)")
    parser.add_argument(
        "--out", type=Path, default=ADAPTER_FILE, help="adapter file to write (default: the packaged one)"
    )
    parser.add_argument("--dry-run", action="store_true", help="report the cross-validation only; write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    corpus, examples = collect(args.sets)
    vectors = corpus.vectors
    fold_of = {name: zlib.crc32(name.encode()) % FOLDS for name in {e.set_name for e in examples}}
    print(f"{'held-out fold':<14} {'questions':>9} {'e5 first right':>15} {'map':>6} {'map + memory':>13}")
    for fold in range(FOLDS):
        held = [e for e in examples if fold_of[e.set_name] == fold]
        if not held or len(held) == len(examples):
            continue  # (too few sets to hold this fold out)
        fitted_on = [e for e in examples if fold_of[e.set_name] != fold]
        adapter = remembering(fit(fitted_on, vectors), fitted_on, corpus)
        base, mapped = first_right(held, corpus, None), first_right(held, corpus, replace(adapter, memory_weight=0.0))
        print(f"{fold:<14} {len(held):>9} {base:>15.3f} {mapped:>6.3f} {first_right(held, corpus, adapter):>13.3f}")
    adapter = remembering(fit(examples, vectors), examples, corpus)
    print(
        f"{'fitted on all':<14} {len(examples):>9} {first_right(examples, corpus, None):>15.3f} "
        f"{first_right(examples, corpus, replace(adapter, memory_weight=0.0)):>6.3f} "
        f"{first_right(examples, corpus, adapter):>13.3f}"
    )
    if not args.dry_run:
        low, high = calibration(examples, corpus, adapter)
        adapter = replace(adapter, low=low, high=high)
        adapter.save(args.out)
        print(
            f"wrote {args.out} ({len(adapter.known)} sentences, {len(adapter.sets)} sets, "
            f"{len(examples)} questions remembered, calibration {adapter.low:.3f}…{adapter.high:.3f})"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
