"""Server mode: a real `chroma run` on the loopback interface, one builder, two assistants (replicas).

Both replicas read the generation pointer from the server and rebuild their lexical index from the
same Chroma collection, so they give identical answers and both follow a rebuild.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.service import Assistant
from index_build.pipeline import build_index
from index_build.settings import Settings, load_settings
from index_build.store import IndexStore
from tests.support import stop

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
CHROMA = Path(sys.executable).parent / "chroma"
TRAFIK_TRYGGHET = "2023-10-19_trafiknamnden_trygghetsprogram.txt"
ALVSJO = "2019_alvsjo-stadsdelsnamnd_samverkansoverenskommelse.txt"
QUESTIONS = [
    "Vad säger trafiknämnden om trygghetsprogrammet?",
    "Vad anser Älvsjö stadsdelsnämnd om samverkansöverenskommelsen?",
    "Vilka brister ser trafikkontoret i programmet?",
]
EXTRA = """Trygghetsvandring i Vinterviksparken

Belysningen i Vinterviksparken ska förbättras under vintern med fler armaturer längs gångvägarna.
Förvaltningen följer upp arbetet med en trygghetsvandring tillsammans med de boende.
"""


@pytest.fixture
def chroma_server(tmp_path_factory: pytest.TempPathFactory, free_port: int) -> Iterator[tuple[str, int]]:
    """A real `chroma run` on 127.0.0.1, stopped (by its own pid) when the test ends."""
    if not CHROMA.exists():
        pytest.fail(f"the chroma CLI is missing at {CHROMA}")
    port = free_port
    data = tmp_path_factory.mktemp("chroma-server")
    log = open(data / "server.log", "w")  # noqa: SIM115 - closed below, after the server stops
    server = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(data / "db"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, (data / "server.log").read_text()
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "chroma server did not answer within 60 s"
            time.sleep(0.3)
        yield "127.0.0.1", port
    finally:
        stop(server)
        log.close()


def _answer_key(assistant: Assistant, question: str) -> tuple[str, list[tuple[str, str]]]:
    answer = assistant.ask(question)
    return answer.answer, [(citation.document, citation.quote) for citation in answer.citations]


def test_build_into_a_chroma_server_and_answer_from_two_replicas(
    chroma_server: tuple[str, int], tmp_path: Path
) -> None:
    host, port = chroma_server
    documents = tmp_path / "documents"
    documents.mkdir()
    for name in (TRAFIK_TRYGGHET, ALVSJO):  # two real documents keep the embedding time short
        shutil.copy(REPO / "documents" / name, documents / name)
    # index_dir points at a folder that must stay empty: server mode writes nothing locally.
    settings: Settings = load_settings(
        documents_dir=documents, index_dir=tmp_path / "unused-local-index", chroma_host=host, chroma_port=port
    )
    assert settings.server_mode

    first = build_index(settings)
    assert first.ok and sorted(first.indexed) == sorted([TRAFIK_TRYGGHET, ALVSJO]) and first.embedded_chunks > 0
    assert not (tmp_path / "unused-local-index").exists()

    replica_a, replica_b = Assistant(settings), Assistant(settings)
    for question in QUESTIONS:
        answer_a = _answer_key(replica_a, question)
        assert answer_a == _answer_key(replica_b, question), question
    trafik = replica_a.ask(QUESTIONS[0])
    assert not trafik.declined and TRAFIK_TRYGGHET in {c.document for c in trafik.citations}

    # A replica in another process, configured only through CHROMA_HOST/CHROMA_PORT, agrees too.
    env = {**os.environ, "CHROMA_HOST": host, "CHROMA_PORT": str(port)}
    cli = subprocess.run(
        [
            sys.executable,
            "-m",
            "assistant",
            "--index",
            str(tmp_path / "unused-local-index"),
            "ask",
            QUESTIONS[0],
            "--json",
        ],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert cli.returncode == 0, cli.stderr
    remote = json.loads(cli.stdout)
    assert remote["answer"] == trafik.answer
    assert [(c["document"], c["quote"]) for c in remote["citations"]] == [
        (c.document, c.quote) for c in trafik.citations
    ]

    # Unchanged rebuild: nothing embedded, the pointer moves, both replicas follow.
    same = build_index(settings)
    assert same.embedded_chunks == 0 and sorted(same.skipped) == sorted(first.indexed)

    # A rebuild with a new document is visible to both replicas, dense and lexical side alike.
    (documents / "vinterviken.txt").write_text(EXTRA, encoding="utf-8")
    second = build_index(settings)
    assert second.indexed == ["vinterviken.txt"] and second.generation != first.generation
    store = IndexStore(settings)
    assert store.current_generation() == second.generation
    question = "Vad ska göras i Vinterviksparken?"
    for replica in (replica_a, replica_b):
        answer = replica.ask(question)
        assert "vinterviken.txt" in {c.document for c in answer.citations}, answer.answer
        loaded = replica.index.loaded
        assert loaded.generation.generation == second.generation
        assert {p.document for p in loaded.passages} == {TRAFIK_TRYGGHET, ALVSJO, "vinterviken.txt"}
        assert loaded.lexical.scores("Vinterviksparken").max() > 0
    assert _answer_key(replica_a, question) == _answer_key(replica_b, question)

    # Old generations are dropped on the server: the live one and its predecessor remain.
    names = {c.name if hasattr(c, "name") else str(c) for c in store._server.list_collections()}  # type: ignore[union-attr]
    chunk_collections = {n for n in names if n.startswith(f"{settings.collection_prefix}_chunks_")}
    assert chunk_collections == {
        f"{settings.collection_prefix}_chunks_{same.generation}",
        f"{settings.collection_prefix}_chunks_{second.generation}",
    }
