"""The query adapter: its scoring logic on small made-up vectors, then the packaged adapter and its
fitter on the real index and the real e5 model."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from assistant.adapter import E5_ON_POINT, QueryAdapter, fingerprint, load_adapter
from assistant.service import Assistant
from index_build.settings import Settings, SettingsError, load_settings

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"


def _turning_adapter(known: tuple[str, ...]) -> QueryAdapter:
    """Moves the question (1, 0, 0) onto (0, 1, 0); cosines 0 … 1 calibrate to e5's band."""
    matrix = np.array([[-1.0, 1.0, 0.0], [0.0, 0.0, 0.0], [0.0, 0.0, 0.0]])
    return QueryAdapter(matrix, frozenset(fingerprint(k) for k in known), 0.0, 1.0, "made-up", ("set",), ("a.txt",))


def test_known_sentences_go_through_the_map_and_unknown_ones_keep_their_plain_cosine() -> None:
    adapter = _turning_adapter(known=("känd mening",))
    question, sentence = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])
    known, unknown = adapter.similarities(question, ["känd mening", "ny mening"], [sentence, sentence])
    assert known == pytest.approx(E5_ON_POINT)
    assert unknown == pytest.approx(0.0)  # plain cosine of orthogonal vectors


def test_an_adapter_round_trips_through_its_file_and_binds_to_its_embedder(tmp_path: Path) -> None:
    path = tmp_path / "adapter.npz"
    _turning_adapter(known=("a", "b")).save(path)
    loaded = load_adapter(str(path), "made-up", 3)
    assert loaded is not None
    assert loaded.known == {fingerprint("a"), fingerprint("b")} and loaded.sets == ("set",)
    assert loaded.documents == ("a.txt",)
    np.testing.assert_allclose(loaded.matrix, _turning_adapter(()).matrix)
    assert load_adapter(str(path), "another-model", 3) is None
    assert load_adapter(str(path), "made-up", 4) is None
    assert load_adapter("off", "made-up", 3) is None


def _remembering_adapter() -> QueryAdapter:
    """No map; remembers two questions: (1, 0, 0), answered by "svar", and (0, 0, 1), answered by "annat"."""
    return QueryAdapter(
        np.zeros((3, 3)),
        frozenset(fingerprint(k) for k in ("svar", "annat")),
        0.0,
        1.0,
        "made-up",
        memory=np.array([[1.0, 0.0, 0.0], [0.0, 0.0, 1.0]]),
        answered_by={fingerprint("svar"): np.array([0]), fingerprint("annat"): np.array([1])},
        memory_weight=1.0,
    )


def test_the_memory_lifts_a_sentence_that_answered_a_question_worded_alike(tmp_path: Path) -> None:
    adapter = _remembering_adapter()
    question, sentence = np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0])  # as far from both sentences
    answered, other = adapter.similarities(question, ["svar", "annat"], [sentence, sentence])
    assert answered > other
    tied = replace(adapter, memory_weight=0.0).similarities(question, ["svar", "annat"], [sentence, sentence])
    assert tied[0] == pytest.approx(tied[1])
    adapter.save(path := tmp_path / "memory.npz")
    loaded = QueryAdapter.load(path)
    assert loaded.similarities(question, ["svar", "annat"], [sentence, sentence]) == pytest.approx([answered, other])
    assert set(loaded.answered_by) == {fingerprint("svar"), fingerprint("annat")} and loaded.memory_weight == 1.0


def test_an_adapter_setting_naming_no_file_fails_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="query_adapter"):
        load_settings(query_adapter=str(tmp_path / "missing.npz"))


@pytest.fixture(scope="module")
def assistant(built_index: Settings) -> Assistant:
    return Assistant(built_index)


def test_the_packaged_adapter_knows_every_sentence_of_the_documents_it_was_fitted_on(assistant: Assistant) -> None:
    """Guards against the adapter silently falling out of use (a changed sentence splitter or
    model view changes every fingerprint); documents added since are scored by plain e5 by design."""
    from assistant.answer import answer_spans
    from index_build.normalise import model_view

    adapter = assistant.index.adapter
    assert adapter is not None, "the packaged adapter did not load for the default embedder"
    fitted = [p for p in assistant.index.loaded.passages if p.document in adapter.documents]
    assert {p.document for p in fitted} == set(adapter.documents)
    texts = {model_view(p.text[s:e]) for p in fitted for s, e in answer_spans(p)}
    assert len(texts) > 100
    unknown = [t for t in texts if fingerprint(t) not in adapter.known]
    assert not unknown, (
        f"documents/ changed since the adapter was fitted (run python -m eval.fit_adapter): {unknown[:3]}"
    )
    assert "dev" not in adapter.sets  # the product owner's questions stay a check, never a target


def test_a_sentence_the_adapter_never_saw_is_scored_by_plain_e5(assistant: Assistant) -> None:
    from assistant.answer import answer_spans
    from index_build.normalise import model_view

    index = assistant.index
    question = "Vem ansvarar för att samordna det brottsförebyggande arbetet?"
    new = "Stadsbiblioteket håller öppet på söndagar under sommaren."
    passage = index.loaded.passages[0]
    known = model_view(passage.text[slice(*answer_spans(passage)[0])])
    assert fingerprint(new) not in index.adapter.known and fingerprint(known) in index.adapter.known
    query = np.asarray(index.query_vector(question))
    plain = [float(np.asarray(index.embedder.get_text_embedding(text)) @ query) for text in (new, known)]
    (new_ranking, new_plain), (known_ranking, known_plain) = index.sentence_similarities(question, [new, known])
    assert new_ranking == pytest.approx(plain[0], abs=1e-5) and new_plain == pytest.approx(plain[0], abs=1e-5)
    assert known_plain == pytest.approx(plain[1], abs=1e-5)
    assert abs(known_ranking - plain[1]) > 1e-3  # the known sentence went through the map


def test_the_adapter_puts_answering_sentences_first_more_often_on_questions_it_never_saw(tmp_path: Path) -> None:
    from eval.fit_adapter import collect, first_right

    adapter = QueryAdapter.load(REPO / "assistant" / "query_adapter.npz")
    assert DEV.stem not in adapter.sets
    corpus, examples = collect([DEV])
    assert len(examples) >= 15
    plain, adapted = first_right(examples, corpus, None), first_right(examples, corpus, adapter)
    mapped = first_right(examples, corpus, replace(adapter, memory_weight=0.0))
    print(f"dev: e5 alone ranks an answering sentence first for {plain:.2f}, map {mapped:.2f}, memory {adapted:.2f}")
    assert adapted >= plain + 0.15 and mapped >= plain + 0.15


def test_fit_adapter_writes_an_adapter_the_assistant_loads(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.fit_adapter import main

    out = tmp_path / "adapter.npz"
    assert main([str(REPO / "eval" / "questions" / "blind84.jsonl"), "--out", str(out)]) == 0
    report = capsys.readouterr().out
    assert "held-out fold" in report and f"wrote {out}" in report
    fitted = QueryAdapter.load(out)
    packaged = QueryAdapter.load(REPO / "assistant" / "query_adapter.npz")
    assert fitted.sets == ("blind84",) and fitted.known == packaged.known and fitted.documents == packaged.documents
    assert fitted.low < fitted.high
    assert load_adapter(str(out), packaged.model, packaged.matrix.shape[0]) is not None
