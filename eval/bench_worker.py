"""One measurement in a fresh process, for ``eval.bench``: ``build``, ``embed`` or ``query``.

Each runs in its own interpreter so that peak RSS is the measurement's own (``ru_maxrss`` of this
process) and "cold" really means nothing was loaded. Prints one JSON object on stdout; progress
goes to stderr.
"""

from __future__ import annotations

import argparse
import json
import logging
import resource
import sys
import time
from pathlib import Path
from typing import Any

import psutil
from tqdm import tqdm

from eval.runner import quiet_libraries

EMBED_BATCH = 16  # the build's batch size (index_build.pipeline.EMBED_BATCH), so the comparison is like for like
RAW_CHUNK_CHARS = 600


def _since_process_start() -> float:
    """Seconds since this interpreter was started: includes Python start-up and every import."""
    return time.time() - psutil.Process().create_time()


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def build(documents: Path, index: Path) -> dict[str, Any]:
    """Build (or incrementally update) the index of ``documents`` at ``index``."""
    from eval.anchors import live_chunks
    from index_build.pipeline import build_index
    from index_build.settings import load_settings

    bar = tqdm(total=0, unit="doc", desc=f"indexing {documents.name}", file=sys.stderr)

    def progress(done: int, total: int, name: str, embedded: int) -> None:
        bar.total = total
        bar.set_postfix_str(f"{embedded} chunks embedded")
        bar.update(done - bar.n)

    settings = load_settings(documents_dir=documents, index_dir=index)
    report = build_index(settings, progress=progress)
    bar.close()
    _, chunks = live_chunks(settings)
    return {
        "documents": len(report.indexed) + len(report.skipped),
        "failed": len(report.failed),
        "chunks": report.chunks,
        "embedded_chunks": report.embedded_chunks,
        # What the embedder is fed (context line + text): throughput depends on it, so it is compared.
        "mean_embedded_chars": sum(len(c.embedding_text) for c in chunks) / len(chunks) if chunks else 0.0,
        "seconds": report.seconds,
        "process_seconds": _since_process_start(),
        "peak_rss_mb": _peak_rss_mb(),
    }


def raw_texts(documents: Path, count: int) -> list[str]:
    """``count`` ~600-character windows of the corpus text (cut at spaces), cycling if it is short."""
    words = " ".join(path.read_text(encoding="utf-8") for path in sorted(documents.glob("*.txt"))).split()
    texts: list[str] = []
    current: list[str] = []
    length = 0
    position = 0
    while len(texts) < count and words:
        word = words[position % len(words)]
        position += 1
        current.append(word)
        length += len(word) + 1
        if length >= RAW_CHUNK_CHARS:
            texts.append(" ".join(current))
            current, length = [], 0
    return texts


def embed(documents: Path, count: int) -> dict[str, Any]:
    """The embedder alone: ``count`` passage texts in the build's batch size, model already loaded."""
    from index_build.embed import load_embedder
    from index_build.settings import load_settings

    embedder = load_embedder(load_settings())
    texts = raw_texts(documents, count)
    started = time.perf_counter()
    for start in tqdm(range(0, len(texts), EMBED_BATCH), desc="raw embedding", unit="batch", file=sys.stderr):
        embedder.get_text_embedding_batch(texts[start : start + EMBED_BATCH])
    seconds = time.perf_counter() - started
    return {
        "chunks": len(texts),
        "mean_chars": sum(map(len, texts)) / len(texts),
        "seconds": seconds,
        "chunks_per_second": len(texts) / seconds,
    }


def query(index: Path, questions: Path) -> dict[str, Any]:
    """Cold first answer (fresh process, model and index load included), then warm latencies and the floor.

    The floor is the least any answer costs: one e5 query embedding and one Chroma query on the same
    collection (the dense anchor), timed in the same process on the same questions.
    """
    from assistant.service import Assistant
    from eval.anchors import DenseRetriever, live_chunks
    from eval.report import evaluate
    from eval.runner import WARM_UP, assistant_contender, load_questions, retriever_contender, run_contenders
    from index_build.settings import load_settings

    settings = load_settings(index_dir=index)
    asked = load_questions(questions)
    assistant = Assistant(settings)
    assistant.ask(WARM_UP[0].question)  # not a timed question: its caches stay cold
    cold = _since_process_start()
    collection, _ = live_chunks(settings)
    contenders = [
        assistant_contender(assistant),
        retriever_contender("floor", DenseRetriever(collection, assistant.index.embedder)),
    ]
    mine, floor = evaluate(contenders, asked, run_contenders(contenders, asked), "", {}).summaries
    return {
        "questions": len(asked),
        "cold_first_answer_s": cold,
        "warm_p50_ms": mine.p50_ms,
        "warm_p95_ms": mine.p95_ms,
        "repeat_p95_ms": mine.p95_repeat_ms,
        "warm_p50_cpu_ms": mine.p50_cpu_ms,
        "floor_p50_ms": floor.p50_ms,
        "floor_p95_ms": floor.p95_ms,
        "peak_rss_mb": _peak_rss_mb(),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.bench_worker", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    build_args = commands.add_parser("build")
    build_args.add_argument("--documents", type=Path, required=True)
    build_args.add_argument("--index", type=Path, required=True)
    embed_args = commands.add_parser("embed")
    embed_args.add_argument("--documents", type=Path, required=True)
    embed_args.add_argument("--count", type=int, required=True)
    query_args = commands.add_parser("query")
    query_args.add_argument("--index", type=Path, required=True)
    query_args.add_argument("--questions", type=Path, required=True)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s", stream=sys.stderr)
    quiet_libraries()
    if args.command == "build":
        result = build(args.documents, args.index)
    elif args.command == "embed":
        result = embed(args.documents, args.count)
    else:
        result = query(args.index, args.questions)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
