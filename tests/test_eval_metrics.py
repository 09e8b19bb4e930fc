"""The eval's metric definitions on tiny exact cases: what counts as covered, read, ranked, declined."""

from __future__ import annotations

import pytest

from eval.metrics import (
    budget_recall,
    covers,
    declined_correctly,
    falsely_declined,
    first_covering_rank,
    mean,
    mention_rate,
    missing_mentions,
    percentile,
    quote_is_verbatim,
    recall_at_k,
    reciprocal_rank,
    within_budget,
)

GOLD = [["1,5 heltidstjänster"], ["lokala arbetsgrupper", "lokal arbetsgrupp"]]
PASSAGES = [
    "Inget relevant här.",
    "Tiden uppgår till cirka 1,5\n  HELTIDSTJÄNSTER per år.",
    "Kontoret ser en utmaning i att bemanna berörda lokala arbetsgrupper.",
]


def test_covers_collapses_whitespace_and_case() -> None:
    assert covers("Tiden uppgår till cirka 1,5\n  HELTIDSTJÄNSTER.", "cirka 1,5 heltidstjänster")
    assert covers("a  b", "A\tB")
    assert not covers("1,5 heltids tjänster", "1,5 heltidstjänster")  # spaces are collapsed, not removed


def test_recall_at_k_is_share_of_groups() -> None:
    assert recall_at_k(PASSAGES, GOLD, 1) == 0.0
    assert recall_at_k(PASSAGES, GOLD, 2) == 0.5
    assert recall_at_k(PASSAGES, GOLD, 5) == 1.0
    assert recall_at_k(PASSAGES, [["lokal arbetsgrupp", "lokala arbetsgrupper"]], 3) == 1.0  # any alternative


def test_first_covering_rank() -> None:
    assert first_covering_rank(PASSAGES, GOLD[0]) == 2
    assert first_covering_rank(PASSAGES, GOLD[1]) == 3
    assert first_covering_rank(PASSAGES, ["saknas"]) is None


def test_reciprocal_rank_is_first_passage_covering_any_group() -> None:
    assert reciprocal_rank(PASSAGES, GOLD) == 0.5
    assert reciprocal_rank(PASSAGES, [["saknas"]]) == 0.0
    assert reciprocal_rank(list(reversed(PASSAGES)), GOLD) == 1.0


def test_budget_truncates_the_passage_that_straddles_it() -> None:
    assert within_budget(["a" * 1000, "b" * 1000, "c" * 10], 1500) == ["a" * 1000, "b" * 500]
    assert within_budget(["a" * 1500, "b"], 1500) == ["a" * 1500]
    assert within_budget([], 1500) == []


def test_budget_recall_counts_only_quotes_read_in_full() -> None:
    filler = "x" * 1480
    quote = "Samverkansöverenskommelsen gäller från den 1 januari 2024"
    gold = [[quote]]
    assert budget_recall([filler, quote], gold) == 0.0  # only 20 characters of the quote fit
    assert budget_recall(["x" * 1400, quote], gold) == 1.0  # 57 characters fit within 1,500
    assert budget_recall([quote, filler], gold) == 1.0


def test_mention_rate_is_case_insensitive_and_zero_on_decline() -> None:
    answer = "Trafikkontoret lägger cirka 1,5 Heltidstjänster på LOKALA arbetsgrupper."
    assert mention_rate(answer, ["1,5 heltidstjänster", "lokala arbetsgrupper"], declined=False) == 1.0
    assert mention_rate(answer, ["1,5 heltidstjänster", "Globen"], declined=False) == 0.5
    assert mention_rate(answer, ["1,5 heltidstjänster"], declined=True) == 0.0
    assert mention_rate(answer, [], declined=False) == 1.0
    assert missing_mentions(answer, ["1,5 heltidstjänster", "Globen"], declined=False) == ["Globen"]


def test_decline_outcomes() -> None:
    assert declined_correctly(answerable=False, declined=True)
    assert not declined_correctly(answerable=True, declined=True)
    assert not declined_correctly(answerable=False, declined=False)
    assert falsely_declined(answerable=True, declined=True)
    assert not falsely_declined(answerable=False, declined=True)


def test_quote_verbatim_is_exact() -> None:
    passage = "Kontoret ser dock en utmaning i att bemanna berörda lokala arbetsgrupper."
    assert quote_is_verbatim("en utmaning i att bemanna", passage)
    assert not quote_is_verbatim("En utmaning i att bemanna", passage)  # case matters for a quote
    assert not quote_is_verbatim("", passage)


@pytest.mark.parametrize(
    ("values", "q", "expected"),
    [
        ([3.0, 1.0, 2.0], 50, 2.0),
        ([1.0, 2.0, 3.0, 4.0], 50, 2.0),
        ([float(i) for i in range(1, 21)], 95, 19.0),
        ([5.0], 95, 5.0),
        ([], 50, None),
    ],
)
def test_percentile_is_nearest_rank(values: list[float], q: float, expected: float | None) -> None:
    assert percentile(values, q) == expected


def test_mean_of_nothing_is_none() -> None:
    assert mean([]) is None
    assert mean([1.0, 0.0]) == 0.5


def test_decline_fit_learns_which_way_a_feature_points() -> None:
    import numpy as np

    from eval.fit_decline import fit

    rng = np.random.default_rng(0)
    support = rng.uniform(0, 1, 200)
    noise = rng.uniform(0, 1, 200)
    answerable = (support > 0.5).astype(float)
    weights, bias = fit(np.column_stack([support, noise]), answerable, np.ones(200))
    assert weights[0] > 3 * abs(weights[1])  # the informative feature dominates
    probability = 1 / (1 + np.exp(-(np.array([[0.9, 0.5], [0.1, 0.5]]) @ weights + bias)))
    assert probability[0] > 0.5 > probability[1]
