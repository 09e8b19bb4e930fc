"""`python -m index_build`: build or update the search index from the documents folder."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from tqdm import tqdm

from index_build.models import BuildReport
from index_build.pipeline import build_index
from index_build.settings import SettingsError, load_settings

EXAMPLES = """\
examples:
  python -m index_build                       # index ./documents into ./index (only what changed)
  python -m index_build --rebuild             # re-read and re-embed everything
  python -m index_build --documents /srv/docs --index /srv/index
  CHROMA_HOST=chroma.intra CHROMA_PORT=8000 python -m index_build   # write to a shared Chroma server

Supported files: .txt .md .pdf .docx .html. Drop a file into the documents folder and run this
again; unchanged files are skipped, changed ones replaced, deleted ones removed. Per-file metadata
corrections go in <documents>/metadata.toml (see README). Exit code 0 = all files indexed,
1 = some files could not be indexed (listed by name), 2 = the build could not run.
"""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m index_build",
        description="Read the documents folder, cut each document into citable passages, embed them and "
        "write a new index generation. The previous index keeps answering until the new one is complete.",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--documents", type=Path, help="folder with the documents (default: ./documents, env TRYGG_DOCUMENTS_DIR)"
    )
    parser.add_argument("--index", type=Path, help="index folder (default: ./index, env TRYGG_INDEX_DIR)")
    parser.add_argument("--rebuild", action="store_true", help="ignore the existing index and embed everything again")
    parser.add_argument("--quiet", action="store_true", help="no progress bar or per-document listing")
    return parser


def _print_report(report: BuildReport, quiet: bool) -> None:
    if not quiet:
        for name, meta in sorted(report.metadata.items()):
            print(f"\n{name}")
            print(
                f"  nämnd: {meta.namnd or '?'}   förvaltning: {meta.forvaltning or '-'}   "
                f"type: {meta.kind.value} ({meta.document_type})"
            )
            print(
                f"  date: {meta.date or '?'}   diarienummer: {', '.join(meta.diarienummer) or '-'}   "
                f"handläggare: {meta.handlaggare or '-'}"
            )
            print(f"  responds to: {meta.governing_document or '-'}   title: {meta.title}")
    for name, original in sorted(report.duplicates.items()):
        print(f"duplicate: {name} has the same content as {original}; indexed once under both names")
    for name, reason in sorted(report.failed.items()):
        print(f"FAILED: {name}: {reason}", file=sys.stderr)
    print(
        f"\nindexed {len(report.indexed)}, unchanged {len(report.skipped)}, removed {len(report.removed)}, "
        f"failed {len(report.failed)} documents; {report.chunks} passages ({report.embedded_chunks} newly embedded) "
        f"in {report.seconds:.1f} s"
    )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")
    try:
        settings = load_settings(documents_dir=args.documents, index_dir=args.index)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    bar = None if args.quiet else tqdm(total=0, unit="doc", desc="indexing", file=sys.stderr)

    def progress(done: int, total: int, name: str, embedded: int) -> None:
        if bar is not None:
            bar.total = total
            bar.set_postfix_str(f"{embedded} embedded, {name[-40:]}")
            bar.update(done - bar.n)

    try:
        report = build_index(settings, rebuild=args.rebuild, progress=progress)
    except (FileNotFoundError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\ninterrupted: nothing was changed, the previous index still answers", file=sys.stderr)
        return 130
    except Exception as exc:  # the store or the embedder failed: exit 2 with the reason, not a traceback
        logging.getLogger(__name__).debug("build failed", exc_info=True)
        print(
            f"error: the build failed, the previous index still answers: {type(exc).__name__}: {exc}", file=sys.stderr
        )
        return 2
    finally:
        if bar is not None:
            bar.close()
    _print_report(report, args.quiet)
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
