"""`python -m eval.fit_decline`: fit the answer-or-decline model on labelled question sets.

Each question is examined by the real system (index of ./documents, e5, the answerer's features);
questions declined by rule (a nämnd with no document) are left out, since the model never sees them.
Before fitting on everything, each set is held out in turn and predicted by a model fitted on the
others: that leave-one-set-out table is the honest estimate of how the model does on new questions.
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from eval.__main__ import DEFAULT_QUESTIONS, REPO
from eval.runner import fresh_assistant, load_questions, quiet_libraries

log = logging.getLogger("eval.fit_decline")
DEFAULT_SETS = [DEFAULT_QUESTIONS, *sorted((REPO / "eval" / "questions").glob("*.jsonl"))]
L2 = 1.0  # ridge on the weights: ~250 questions, 6 features; keeps the fit smooth, not memorised
UNANSWERABLE_WEIGHT = 6.0  # a confident wrong answer costs more than an honest "the documents don't say"
THRESHOLD = 0.5


@dataclass(frozen=True)
class Example:
    set_name: str
    id: str
    answerable: bool
    x: list[float]


def examples(paths: list[Path]) -> list[Example]:
    from assistant.decline import features

    with fresh_assistant("fit-decline-") as assistant:
        found: list[Example] = []
        for path in paths:
            for question in load_questions(path):
                examined = assistant.examine(question.question, list(question.history))
                if examined.unknown:
                    continue
                x = features(examined.evidence, examined.intent.language)
                found.append(Example(path.stem, question.id, question.answerable, x))
            log.info("%s: examined", path.name)
    return found


def fit(x: np.ndarray, y: np.ndarray, sample_weight: np.ndarray) -> tuple[np.ndarray, float]:
    """L2-regularised logistic regression by Newton's method (the bias is not regularised)."""
    design = np.hstack([x, np.ones((len(x), 1))])
    theta = np.zeros(design.shape[1])
    penalty = np.eye(design.shape[1]) * L2
    penalty[-1, -1] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-design @ theta))
        gradient = design.T @ (sample_weight * (p - y)) + penalty @ theta
        hessian = design.T @ (design * (sample_weight * p * (1 - p))[:, None]) + penalty
        step = np.linalg.solve(hessian, gradient)
        theta -= step
        if np.abs(step).max() < 1e-8:
            break
    return theta[:-1], float(theta[-1])


def _arrays(chosen: list[Example]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    x = np.array([e.x for e in chosen])
    y = np.array([1.0 if e.answerable else 0.0 for e in chosen])
    return x, y, np.where(y == 1.0, 1.0, UNANSWERABLE_WEIGHT)


def _errors(chosen: list[Example], weights: np.ndarray, bias: float) -> tuple[int, int, int, int]:
    """(false declines, answerable, unanswerable answered, unanswerable) at THRESHOLD."""
    x, y, _ = _arrays(chosen)
    answer = 1.0 / (1.0 + np.exp(-(x @ weights + bias))) >= THRESHOLD
    return int(((y == 1) & ~answer).sum()), int((y == 1).sum()), int(((y == 0) & answer).sum()), int((y == 0).sum())


def main(argv: list[str] | None = None) -> int:
    from assistant.decline import FEATURES, MODEL_FILE

    parser = argparse.ArgumentParser(prog="python -m eval.fit_decline", description=__doc__)
    parser.add_argument("sets", nargs="*", type=Path, default=DEFAULT_SETS, help="question files (JSON lines)")
    parser.add_argument("--out", type=Path, default=MODEL_FILE, help=f"model file to write (default {MODEL_FILE})")
    parser.add_argument("--dry-run", action="store_true", help="report the cross-validation only; write nothing")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    quiet_libraries()
    found = examples(args.sets)
    names = list(dict.fromkeys(e.set_name for e in found))
    print(f"{'held-out set':<14} {'false declines':>15} {'unanswerable answered':>22}")
    totals = np.zeros(4, dtype=int)
    for name in names:
        weights, bias = fit(*_arrays([e for e in found if e.set_name != name]))
        errors = _errors([e for e in found if e.set_name == name], weights, bias)
        totals += errors
        print(f"{name:<14} {errors[0]:>9}/{errors[1]:<5} {errors[2]:>16}/{errors[3]:<5}")
    print(f"{'all (held out)':<14} {totals[0]:>9}/{totals[1]:<5} {totals[2]:>16}/{totals[3]:<5}")
    weights, bias = fit(*_arrays(found))
    errors = _errors(found, weights, bias)
    print(f"{'fitted on all':<14} {errors[0]:>9}/{errors[1]:<5} {errors[2]:>16}/{errors[3]:<5}")
    described = ", ".join(f"{name}={weight:+.2f}" for name, weight in zip(FEATURES, weights, strict=True))
    print(f"weights: {described}, bias={bias:+.2f}")
    if not args.dry_run:
        model = {
            "features": list(FEATURES),
            "weights": [round(float(w), 4) for w in weights],
            "bias": round(bias, 4),
            "fitted_on": {name: sum(e.set_name == name for e in found) for name in names},
            "cross_validated": {"false_declines": f"{totals[0]}/{totals[1]}", "answered": f"{totals[2]}/{totals[3]}"},
        }
        args.out.write_text(json.dumps(model, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
