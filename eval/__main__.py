"""`python -m eval`: the assistant against its anchors on the dev questions, side by side, in one run."""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from eval.report import TABLE_HEADER, evaluate, table_rows, text_table, write
from eval.runner import (
    EVAL_DEPTH,
    assistant_contender,
    load_questions,
    quiet_libraries,
    retriever_contender,
    run_contenders,
)

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"

EXAMPLES = """\
examples:
  python -m eval                                   # dev questions, a fresh index of ./documents in a temp dir
  python -m eval --index /tmp/eval_idx             # reuse (and incrementally update) an index folder
  python -m eval --questions my.jsonl --out /tmp/results

Writes <out>/latest.json, latest.md (table + per-question failures) and latest.png.
"""

log = logging.getLogger("eval")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval",
        description=__doc__,
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--questions", type=Path, default=DEFAULT_QUESTIONS, help=f"JSON lines (default {DEFAULT_QUESTIONS})"
    )
    parser.add_argument("--documents", type=Path, help="documents folder (default: the settings', ./documents)")
    parser.add_argument(
        "--index", type=Path, help="index folder, built or brought up to date first (default: a fresh temp dir)"
    )
    parser.add_argument(
        "--out", type=Path, default=REPO / "eval" / "results", help="report folder (default eval/results)"
    )
    return parser


def _git_commit() -> str:
    done = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    dirty = subprocess.run(
        ["git", "-C", str(REPO), "status", "--porcelain", "--untracked-files=no"], capture_output=True, text=True
    )
    return done.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")


def run(questions_path: Path, documents: Path | None, index_dir: Path, out_dir: Path) -> int:
    from assistant.service import Assistant
    from eval.anchors import build_anchors
    from index_build.embed import load_embedder
    from index_build.pipeline import build_index
    from index_build.settings import load_settings

    questions = load_questions(questions_path)
    settings = load_settings(documents_dir=documents, index_dir=index_dir)
    log.info("building/updating the index at %s from %s", settings.index_dir, settings.documents_dir)
    report = build_index(settings)
    log.info("index: %d chunks (%d newly embedded) in %.1f s", report.chunks, report.embedded_chunks, report.seconds)
    log.info("building the anchors (the llama-index default embeds its own nodes)")
    anchors = build_anchors(settings, load_embedder(settings))
    contenders = [
        assistant_contender(Assistant(settings)),
        *(retriever_contender(name, retriever) for name, retriever in anchors.items()),
    ]
    load_before = os.getloadavg()[0]
    responses = run_contenders(contenders, questions)
    described: dict[str, Any] = {
        "questions": str(questions_path),
        "documents": str(Path(settings.documents_dir).resolve()),
        "index": str(settings.index_dir),
        "git_commit": _git_commit(),
        "chunks": report.chunks,
        "depth": EVAL_DEPTH,
        # Latency means little on a shared 2-core machine without the load it ran under.
        "load_average_1min_before": round(load_before, 2),
        "load_average_1min_after": round(os.getloadavg()[0], 2),
    }
    result = evaluate(contenders, questions, responses, time.strftime("%Y-%m-%d %H:%M:%S"), described)
    print(text_table(TABLE_HEADER, table_rows(result.summaries)))
    for path in write(result, out_dir):
        print(f"wrote {path}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    if not args.questions.is_file():
        print(f"error: questions file not found: {args.questions}", file=sys.stderr)
        return 2
    if args.index is not None:
        return run(args.questions, args.documents, args.index, args.out)
    with tempfile.TemporaryDirectory(prefix="eval-index-") as tmp:
        return run(args.questions, args.documents, Path(tmp) / "index", args.out)


if __name__ == "__main__":
    sys.exit(main())
