"""`python -m assistant`: ask questions, serve the chat, export feedback."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from pathlib import Path
from typing import Any

from index_build.settings import SettingsError, load_settings
from index_build.store import EmbedderMismatchError, IndexMissingError

EXAMPLES = """\
examples:
  python -m assistant ask "Vad säger trafiknämnden om trygghetsprogrammet?"
  python -m assistant ask "och utbildningsnämnden då?" \
      --history "Vad säger trafiknämnden om samverkansöverenskommelsen?"
  python -m assistant ask "What does trafiknämnden commit to under stadens offentliga miljö?" --json
  python -m assistant ask --batch questions.jsonl --json > answers.jsonl
  python -m assistant serve --port 7860            # the chat in a browser: http://127.0.0.1:7860
  python -m assistant feedback --export feedback.csv

The index is built by `python -m index_build` (the README's run command does both).
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Answers questions about Stockholm's safety and crime-prevention documents and the "
        "nämnder's remissvar, quoting and citing the exact passages, or says plainly that the documents "
        "do not answer.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--index", type=Path, help="index folder (default: ./index, env TRYGG_INDEX_DIR)")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    ask = commands.add_parser(
        "ask",
        help="answer one question (or a batch) with citations",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    ask.add_argument("question", nargs="?", help="the question, in Swedish or English")
    ask.add_argument(
        "--history",
        action="append",
        default=[],
        metavar="EARLIER_QUESTION",
        help="an earlier question in the same conversation (repeat, oldest first)",
    )
    ask.add_argument(
        "--batch",
        type=Path,
        metavar="QUESTIONS.jsonl",
        help="one JSON object a line with 'question' and optional 'history'; one answer a line out",
    )
    ask.add_argument("--json", action="store_true", help="print JSON instead of readable text")
    ask.add_argument("--index", type=Path, dest="index_sub", help=argparse.SUPPRESS)

    serve = commands.add_parser("serve", help="start the chat web app (Gradio)")
    serve.add_argument("--host", default="127.0.0.1", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=7860, help="port (default 7860)")
    serve.add_argument("--auth", type=Path, metavar="FILE", help="require login; FILE has 'user:password' lines")
    serve.add_argument("--index", type=Path, dest="index_sub", help=argparse.SUPPRESS)

    feedback = commands.add_parser("feedback", help="export the 👍/👎 feedback users gave")
    feedback.add_argument(
        "--export",
        type=Path,
        metavar="FILE",
        help="write CSV (.csv) or JSON lines (.jsonl); default: stdout JSON lines",
    )
    return parser


def _readable(answer: Any) -> str:
    lines = [answer.answer]
    if answer.citations:
        lines.append("\nKällor / sources:")
        for citation in answer.citations:
            lines.append(f"[{citation.id}] {citation.reference()} — {citation.document}")
            lines.append(f"    «{citation.quote}»")
    return "\n".join(lines)


def _ask(args: argparse.Namespace, settings: Any) -> int:
    from assistant.service import Assistant

    if not args.batch and args.question is None:
        print("error: give a question, or --batch FILE", file=sys.stderr)
        return 2
    assistant = Assistant(settings)
    if args.batch:
        for number, line in enumerate(args.batch.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                print(f"error: {args.batch}:{number}: not JSON: {exc}", file=sys.stderr)
                return 2
            answer = assistant.ask(str(item.get("question", "")), list(item.get("history") or []))
            print(
                json.dumps(answer.to_json(), ensure_ascii=False) if args.json else _readable(answer) + "\n", flush=True
            )
        return 0
    answer = assistant.ask(args.question, args.history)
    print(json.dumps(answer.to_json(), ensure_ascii=False, indent=2) if args.json else _readable(answer))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    import bm25s  # noqa: F401  (bm25s sets its own logger to DEBUG when imported: quiet it after that)

    logging.getLogger("bm25s").setLevel(logging.WARNING)
    try:
        settings = load_settings(index_dir=getattr(args, "index_sub", None) or args.index)
        if args.command == "ask":
            return _ask(args, settings)
        if args.command == "serve":
            from assistant.serve import serve

            return serve(settings, host=args.host, port=args.port, auth_file=args.auth)
        from assistant.feedback import export_feedback

        return export_feedback(settings, args.export)
    except (SettingsError, IndexMissingError, EmbedderMismatchError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
