"""`python -m eval.bench`: indexing throughput, memory, disk, query latency and concurrent serving.

Every measurement runs in a fresh subprocess (``eval.bench_worker``) so peak RSS and cold start
are that measurement's own. Results are merged into one JSON file, so sizes can be run on
separate occasions (the 1,000-document build takes half an hour or more) and still be read side by
side. Targets are printed next to the figures, never asserted: on a shared 2-core machine the
numbers move with whatever else runs, and the JSON records the load average for that reason.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import psutil

from eval.metrics import percentile
from eval.report import text_table
from eval.runner import Question, load_questions, quiet_libraries
from eval.synth import write_corpus

REPO = Path(__file__).resolve().parent.parent
DEFAULT_QUESTIONS = REPO.parent / "shared" / "eval" / "dev.jsonl"
SERVER_START_TIMEOUT = 180.0
REQUEST_TIMEOUT = 120.0
REQUESTS_PER_CLIENT = 3

log = logging.getLogger("eval.bench")


# --- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    """A figure the product should reach; ``met`` is None when the figure was not measured."""

    what: str
    goal: str
    value: str
    met: bool | None


def _shown(value: float | None, unit: str) -> str:
    if value is None:
        return "not measured"
    return f"{value}{unit}" if isinstance(value, int) else f"{value:.2f}{unit}"


def _target(what: str, goal: str, value: float | None, ok: Callable[[float], bool], unit: str = "") -> Target:
    return Target(what, goal, _shown(value, unit), None if value is None else ok(value))


def _by_number(section: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    return sorted(section.items(), key=lambda item: int(item[0]))


def targets(results: dict[str, Any]) -> list[Target]:
    """The brief's targets, checked against whatever the results file holds so far."""
    seed = results.get("seed", {})
    synthetic = results.get("synthetic", {})
    found = [
        _target(f"indexing / raw embedder, {size} docs", "≥ 0.8", run.get("throughput_ratio"), lambda v: v >= 0.8)
        for size, run in _by_number(synthetic)
    ]
    found += [
        _target("p95 answer warm, seed corpus", "≤ 500 ms", seed.get("query", {}).get("warm_p95_ms"),
                lambda v: v <= 500, " ms"),
        _target("p95 answer warm, 1,000 docs", "≤ 1000 ms",
                synthetic.get("1000", {}).get("query", {}).get("warm_p95_ms"), lambda v: v <= 1000, " ms"),
        _target("incremental build, nothing changed", "0 chunks embedded",
                seed.get("incremental", {}).get("embedded_chunks"), lambda v: v == 0),
    ]  # fmt: skip
    for level, run in _by_number(results.get("concurrency", {}).get("levels", {})):
        found.append(
            _target(f"app RSS, {level} clients", "≤ 1536 MB", run["server_peak_rss_mb"], lambda v: v <= 1536, " MB")
        )
        found.append(_target(f"errors, {level} clients", "0", run["errors"], lambda v: v == 0))
    return found


# --- subprocess measurements --------------------------------------------------------------------


def run_worker(*args: str) -> dict[str, Any]:
    """``python -m eval.bench_worker ARGS`` in a fresh interpreter; its last stdout line is the result."""
    command = [sys.executable, "-m", "eval.bench_worker", *args]
    log.info("running %s", " ".join(args))
    done = subprocess.run(command, cwd=REPO, stdout=subprocess.PIPE, text=True, check=True)
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def disk_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6


def build_figures(documents: Path, index: Path) -> dict[str, Any]:
    result = run_worker("build", "--documents", str(documents), "--index", str(index))
    result["chunks_per_second"] = result["embedded_chunks"] / result["seconds"] if result["seconds"] else None
    result["index_mb"] = disk_mb(index)
    return result


def seed_figures(documents: Path, questions: Path, work: Path) -> dict[str, Any]:
    """The real corpus: cold build into a fresh folder, a no-change rebuild, then query latency."""
    index = work / "seed-index"
    cold = build_figures(documents, index)
    incremental = build_figures(documents, index)
    return {
        "documents_dir": str(documents),
        "cold": cold,
        "incremental": incremental,
        "query": run_worker("query", "--index", str(index), "--questions", str(questions)),
    }


def synthetic_figures(size: int, seed: int, questions: Path, work: Path, raw_max: int) -> dict[str, Any]:
    """A synthetic corpus of ``size`` documents: build, the raw embedder on as many chunks, query latency."""
    documents = work / f"synth-{size}"
    write_corpus(documents, size, seed)
    build = build_figures(documents, work / f"synth-{size}-index")
    raw = run_worker("embed", "--documents", str(documents), "--count", str(min(build["embedded_chunks"], raw_max)))
    return {
        "documents": size,
        "seed": seed,
        "corpus_mb": disk_mb(documents),
        "build": build,
        "raw_embedder": raw,
        "throughput_ratio": build["chunks_per_second"] / raw["chunks_per_second"]
        if build["chunks_per_second"]
        else None,
        "query": run_worker("query", "--index", str(work / f"synth-{size}-index"), "--questions", str(questions)),
    }


# --- the served app under concurrent clients --------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tree_rss_mb(process: psutil.Process) -> float:
    """RSS of the server and any children it started (workers, queues)."""
    members = [process, *process.children(recursive=True)]
    total = 0
    for member in members:
        try:
            total += member.memory_info().rss
        except psutil.Error:
            continue
    return total / 1e6


@contextmanager
def served_app(index: Path, log_path: Path) -> Iterator[tuple[str, psutil.Process]]:
    """``python -m assistant --index INDEX serve`` on a free loopback port; stopped on exit.

    Its output goes to ``log_path``, not a pipe: nobody reads a pipe during the load test, and a
    full pipe would block the server mid-test.
    """
    port = free_port()
    command = [sys.executable, "-m", "assistant", "--index", str(index), "serve", "--port", str(port)]
    url = f"http://127.0.0.1:{port}/"
    with open(log_path, "w", encoding="utf-8") as server_log:
        server = subprocess.Popen(command, cwd=REPO, stdout=server_log, stderr=subprocess.STDOUT)
        try:
            _wait_until_serving(server, url, log_path)
            yield url, psutil.Process(server.pid)
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_serving(server: subprocess.Popen[bytes], url: str, log_path: Path) -> None:
    from gradio_client import Client

    deadline = time.monotonic() + SERVER_START_TIMEOUT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            tail = log_path.read_text(encoding="utf-8", errors="replace")[-800:]
            raise RuntimeError(f"the app exited with code {server.returncode}: {tail}")
        try:
            Client(url, verbose=False)
            return
        except Exception:  # not listening yet: any connection or config error means "try again"
            time.sleep(1.0)
    raise RuntimeError(f"the app did not answer at {url} within {SERVER_START_TIMEOUT:.0f} s")


@dataclass(frozen=True)
class LoadResult:
    clients: int
    requests: int
    distinct_questions: int  # the rest repeat a question already asked (cheaper: cached vectors)
    errors: int
    seconds: float
    throughput_rps: float
    p50_ms: float | None
    p95_ms: float | None
    server_peak_rss_mb: float
    first_error: str


def _client_session(url: str, questions: list[Question], offset: int, clients: int) -> tuple[list[float], list[str]]:
    """One user: connect, then ask ``REQUESTS_PER_CLIENT`` questions in turn through ``/ask``.

    Question ``number * clients + offset`` (mod the list): the first round of all clients asks
    distinct questions, so as few requests as possible are answered from the app's caches.
    """
    from gradio_client import Client

    latencies: list[float] = []
    errors: list[str] = []
    try:
        client = Client(url, verbose=False)
    except Exception as exc:  # a failed connection is that client's every request failing
        return [], [f"connect: {exc!r}"] * REQUESTS_PER_CLIENT
    for number in range(REQUESTS_PER_CLIENT):
        question = questions[(number * clients + offset) % len(questions)]
        started = time.perf_counter()
        try:
            job = client.submit(question=question.question, history=list(question.history), api_name="/ask")
            answer = job.result(timeout=REQUEST_TIMEOUT)
            if not isinstance(answer, dict) or "answer" not in answer:
                raise ValueError(f"unexpected reply: {str(answer)[:200]}")
            latencies.append(time.perf_counter() - started)
        except Exception as exc:  # counted and reported: the point is to see them
            errors.append(repr(exc)[:300])
    return latencies, errors


def load_test(url: str, server: psutil.Process, clients: int, questions: list[Question]) -> LoadResult:
    """``clients`` concurrent users against the app; server RSS polled every 0.2 s meanwhile."""
    peak = [_tree_rss_mb(server)]
    stop = threading.Event()

    def poll() -> None:
        while not stop.wait(0.2):
            peak.append(_tree_rss_mb(server))

    watcher = threading.Thread(target=poll, daemon=True)
    watcher.start()
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=clients) as pool:
        sessions = list(pool.map(lambda i: _client_session(url, questions, i, clients), range(clients)))
    seconds = time.perf_counter() - started
    stop.set()
    watcher.join()
    latencies = [1000 * s for done, _ in sessions for s in done]
    errors = [e for _, failed in sessions for e in failed]
    return LoadResult(
        clients=clients,
        requests=clients * REQUESTS_PER_CLIENT,
        distinct_questions=min(len(questions), clients * REQUESTS_PER_CLIENT),
        errors=len(errors),
        seconds=seconds,
        throughput_rps=len(latencies) / seconds,
        p50_ms=percentile(latencies, 50),
        p95_ms=percentile(latencies, 95),
        server_peak_rss_mb=max(peak),
        first_error=errors[0] if errors else "",
    )


def concurrency_figures(levels: list[int], questions: Path, work: Path, documents: Path) -> dict[str, Any]:
    """The served app under 20/50 concurrent gradio_client users; skipped (with the reason) if it cannot start."""
    index = work / "seed-index"
    if not (index / "CURRENT").is_file():
        build_figures(documents, index)
    asked = load_questions(questions)
    try:
        with served_app(index, work / "served-app.log") as (url, server):
            idle = _tree_rss_mb(server)
            levels_done = {str(level): asdict(load_test(url, server, level, asked)) for level in levels}
            return {"requests_per_client": REQUESTS_PER_CLIENT, "idle_rss_mb": idle, "levels": levels_done}
    except (RuntimeError, ImportError, OSError) as exc:
        print(f"concurrency skipped: the served app is not usable yet ({exc})", file=sys.stderr)
        return {"skipped": str(exc)}


# --- the results file --------------------------------------------------------------------------------


def merge(path: Path, update: dict[str, Any]) -> dict[str, Any]:
    """Fold ``update`` into the JSON at ``path`` (synthetic sizes merge per size) and write it back."""
    results: dict[str, Any] = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    synthetic = {**results.get("synthetic", {}), **update.pop("synthetic", {})}
    results.update(update)
    if synthetic:
        results["synthetic"] = synthetic
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return results


def _fmt(value: Any, digits: int = 1) -> str:
    return "–" if value is None else f"{value:.{digits}f}" if isinstance(value, float) else str(value)


def figure_rows(results: dict[str, Any]) -> list[list[str]]:
    """One row per corpus: build and query figures side by side."""
    rows: list[list[str]] = []
    corpora = [("seed (documents/)", results.get("seed", {}).get("cold"), results.get("seed", {}))]
    corpora += [(f"synthetic {size}", run.get("build"), run) for size, run in _by_number(results.get("synthetic", {}))]
    for name, build, run in corpora:
        if not build:
            continue
        raw = run.get("raw_embedder", {})
        query = run.get("query", {})
        floor = query.get("floor_p95_ms")
        rows.append(
            [
                name,
                _fmt(build["documents"]),
                _fmt(build["chunks"]),
                _fmt(build["seconds"]),
                _fmt(build["chunks_per_second"], 2),
                _fmt(raw.get("chunks_per_second"), 2),
                f"{_fmt(build.get('mean_embedded_chars'), 0)}/{_fmt(raw.get('mean_chars'), 0)}",
                _fmt(run.get("throughput_ratio"), 2),
                _fmt(build["peak_rss_mb"], 0),
                _fmt(build["index_mb"], 1),
                _fmt(query.get("cold_first_answer_s"), 2),
                _fmt(query.get("warm_p50_ms")),
                _fmt(query.get("warm_p95_ms")),
                _fmt(floor),
                _fmt(query["warm_p95_ms"] / floor if floor else None, 1),
                _fmt(query.get("warm_p50_cpu_ms")),
            ]
        )
    return rows


FIGURE_HEADER = (
    "corpus",
    "docs",
    "chunks",
    "build s",
    "chunks/s",
    "raw chunks/s",
    "chars build/raw",
    "ratio",
    "build RSS MB",
    "index MB",
    "cold 1st answer s",
    "p50 ms",
    "p95 ms",
    "floor p95 ms",
    "p95/floor",
    "p50 CPU ms",
)


LOAD_HEADER = ("clients", "requests", "distinct questions", "errors", "req/s", "p50 ms", "p95 ms", "app RSS MB")
TARGET_MARKS = {True: "ok", False: "MISSED", None: "–"}


def load_rows(levels: dict[str, Any]) -> list[list[str]]:
    return [
        [level, _fmt(r["requests"]), _fmt(r.get("distinct_questions")), _fmt(r["errors"]),
         _fmt(r["throughput_rps"], 2), _fmt(r["p50_ms"], 0), _fmt(r["p95_ms"], 0), _fmt(r["server_peak_rss_mb"], 0)]
        for level, r in _by_number(levels)
    ]  # fmt: skip


def summary(results: dict[str, Any]) -> str:
    """Figures, the incremental build, the load test and the targets, as aligned text tables."""
    parts = [text_table(FIGURE_HEADER, figure_rows(results))]
    incremental = results.get("seed", {}).get("incremental")
    if incremental:
        parts.append(f"incremental rebuild, nothing changed: {incremental['embedded_chunks']} chunks embedded, "
                     f"{incremental['seconds']:.1f} s")  # fmt: skip
    concurrency = results.get("concurrency", {})
    if concurrency.get("levels"):
        parts.append(text_table(LOAD_HEADER, load_rows(concurrency["levels"])))
    elif "skipped" in concurrency:
        parts.append(f"concurrency: skipped ({concurrency['skipped']})")
    target_rows = [[t.what, t.goal, t.value, TARGET_MARKS[t.met]] for t in targets(results)]
    parts.append(text_table(("target", "goal", "measured", ""), target_rows))
    return "\n\n".join(parts)


# --- command line -------------------------------------------------------------------------------------

EXAMPLES = """\
examples:
  python -m eval.bench --sizes 100 --concurrency 20          # seed corpus, 100 synthetic docs, 20 clients
  python -m eval.bench --parts synth --sizes 1000            # only the 1,000-doc corpus, merged into the JSON
  python -m eval.bench --parts concurrency --concurrency 20,50
"""


def _ints(text: str) -> list[int]:
    return [int(part) for part in text.split(",") if part.strip()]


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval.bench",
        description=__doc__.splitlines()[0],
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", type=_ints, default=[100, 1000], help="synthetic corpus sizes (default 100,1000)")
    parser.add_argument("--skip-1000", action="store_true", help="drop 1000 from --sizes")
    parser.add_argument("--concurrency", type=_ints, default=[20, 50], help="concurrent clients (default 20,50)")
    parser.add_argument("--parts", default="seed,synth,concurrency", help="which of seed,synth,concurrency to run")
    parser.add_argument("--seed", type=int, default=0, help="synthetic corpus seed (default 0)")
    parser.add_argument(
        "--raw-max-chunks",
        type=int,
        default=2000,
        help="cap on chunks the raw embedder is timed on (its rate is steady well before; default 2000)",
    )
    parser.add_argument("--documents", type=Path, default=REPO / "documents", help="seed corpus (default ./documents)")
    parser.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="questions timed for latency")
    parser.add_argument("--out", type=Path, default=REPO / "eval" / "results" / "bench.json", help="results JSON")
    parser.add_argument("--work", type=Path, help="keep corpora and indexes here (default: a temp dir, removed)")
    return parser


def run(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    parts = {part.strip() for part in args.parts.split(",")}
    sizes = [size for size in args.sizes if not (args.skip_1000 and size == 1000)]
    update: dict[str, Any] = {"updated": time.strftime("%Y-%m-%d %H:%M:%S"), "cpus": os.cpu_count()}
    if "seed" in parts:
        update["seed"] = seed_figures(args.documents, args.questions, work)
        update["seed"]["load_average_1min"] = os.getloadavg()[0]
    if "synth" in parts:
        update["synthetic"] = {}
        for size in sizes:
            figures = synthetic_figures(size, args.seed, args.questions, work, args.raw_max_chunks)
            figures["load_average_1min"] = os.getloadavg()[0]
            update["synthetic"][str(size)] = figures
            merge(args.out, {"synthetic": {str(size): figures}})  # a long run keeps what it finished
    if "concurrency" in parts and args.concurrency:
        update["concurrency"] = concurrency_figures(args.concurrency, args.questions, work, args.documents)
    return merge(args.out, update)


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    if args.work is not None:
        args.work.mkdir(parents=True, exist_ok=True)
        results = run(args, args.work)
    else:
        work = Path(tempfile.mkdtemp(prefix="eval-bench-"))
        try:
            results = run(args, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
    text = summary(results)
    args.out.with_suffix(".md").write_text(f"# Benchmarks {results['updated']}\n\n```\n{text}\n```\n", encoding="utf-8")
    print(text)
    print(f"\nwrote {args.out} and {args.out.with_suffix('.md')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
