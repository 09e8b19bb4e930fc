"""The web app (Gradio 6): chat with cited sources, document viewer, precedents, library, feedback,
an embeddable ``/widget`` page and the ``/ask`` API endpoint.

Every answer comes from ``Assistant.ask``; this module only presents it. Everything that came from a
document or a user is passed through ``html.escape`` (and, in chat bubbles, markdown escaping) before
it reaches the page, so HTML in a question or a document is shown as text, never interpreted.

Interactive HTML (citation cards, the [n] markers, the document viewer) uses ``gr.HTML``'s
``js_on_load`` with ``trigger(...)``: a click becomes an ordinary server event carrying the turn and
citation number, and the server renders the whole document with the passage highlighted. The page
never fetches documents on its own, so the viewer behaves the same behind auth, in the widget and in
tests.
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import uvicorn
from fastapi import FastAPI, Response
from fastapi.responses import RedirectResponse

from assistant.cite import Answer, Citation
from assistant.feedback import FeedbackStore
from assistant.precedent import PrecedentRow, precedents
from assistant.retrieve import Filters
from assistant.service import Assistant
from index_build.settings import Settings, SettingsError
from index_build.store import StoredDocument

log = logging.getLogger(__name__)

TITLE = "Trygghetsassistenten"
# The answer is composed in one go (extractive); it is sent in this many growing pieces so the reader
# sees it arrive instead of a long pause followed by a wall of text.
STREAM_PIECES = 24
STREAM_DELAY_S = 0.02
QUEUE_SIZE_PER_WORKER = 16  # waiting requests allowed per concurrent worker before "queue full"
EXAMPLES = [
    "Vad säger trafiknämnden om trygghetsprogrammet?",
    "Vilka fem prioriterade samverkansområden finns i den nya samverkansöverenskommelsen?",
    "Vad tycker utbildningsnämnden om samverkansöverenskommelsen?",
    "What does trafiknämnden commit to under stadens offentliga miljö?",
]
NOT_ADDRESSED = "ej berört / not addressed"

# UI texts: key → (Swedish, English). Swedish is the default; the toggle swaps labels in place.
TEXTS: dict[str, tuple[str, str]] = {
    "heading": (
        f"# {TITLE}\nFrågor om Stockholms stads trygghetsprogram, samverkansöverenskommelsen med "
        "polisen och nämndernas remissvar. Svaren citerar dokumenten ordagrant; klicka på en källa "
        "för att läsa hela dokumentet.",
        f"# {TITLE}\nQuestions about Stockholm's safety programme, the cooperation agreement with the "
        "police and the committees' consultation responses. Answers quote the documents verbatim "
        "(in Swedish); click a source to read the whole document.",
    ),
    "tab_chat": ("Fråga", "Ask"),
    "tab_precedent": ("Prejudikat", "Precedents"),
    "tab_library": ("Dokument", "Documents"),
    "chat": ("Samtal", "Conversation"),
    "question": ("Din fråga", "Your question"),
    "placeholder": ("Skriv en fråga och tryck Enter …", "Type a question and press Enter …"),
    "send": ("Skicka", "Send"),
    "new": ("Ny konversation", "New chat"),
    "examples": ("Exempelfrågor", "Example questions"),
    "filters": ("Filter", "Filters"),
    "namnd": ("Nämnd", "Committee (nämnd)"),
    "year": ("År", "Year"),
    "governing": ("Styrdokument", "Governing document"),
    "kind": ("Dokumenttyp", "Document type"),
    "comment": ("Kommentar till senaste svaret (valfri)", "Comment on the latest answer (optional)"),
    "up": ("👍 Bra svar", "👍 Helpful"),
    "down": ("👎 Dåligt svar", "👎 Not helpful"),
    "topic": ("Ämne", "Topic"),
    "topic_placeholder": ("t.ex. otillåten påverkan, belysning, kameraövervakning", "e.g. otillåten påverkan"),
    "show_precedents": ("Visa prejudikat", "Show precedents"),
    "precedent_help": (
        "En rad per dokument med dess mest relevanta stycke om ämnet. *Ej berört* betyder att "
        "assistenten skulle avböja att svara om ämnet utifrån just det dokumentet. Klicka på en rad "
        "för att öppna dokumentet.",
        "One row per document with its most relevant passage on the topic. *Not addressed* means the "
        "assistant would decline to answer about the topic from that document alone. Click a row to "
        "open the document.",
    ),
    "library": ("Indexerade dokument", "Indexed documents"),
    "admin": ("Administration", "Administration"),
    "rebuild": ("Bygg om index", "Rebuild index"),
    "language": ("Språk / Language", "Språk / Language"),
    # Rendered into HTML by the server:
    "sources": ("Källor", "Sources"),
    "no_sources": ("Inga källor: dokumenten besvarar inte frågan.", "No sources: the documents do not answer."),
    "section": ("Avsnitt", "Section"),
    "page": ("s.", "p."),
    "copy": ("Kopiera referens", "Copy reference"),
    "copied": ("Kopierad ✓", "Copied ✓"),
    "open": ("Öppna dokumentet →", "Open document →"),
    "filter_applied": ("Filter", "Filters applied"),
    "sources_hint": ("Källorna till svaret visas här.", "The answer's sources appear here."),
    "viewer_hint": (
        "Klicka på en källa för att läsa hela dokumentet här.",
        "Click a source to read the whole document here.",
    ),
    "thanks": ("Tack! Din feedback är sparad.", "Thank you, your feedback has been saved."),
    "nothing_to_rate": ("Ställ en fråga först.", "Ask a question first."),
    "not_admin": ("Endast administratörer kan bygga om indexet.", "Only administrators can rebuild the index."),
}

LIBRARY_COLUMNS = [
    "Fil",
    "Nämnd",
    "Typ",
    "Dokumenttyp",
    "Datum",
    "Diarienummer",
    "Svarar på",
    "Titel",
    "Passager",
    "Anmärkningar",
]
PRECEDENT_COLUMNS = ["Nämnd", "Dokument", "Typ", "Datum", "Diarienummer", "Avsnitt", "Mest relevanta stycke"]

_MARKER = re.compile(r"\[(\d+)\]")
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]#|~$])")

# Scoped to each gr.HTML (Gradio prefixes the selectors), so it cannot leak into Gradio's own UI.
HTML_CSS = """
.tr-empty { color: var(--body-text-color-subdued); font-size: var(--text-sm); padding: 8px 2px; }
.tr-heading { font-weight: 600; margin: 4px 0 8px; }
.tr-filters { font-size: var(--text-sm); color: var(--body-text-color-subdued); margin-bottom: 6px; }
.tr-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
  margin-bottom: 10px; cursor: pointer; background: var(--background-fill-primary); }
.tr-card:hover, .tr-card:focus { border-color: var(--color-accent); outline: none;
  box-shadow: 0 0 0 2px var(--color-accent-soft); }
.tr-card-head { font-size: var(--text-sm); display: flex; flex-wrap: wrap; gap: 2px 8px; align-items: baseline; }
.tr-num { font-weight: 700; color: var(--color-accent); }
.tr-meta { color: var(--body-text-color-subdued); }
.tr-title { font-weight: 600; margin: 4px 0 2px; }
.tr-section { font-size: var(--text-sm); color: var(--body-text-color-subdued); }
.tr-passage { position: relative; white-space: pre-line; font-size: var(--text-sm); margin: 6px 0;
  padding-left: 8px; border-left: 3px solid var(--border-color-primary); max-height: 10em; overflow: auto; }
mark { background: #ffe066; color: inherit; padding: 0 1px; border-radius: 2px; }
.tr-actions { display: flex; gap: 12px; align-items: center; font-size: var(--text-sm); }
.tr-actions .tr-copy { font: inherit; font-size: var(--text-sm); font-weight: 400; line-height: 1.4;
  border: 1px solid var(--border-color-primary); border-radius: 6px; padding: 2px 10px; margin: 0;
  background: var(--button-secondary-background-fill); color: var(--body-text-color); cursor: pointer; }
.tr-actions .tr-copy:hover { background: var(--button-secondary-background-fill-hover); }
.tr-open { color: var(--color-accent); }
.tr-viewer-head { font-size: var(--text-sm); margin-bottom: 6px; }
.tr-doc { white-space: pre-wrap; font-size: var(--text-sm); line-height: 1.5; max-height: 60vh; overflow: auto;
  border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
  background: var(--background-fill-primary); }
.tr-hl { background: #e3eefc; box-shadow: -6px 0 0 #e3eefc, 6px 0 0 #e3eefc; }
"""

# Card clicks, keyboard activation, "Kopiera referens" and the [n] links inside chat answers all
# end in ``trigger('click', {turn, n})``. The document-level listener is installed once and calls
# whichever sources panel is mounted now (the widget and the main page each have one).
SOURCES_JS = """
const open = (turn, n) => trigger('click', {turn: Number(turn), n: Number(n)});
window.__trOpenSource = open;
const copyText = async (text) => {
  if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return; }
  const area = document.createElement('textarea');
  area.value = text; area.setAttribute('readonly', ''); area.style.position = 'fixed'; area.style.opacity = '0';
  document.body.appendChild(area); area.select(); document.execCommand('copy'); area.remove();
};
element.addEventListener('click', (event) => {
  const copy = event.target.closest('.tr-copy');
  if (copy) {
    event.stopPropagation();
    copyText(copy.dataset.reference).then(() => {
      const label = copy.textContent; copy.textContent = copy.dataset.done;
      setTimeout(() => { copy.textContent = label; }, 1500);
    });
    return;
  }
  const card = event.target.closest('.tr-card');
  if (card) open(card.dataset.turn, card.dataset.n);
});
element.addEventListener('keydown', (event) => {
  const card = event.target.closest('.tr-card');
  if (!card || (event.key !== 'Enter' && event.key !== ' ')) return;
  event.preventDefault();
  open(card.dataset.turn, card.dataset.n);
});
// Each card's passage box scrolls so its quote is visible without the reader hunting for it.
watch('value', () => {
  element.querySelectorAll('.tr-passage mark').forEach((mark) => {
    mark.parentElement.scrollTop = Math.max(0, mark.offsetTop - 24);
  });
});
if (!window.__trMarkerListener) {
  window.__trMarkerListener = true;
  document.addEventListener('click', (event) => {
    const link = event.target.closest && event.target.closest('a[href*="#kalla-"]');
    if (!link) return;
    const match = link.getAttribute('href').match(/#kalla-(\\d+)-(\\d+)/);
    if (!match) return;
    event.preventDefault(); event.stopPropagation();
    window.__trOpenSource && window.__trOpenSource(match[1], match[2]);
  }, true);
}
"""

# After the server sends a new document, bring the highlighted quote into view.
VIEWER_JS = """
watch('value', () => {
  const mark = element.querySelector('mark');
  if (mark) setTimeout(() => mark.scrollIntoView({block: 'center', behavior: 'smooth'}), 50);
});
"""

APP_CSS = """
.tr-header { align-items: flex-start; }
.tr-header .prose h1 { margin-bottom: 4px; }
#tr-chat .message a[href*="#kalla-"] { text-decoration: none; font-weight: 600; }
#tr-feedback-status { min-height: 1.5em; }
#tr-precedents :is(.body-cell, th), #tr-precedents :is(.body-cell, th) *,
#tr-library :is(.body-cell, th), #tr-library :is(.body-cell, th) * { font-family: var(--font); }
"""


def text(key: str, language: str) -> str:
    """A UI text in the chosen language ("sv" or "en")."""
    swedish, english = TEXTS[key]
    return english if language == "en" else swedish


# --- escaping ----------------------------------------------------------------------------------


def markdown_text(value: str) -> str:
    """Plain text for a chat bubble: HTML escaped, markdown link/emphasis/code/table/math syntax
    neutralised, line breaks kept (the chatbot renders markdown with line_breaks=True)."""
    return html.escape(_MARKDOWN_SPECIAL.sub(r"\\\1", value), quote=False)


def answer_markdown(answer: Answer, turn: int) -> str:
    """The answer text, escaped, with each [n] turned into a link the page opens as the source."""
    known = {citation.id for citation in answer.citations}
    parts: list[str] = []
    position = 0
    for match in _MARKER.finditer(answer.answer):
        number = int(match.group(1))
        if number not in known:
            continue
        parts.append(markdown_text(answer.answer[position : match.start()]))
        parts.append(f"[\\[{number}\\]](#kalla-{turn}-{number})")
        position = match.end()
    parts.append(markdown_text(answer.answer[position:]))
    return "".join(parts)


def stream_pieces(value: str, pieces: int = STREAM_PIECES) -> Iterator[str]:
    """Growing prefixes of ``value`` cut at spaces (never inside an escape or a [n] link), ending
    with the whole text."""
    cuts = [match.start() for match in re.finditer(r"\s+", value)]
    step = max(1, len(cuts) // pieces)
    for cut in cuts[step - 1 :: step]:
        yield value[:cut]
    yield value


# --- HTML rendering ----------------------------------------------------------------------------


def _marked(passage: str, quote_start: int, quote: str) -> str:
    """The passage escaped, with the quote wrapped in <mark> (found again if the offset is off)."""
    if passage[quote_start : quote_start + len(quote)] != quote:
        quote_start = passage.find(quote)
    if not quote or quote_start < 0:
        return html.escape(passage)
    end = quote_start + len(quote)
    return f"{html.escape(passage[:quote_start])}<mark>{html.escape(quote)}</mark>{html.escape(passage[end:])}"


def _meta_line(namnd: str, document_type: str, date: str, diarienummer: str) -> str:
    parts = [f"<strong>{html.escape(namnd or 'okänd avsändare')}</strong>"]
    parts += [
        f'<span class="tr-meta">{html.escape(part)}</span>' for part in (document_type, date, diarienummer) if part
    ]
    return " · ".join(parts)


def hint_html(key: str, language: str) -> str:
    """Placeholder shown before there is an answer or an opened document."""
    return f'<div class="tr-empty">{html.escape(text(key, language))}</div>'


def sources_html(answer: Answer, turn: int, language: str) -> str:
    """Citation cards for one answer: number, nämnd, title, date, dnr, section, marked passage.
    ``data-turn`` says which answer they belong to (the page and the tests wait on it)."""
    heading = f'<div class="tr-heading">{html.escape(text("sources", language))}</div>'
    applied = (
        f'<div class="tr-filters">{html.escape(text("filter_applied", language))}: {html.escape(answer.filters)}</div>'
        if answer.filters
        else ""
    )
    cards = "".join(_card(citation, turn, language) for citation in answer.citations) or (
        f'<div class="tr-empty">{html.escape(text("no_sources", language))}</div>'
    )
    return f'<div class="tr-sources" data-turn="{turn}">{heading}{applied}{cards}</div>'


def _card(citation: Citation, turn: int, language: str) -> str:
    page = f" · {text('page', language)} {citation.page}" if citation.page else ""
    section = html.escape(f"{text('section', language)}: {citation.section}{page}")
    return (
        f'<article class="tr-card" role="button" tabindex="0" data-turn="{turn}" data-n="{citation.id}" '
        f'aria-label="{html.escape(text("open", language))} [{citation.id}]">'
        f'<div class="tr-card-head"><span class="tr-num">[{citation.id}]</span>'
        f"{_meta_line(citation.namnd, citation.document_type, citation.date, citation.diarienummer)}</div>"
        f'<div class="tr-title">{html.escape(citation.title or citation.document)}</div>'
        f'<div class="tr-section">{section}</div>'
        f'<div class="tr-passage">{_marked(citation.passage, citation.quote_start, citation.quote)}</div>'
        f'<div class="tr-actions"><button type="button" class="tr-copy" '
        f'data-reference="{html.escape(citation.reference())}" data-done="{html.escape(text("copied", language))}">'
        f"{html.escape(text('copy', language))}</button>"
        f'<span class="tr-open">{html.escape(text("open", language))}</span></div></article>'
    )


@dataclass(frozen=True)
class Highlight:
    """Where to highlight inside a document: the passage and, inside it, the quote."""

    passage: str
    passage_start: int
    quote: str
    quote_start: int  # inside the passage


def document_html(document: StoredDocument | None, highlight: Highlight) -> str:
    """The whole document, escaped, with the passage shaded and the quote in <mark>."""
    if document is None:
        return '<div class="tr-empty">Dokumentet finns inte längre i indexet (det har byggts om).</div>'
    body = document.text
    start = highlight.passage_start
    if body[start : start + len(highlight.passage)] != highlight.passage:
        log.warning("passage offset %d does not match %s; locating it by text", start, document.name)
        start = body.find(highlight.passage)
    if start < 0:
        marked = html.escape(body)
    else:
        end = start + len(highlight.passage)
        marked = (
            f'{html.escape(body[:start])}<span class="tr-hl">'
            f"{_marked(highlight.passage, highlight.quote_start, highlight.quote)}</span>{html.escape(body[end:])}"
        )
    meta = document.metadata
    head = _meta_line(meta.namnd, meta.document_type, meta.date, ", ".join(meta.diarienummer))
    title = html.escape(meta.title or document.name)
    return (
        f'<div class="tr-viewer-head"><div class="tr-title">{title}</div>{head}'
        f' · <span class="tr-meta">{html.escape(document.name)}</span></div>'
        f'<div class="tr-doc" tabindex="0">{marked}</div>'
    )


# --- filters and tables ------------------------------------------------------------------------


@dataclass(frozen=True)
class Catalogue:
    """Filter choices offered by the current index generation."""

    namnder: list[str]
    years: list[int]
    governing_documents: list[str]
    kinds: list[str]


def catalogue(assistant: Assistant) -> Catalogue:
    metas = [passage.metadata for passage in assistant.index.loaded.passages]
    return Catalogue(
        namnder=sorted({m.namnd for m in metas if m.namnd}),
        years=sorted({m.year for m in metas if m.year}),
        governing_documents=sorted({m.governing_document for m in metas if m.governing_document}),
        kinds=sorted({m.kind.value for m in metas}),
    )


def filters_from(
    namnder: Sequence[str] | None = None,
    years: Sequence[int | str] | None = None,
    governing_documents: Sequence[str] | None = None,
    kinds: Sequence[str] | None = None,
) -> Filters:
    return Filters(
        namnder=tuple(namnder or ()),
        years=tuple(int(year) for year in years or ()),
        governing_documents=tuple(governing_documents or ()),
        kinds=tuple(kinds or ()),
    )


def library_rows(assistant: Assistant) -> list[list[Any]]:
    rows = []
    for document in assistant.documents():
        meta = document.metadata
        notes = [*document.warnings, *(f"dubblett: {alias}" for alias in document.aliases)]
        rows.append(
            [
                document.name,
                meta.namnd,
                meta.kind.value,
                meta.document_type,
                meta.date,
                ", ".join(meta.diarienummer),
                meta.governing_document,
                meta.title,
                document.chunk_count,
                "; ".join(notes),
            ]
        )
    return rows


def precedent_table(rows: list[PrecedentRow]) -> list[list[Any]]:
    return [
        [
            row.namnd,
            row.title or row.document,
            row.document_type,
            row.date,
            row.diarienummer,
            row.section,
            row.quote if row.addressed else NOT_ADDRESSED,
        ]
        for row in rows
    ]


# --- the app -----------------------------------------------------------------------------------


@dataclass
class _Registry:
    """Components whose texts follow the language toggle: (component, {attribute: text key})."""

    entries: list[tuple[gr.components.Component | gr.blocks.BlockContext, dict[str, str]]] = field(default_factory=list)

    def add(self, component: Any, **attributes: str) -> Any:
        self.entries.append((component, attributes))
        return component

    def updates(self, language: str) -> list[dict[str, Any]]:
        return [gr.update(**{attr: text(key, language) for attr, key in attrs.items()}) for _, attrs in self.entries]


class _Handlers:
    """Server-side event handlers, sharing one Assistant and one feedback store."""

    def __init__(self, assistant: Assistant, settings: Settings, admins: frozenset[str] | None) -> None:
        self.assistant = assistant
        self.settings = settings
        self.feedback = FeedbackStore(settings.feedback_db)
        self.admins = admins
        self._build_lock = threading.Lock()

    def respond(
        self, question: str, messages: list[dict[str, Any]], turns: list[Answer], language: str, *filter_values: Any
    ) -> Iterator[tuple[Any, ...]]:
        """Stream one answer; earlier questions of this conversation go to the assistant as history."""
        question = (question or "").strip()
        if not question:
            yield gr.skip(), gr.skip(), gr.skip(), gr.skip()
            return
        messages = [*messages, {"role": "user", "content": markdown_text(question)}]
        yield "", messages, turns, gr.skip()
        answer = self.assistant.ask(question, [turn.question for turn in turns], filters_from(*filter_values))
        turns = [*turns, answer]
        reply = {"role": "assistant", "content": ""}
        messages = [*messages, reply]
        for piece in stream_pieces(answer_markdown(answer, len(turns) - 1)):
            reply["content"] = piece
            yield gr.skip(), messages, turns, gr.skip()
            time.sleep(STREAM_DELAY_S)
        yield gr.skip(), messages, turns, sources_html(answer, len(turns) - 1, language)

    def open_source(self, turns: list[Answer], event: gr.EventData) -> Any:
        """Whole document of citation ``n`` of answer ``turn``, scrolled to its quote."""
        turn, number = int(getattr(event, "turn", -1)), int(getattr(event, "n", -1))
        if not 0 <= turn < len(turns) or not 1 <= number <= len(turns[turn].citations):
            return gr.skip()
        citation = turns[turn].citations[number - 1]
        highlight = Highlight(citation.passage, citation.passage_start, citation.quote, citation.quote_start)
        return document_html(self.assistant.document(citation.document), highlight)

    def open_precedent(self, rows: list[PrecedentRow], event: gr.SelectData) -> Any:
        index = event.index[0] if isinstance(event.index, (list, tuple)) else event.index
        if not 0 <= int(index) < len(rows) or not rows[int(index)].addressed:
            return gr.skip()
        row = rows[int(index)]
        highlight = Highlight(row.passage, row.passage_start, row.quote, row.quote_start)
        return document_html(self.assistant.document(row.document), highlight)

    def rate_latest(self, rating: str, turns: list[Answer], comment: str, language: str) -> tuple[str, Any]:
        if not turns:
            return text("nothing_to_rate", language), gr.skip()
        return self._store(turns[-1], rating, comment, language)

    def rate_message(self, turns: list[Answer], comment: str, language: str, like: gr.LikeData) -> tuple[str, Any]:
        """The chatbot's own thumbs: each turn is one user and one assistant message."""
        index = like.index[0] if isinstance(like.index, (list, tuple)) else like.index
        turn = int(index) // 2
        if like.liked not in (True, False) or not 0 <= turn < len(turns):
            return gr.skip(), gr.skip()
        return self._store(turns[turn], "up" if like.liked else "down", comment, language)

    def _store(self, answer: Answer, rating: str, comment: str, language: str) -> tuple[str, str]:
        self.feedback.add(answer.question, answer.to_json(), rating, comment or "")
        return text("thanks", language), ""

    def show_precedents(self, topic: str, language: str) -> tuple[list[PrecedentRow], Any, str]:
        rows = precedents(self.assistant, topic or "")
        return rows, precedent_table(rows), hint_html("viewer_hint", language)

    def refresh_catalogue(self) -> tuple[Any, ...]:
        found = catalogue(self.assistant)
        return (
            gr.update(choices=found.namnder),
            gr.update(choices=found.years),
            gr.update(choices=found.governing_documents),
            gr.update(choices=found.kinds),
            library_rows(self.assistant),
        )

    def rebuild(self, language: str, request: gr.Request, progress: gr.Progress = gr.Progress()) -> tuple[Any, ...]:  # noqa: B008
        """Build a new index generation from documents/; the assistant follows its pointer."""
        from index_build.pipeline import build_index

        user = getattr(request, "username", None)
        if self.admins is not None and user not in self.admins:
            raise gr.Error(text("not_admin", language))

        def report(done: int, total: int, name: str, embedded: int) -> None:
            progress((done, total), desc=f"{name} ({embedded} nya passager inbäddade)")

        with self._build_lock:
            result = build_index(self.settings, progress=report)
        self.assistant.index.refresh()
        failed = "".join(f"\n- {name}: {reason}" for name, reason in result.failed.items())
        status = (
            f"Klart: {len(result.indexed)} indexerade, {len(result.skipped)} oförändrade, "
            f"{len(result.removed)} borttagna, {len(result.failed)} misslyckade "
            f"({result.chunks} passager, {result.seconds:.0f} s, generation {result.generation}).{failed}"
        )
        log.info("rebuild by %s: %s", user or "anonymous", status)
        return (markdown_text(status), *self.refresh_catalogue())

    def api_ask(
        self, question: str, history: list[str] | str | None = None, filters: dict[str, Any] | str | None = None
    ) -> dict[str, Any]:
        """Answer ``question`` with citations. ``history``: earlier questions of the conversation
        (oldest first), as a list or a JSON list. ``filters``: {"namnder": [...], "years": [...],
        "governing_documents": [...], "kinds": [...]}, as an object or JSON. Returns Answer.to_json()."""
        return self.assistant.ask(question, _json_list(history), _json_filters(filters)).to_json()


def _json_value(value: Any, default: Any) -> Any:
    """API inputs may come as JSON text (handy from curl or other languages) or as JSON values."""
    if isinstance(value, str):
        try:
            value = json.loads(value) if value.strip() else None
        except json.JSONDecodeError as exc:
            raise gr.Error(f"not valid JSON: {exc}") from exc
    return default if value is None else value


def _json_list(value: list[str] | str | None) -> list[str]:
    value = _json_value(value, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise gr.Error("history must be a list of strings (earlier questions, oldest first)")
    return value


def _json_filters(value: dict[str, Any] | str | None) -> Filters:
    value = _json_value(value, {})
    known = {"namnder", "years", "governing_documents", "kinds"}
    if not isinstance(value, dict) or set(value) - known:
        raise gr.Error(f"filters must be an object with keys {sorted(known)}")
    try:
        return filters_from(**value)
    except (TypeError, ValueError) as exc:
        raise gr.Error(f"invalid filters: {exc}") from exc


def _viewer(elem_id: str) -> gr.HTML:
    return gr.HTML(hint_html("viewer_hint", "sv"), elem_id=elem_id, css_template=HTML_CSS, js_on_load=VIEWER_JS)


def _chat_panel(
    handlers: _Handlers, registry: _Registry, language: gr.Radio | gr.State, compact: bool
) -> list[gr.Dropdown]:
    """Chatbot, input, citation cards and document viewer, wired. The widget is the compact variant
    (no examples, filters or feedback). Returns the filter dropdowns (none in the widget)."""
    turns = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            chatbot = registry.add(
                gr.Chatbot(
                    label=text("chat", "sv"),
                    elem_id="tr-chat",
                    height=380 if compact else 520,
                    layout="bubble",
                    latex_delimiters=[],
                    buttons=[],
                    show_label=not compact,
                ),
                label="chat",
            )
            with gr.Row(equal_height=True):
                question = registry.add(
                    gr.Textbox(
                        label=text("question", "sv"),
                        placeholder=text("placeholder", "sv"),
                        elem_id="tr-question",
                        show_label=False,
                        container=False,
                        max_lines=4,
                        scale=6,
                    ),
                    label="question",
                    placeholder="placeholder",
                )
                send = registry.add(
                    gr.Button(
                        text("send", "sv"), variant="primary", elem_id="tr-send", size="md", scale=1, min_width=90
                    ),
                    value="send",
                )
                new = registry.add(
                    gr.Button(text("new", "sv"), elem_id="tr-new", size="md", scale=1, min_width=160), value="new"
                )
            filters = [] if compact else _full_extras(handlers, registry, language, question, chatbot, turns)
        with gr.Column(scale=2, min_width=300):
            sources = gr.HTML(
                hint_html("sources_hint", "sv"), elem_id="tr-sources", css_template=HTML_CSS, js_on_load=SOURCES_JS
            )
            viewer = _viewer("tr-viewer")
    gr.on(
        triggers=[question.submit, send.click],
        fn=handlers.respond,
        inputs=[question, chatbot, turns, language, *filters],
        outputs=[question, chatbot, turns, sources],
        api_visibility="private",
        show_progress="minimal",
    )
    new.click(
        lambda lang: ([], [], hint_html("sources_hint", lang), hint_html("viewer_hint", lang), ""),
        inputs=[language],
        outputs=[chatbot, turns, sources, viewer, question],
        api_visibility="private",
        queue=False,
    )
    sources.click(
        handlers.open_source, inputs=[turns], outputs=[viewer], api_visibility="private", concurrency_limit=None
    )
    return filters


def _full_extras(
    handlers: _Handlers,
    registry: _Registry,
    language: gr.Radio | gr.State,
    question: gr.Textbox,
    chatbot: gr.Chatbot,
    turns: gr.State,
) -> list[gr.Dropdown]:
    """Feedback on answers, example questions and the hard filters (choices filled on page load)."""
    with gr.Row(equal_height=True, elem_id="tr-feedback"):
        comment = registry.add(
            gr.Textbox(
                label=text("comment", "sv"),
                placeholder=text("comment", "sv"),
                elem_id="tr-comment",
                show_label=False,
                container=False,
                max_lines=3,
                scale=4,
            ),
            label="comment",
            placeholder="comment",
        )
        buttons = {
            rating: registry.add(
                gr.Button(text(rating, "sv"), elem_id=f"tr-{rating}", size="md", scale=1, min_width=140), value=rating
            )
            for rating in ("up", "down")
        }
    status = gr.Markdown(elem_id="tr-feedback-status")
    for rating, button in buttons.items():
        button.click(
            partial(handlers.rate_latest, rating),
            inputs=[turns, comment, language],
            outputs=[status, comment],
            api_visibility="private",
            concurrency_limit=None,
        )
    chatbot.like(
        handlers.rate_message,
        inputs=[turns, comment, language],
        outputs=[status, comment],
        api_visibility="private",
        concurrency_limit=None,
    )
    gr.Examples(EXAMPLES, inputs=[question], label=text("examples", "sv"))
    with registry.add(gr.Accordion(text("filters", "sv"), open=False), label="filters"), gr.Row():
        return [
            registry.add(
                gr.Dropdown([], multiselect=True, label=text(key, "sv"), elem_id=f"tr-filter-{key}"), label=key
            )
            for key in ("namnd", "year", "governing", "kind")
        ]


def build_app(assistant: Assistant, settings: Settings, admins: frozenset[str] | None = None) -> gr.Blocks:
    """The whole app: main page (chat, precedents, library) and the /widget page, plus the API.

    ``admins``: logins allowed to rebuild the index; ``None`` lets every user who can open the app.
    """
    handlers = _Handlers(assistant, settings, admins)
    registry = _Registry()
    with gr.Blocks(title=TITLE, analytics_enabled=False) as demo:
        with gr.Row(elem_classes=["tr-header"]):
            registry.add(gr.Markdown(text("heading", "sv")), value="heading")
            language = gr.Radio(
                [("Svenska", "sv"), ("English", "en")],
                value="sv",
                label=text("language", "sv"),
                elem_id="tr-language",
                scale=0,
                min_width=220,
            )
        with gr.Tabs():
            with registry.add(gr.Tab(text("tab_chat", "sv"), id="chat"), label="tab_chat"):
                filters = _chat_panel(handlers, registry, language, compact=False)
            with registry.add(gr.Tab(text("tab_precedent", "sv"), id="precedent"), label="tab_precedent"):
                _precedent_tab(handlers, registry, language)
            with registry.add(gr.Tab(text("tab_library", "sv"), id="library"), label="tab_library"):
                library = registry.add(
                    gr.Dataframe(
                        headers=LIBRARY_COLUMNS,
                        label=text("library", "sv"),
                        interactive=False,
                        wrap=True,
                        elem_id="tr-library",
                        max_height=900,
                        column_widths=["19%", "10%", "7%", "9%", "7%", "9%", "11%", "16%", "5%", "7%"],
                    ),
                    label="library",
                )
                with registry.add(gr.Accordion(text("admin", "sv"), open=False), label="admin"):
                    rebuild = registry.add(
                        gr.Button(text("rebuild", "sv"), variant="stop", elem_id="tr-rebuild"), value="rebuild"
                    )
                    rebuild_status = gr.Markdown(elem_id="tr-rebuild-status")
        rebuild.click(
            handlers.rebuild,
            inputs=[language],
            outputs=[rebuild_status, *filters, library],
            api_visibility="private",
            concurrency_limit=1,
        )
        demo.load(handlers.refresh_catalogue, outputs=[*filters, library], api_visibility="private")
        language.change(
            registry.updates,
            inputs=[language],
            outputs=[component for component, _ in registry.entries],
            api_visibility="private",
            queue=False,
        )
        gr.api(handlers.api_ask, api_name="ask")

    return demo


def build_widget(assistant: Assistant, settings: Settings) -> gr.Blocks:
    """The compact chat for embedding in other pages (intranet): answers with their sources and the
    document viewer, no tabs, filters or feedback. Served as its own app at /widget so that both an
    <iframe> and the <gradio-app> web component (which reads ``{src}/config``) can load it."""
    handlers = _Handlers(assistant, settings, admins=frozenset())
    with gr.Blocks(title=TITLE, analytics_enabled=False) as widget:
        gr.Markdown(f"**{TITLE}** · svar med källor ur stadens trygghetsdokument", elem_id="tr-widget-title")
        _chat_panel(handlers, _Registry(), gr.State("sv"), compact=True)
    return widget


def _precedent_tab(handlers: _Handlers, registry: _Registry, language: gr.Radio) -> None:
    """Topic in, one row per document out; clicking a row opens the document at that passage."""
    registry.add(gr.Markdown(text("precedent_help", "sv")), value="precedent_help")
    with gr.Row(equal_height=True):
        topic = registry.add(
            gr.Textbox(
                label=text("topic", "sv"),
                placeholder=text("topic_placeholder", "sv"),
                elem_id="tr-topic",
                show_label=False,
                container=False,
                scale=4,
            ),
            label="topic",
            placeholder="topic_placeholder",
        )
        show = registry.add(
            gr.Button(text("show_precedents", "sv"), variant="primary", elem_id="tr-show-precedents", scale=1),
            value="show_precedents",
        )
    rows = gr.State([])
    table = gr.Dataframe(
        headers=PRECEDENT_COLUMNS,
        interactive=False,
        wrap=True,
        elem_id="tr-precedents",
        max_height=900,
        column_widths=["12%", "17%", "9%", "8%", "9%", "10%", "35%"],
    )
    viewer = _viewer("tr-precedent-viewer")
    gr.on(
        triggers=[topic.submit, show.click],
        fn=handlers.show_precedents,
        inputs=[topic, language],
        outputs=[rows, table, viewer],
        api_visibility="private",
    )
    table.select(handlers.open_precedent, inputs=[rows], outputs=[viewer], api_visibility="private")


# --- serving -----------------------------------------------------------------------------------


def read_auth_file(path: Path) -> list[tuple[str, str]]:
    """'user:password' lines (blank lines and # comments ignored); the password may contain ':'."""
    credentials = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        user, sep, password = line.partition(":")
        if not sep or not user or not password:
            raise SettingsError(f"{path}:{number}: expected 'user:password'")
        credentials.append((user, password))
    if not credentials:
        raise SettingsError(f"{path}: no 'user:password' lines")
    return credentials


def _mount_options(auth: list[tuple[str, str]] | None, footer_links: list[str]) -> dict[str, Any]:
    """Local assets only (no SSR/node, no CDN fonts), no monitoring page, no MCP, no run history."""
    return {
        "auth": auth,
        "auth_message": f"Logga in på {TITLE}" if auth else None,
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
        "enable_monitoring": False,
        "run_history": False,
        "footer_links": footer_links,
        "css": APP_CSS,
        "theme": gr.themes.Default(primary_hue="blue"),
        "show_error": True,
    }


def create_server(
    assistant: Assistant,
    settings: Settings,
    auth: list[tuple[str, str]] | None = None,
    admins: frozenset[str] | None = None,
) -> FastAPI:
    """One ASGI app: the main app at /, the widget at /widget, and /gradio.js for <gradio-app> embeds
    (the web-component loader of the installed Gradio, so embedding pages need no CDN)."""
    server = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    loader = (Path(gr.__file__).parent / "templates" / "frontend" / "gradio.js").read_text(encoding="utf-8")

    @server.get("/gradio.js", include_in_schema=False)
    def gradio_loader() -> Response:
        # Public, static and the same for everyone: any page may load it as a module script.
        return Response(loader, media_type="text/javascript", headers={"Access-Control-Allow-Origin": "*"})

    @server.get("/widget", include_in_schema=False)
    def widget_root() -> RedirectResponse:
        return RedirectResponse("widget/")  # relative: keeps working behind a path-prefixing proxy

    limits = {
        "default_concurrency_limit": settings.queue_concurrency,
        "max_size": settings.queue_concurrency * QUEUE_SIZE_PER_WORKER,
    }
    widget = build_widget(assistant, settings).queue(**limits)
    main = build_app(assistant, settings, admins).queue(**limits)
    # /widget first: the mount at / would otherwise swallow it.
    server = gr.mount_gradio_app(server, widget, path="/widget", **_mount_options(auth, []))
    return gr.mount_gradio_app(server, main, path="/", **_mount_options(auth, ["api"]))


def _warm_up(assistant: Assistant) -> None:
    """The first question pays for loading the embedder and query caches; pay it at start-up
    instead of making the first user wait."""
    started = time.perf_counter()
    assistant.ask(EXAMPLES[0])
    log.info("warm-up question answered in %.2f s", time.perf_counter() - started)


def serve(settings: Settings, host: str = "127.0.0.1", port: int = 7860, auth_file: Path | None = None) -> int:
    """Load the index once and serve the app until interrupted; returns the process exit code.

    Login is required when ``auth_file`` (or settings.auth_file, env TRYGG_AUTH_FILE) is given.
    Rebuilding the index is limited to settings.admin_users (env TRYGG_ADMIN_USERS) when set.
    """
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    auth_path = auth_file or settings.auth_file
    auth = read_auth_file(Path(auth_path)) if auth_path else None
    admins = frozenset(name.strip() for name in settings.admin_users.split(",") if name.strip()) or None
    assistant = Assistant(settings)
    _warm_up(assistant)
    server = create_server(assistant, settings, auth, admins)
    log.warning("%s: http://%s:%d  (widget: /widget)%s", TITLE, host, port, " with login" if auth else "")
    uvicorn.run(server, host=host, port=port, log_level="warning")
    return 0
