"""Question hygiene before anything else runs: empty, over-long, control characters, prompt probes.

The answerer is extractive (it cannot obey instructions), so hostile text is harmless to it; this
stage exists so users get a polite, specific reply instead of a useless search or a stack trace.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Terminal escape sequences (colour codes copied from a terminal) become a space, parameters and all.
_ANSI = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[@-_]")
# Invisible joiners and soft hyphens sit *inside* words ("trafik\u200bnämnden", "trygg\u00adhet", as text
# pasted from a PDF or a web page has them): removed, so the word stays whole. Other control, line/paragraph
# separator and bidi-override characters (C0, DEL, C1, U+2028-U+202E, U+2066-U+2069) become a space.
_INVISIBLE = re.compile(r"[\u00ad\u200b-\u200d\u2060\ufeff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u2028-\u202e\u2066-\u2069]")
_PROBE = re.compile(
    r"(system\s?prompt|systemprompt|dina instruktioner|your instructions|ignore (all|previous)|"
    r"ignorera (alla|tidigare)|jailbreak|developer mode|visa (din|dina) (prompt|instruktion))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class GuardResult:
    question: str  # cleaned
    refusal: str | None  # a polite reply instead of an answer, or None to go on


def clean(text: object) -> str:
    """User text as retrieval should see it: NFC, no escapes/invisible/control characters, single spaces.
    For the question *and* each history turn (a pasted turn is as dirty as a pasted question)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    cleaned = _CONTROL.sub(" ", _INVISIBLE.sub("", _ANSI.sub(" ", unicodedata.normalize("NFC", text))))
    return re.sub(r"\s+", " ", cleaned).strip()


def check_question(question: object, max_chars: int, language: str = "sv") -> GuardResult:
    cleaned = clean(question)
    english = language == "en"
    if not cleaned:
        return GuardResult(
            "",
            "Please type a question about the documents."
            if english
            else "Skriv en fråga om dokumenten, till exempel vad en nämnd säger om trygghetsprogrammet.",
        )
    if len(cleaned) > max_chars:
        return GuardResult(
            cleaned[:max_chars],
            (
                f"The question is too long ({len(cleaned)} characters; at most {max_chars}). Please shorten it."
                if english
                else f"Frågan är för lång ({len(cleaned)} tecken; högst {max_chars}). Korta den och försök igen."
            ),
        )
    if _PROBE.search(cleaned):
        return GuardResult(
            cleaned,
            (
                "I only answer questions about the indexed documents, with citations; I have no instructions to show."
                if english
                else "Jag svarar bara på frågor om de indexerade dokumenten, med källhänvisningar, och har inga "
                "instruktioner att visa. Ställ gärna en fråga om dokumenten."
            ),
        )
    if not re.search(r"[A-Za-zÅÄÖåäöÉé]{2,}", cleaned):
        return GuardResult(
            cleaned,
            "Please ask the question in words." if english else "Jag förstår inte frågan. Skriv den gärna med ord.",
        )
    return GuardResult(cleaned, None)
