"""The web app end to end: a real index, the real server (``python -m assistant serve``) in a
subprocess, headless Debian chromium through Playwright, and gradio_client for the API.

Screenshots go to each test's tmp_path; the main view, the widget, the precedents and the embed
page are also copied to /tmp/ui_shots/ for people to look at. Time to first streamed token is
printed (run with ``-s`` to see it) and written to /tmp/ui_shots/timings.txt.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from assistant.cite import Answer, Citation
from assistant.feedback import FeedbackStore, export_feedback
from assistant.serve import Highlight, answer_markdown, document_html, markdown_text, sources_html, stream_pieces
from index_build.models import DocumentKind, DocumentMetadata
from index_build.settings import Settings, load_settings
from index_build.store import StoredDocument
from tests.support import stop

REPO = Path(__file__).resolve().parent.parent
DOCUMENTS = REPO / "documents"
SHOTS = Path("/tmp/ui_shots")
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
QUESTION = "Vad säger trafiknämnden om trygghetsprogrammet?"
FOLLOW_UP = "Vad efterfrågar de mer konkret?"
STARTUP_TIMEOUT_S = 180
ANSWER_TIMEOUT_MS = 60_000


# --- fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ui_settings(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Settings:
    """A private, writable copy of a real index of documents/ (the rebuild test changes it).

    Copies the session index when tests/conftest.py offers one, so the suite embeds the documents
    once; builds its own otherwise.
    """
    root = tmp_path_factory.mktemp("ui")
    try:
        shared: Settings = request.getfixturevalue("built_index")
        shutil.copytree(shared.index_dir, root / "index")
    except pytest.FixtureLookupError:
        from index_build.pipeline import build_index

        build_index(load_settings(documents_dir=DOCUMENTS, index_dir=root / "index"))
    return load_settings(documents_dir=DOCUMENTS, index_dir=root / "index", feedback_db=root / "feedback.sqlite3")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with {process.returncode}:\n{log_path.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + "/config", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"server did not answer within {STARTUP_TIMEOUT_S} s:\n{log_path.read_text()[-3000:]}")


@pytest.fixture(scope="module")
def server(ui_settings: Settings) -> Iterator[str]:
    """The real app, started the way users start it; yields its base URL."""
    port = _free_port()
    log_path = Path(ui_settings.feedback_db).parent / "server.log"
    env = {
        **os.environ,
        "TRYGG_FEEDBACK_DB": str(ui_settings.feedback_db),
        "TRYGG_DOCUMENTS_DIR": str(DOCUMENTS),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    for name in ("TRYGG_AUTH_FILE", "TRYGG_ADMIN_USERS"):
        env.pop(name, None)
    command = [sys.executable, "-m", "assistant", "--index", str(ui_settings.index_dir), "serve", "--port", str(port)]
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(url, process, log_path)
        yield url
    finally:
        stop(process, timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium is missing: apt-get install -y chromium")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser, server: str) -> Iterator[Page]:
    """A fresh browser session (its own Gradio session and conversation), clipboard allowed."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="sv-SE")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server)
    tab = context.new_page()
    tab.set_default_timeout(ANSWER_TIMEOUT_MS)
    yield tab
    context.close()


# --- browser helpers -----------------------------------------------------------------------------


def _open(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("#tr-question textarea")


def _ask(page: Page, question: str) -> float:
    """Ask in the open chat; returns seconds from the click to the first streamed answer text, and
    returns only after the answer and its source cards are complete."""
    turn = page.locator("#tr-chat .bot-row").count()
    page.fill("#tr-question textarea", question)
    started = time.perf_counter()
    page.click("#tr-send")
    page.wait_for_function(
        """(turn) => {
            const rows = document.querySelectorAll('#tr-chat .bot-row');
            return rows.length > turn && rows[turn].innerText.trim().length > 0;
        }""",
        arg=turn,
        polling="raf",
    )
    first_token = time.perf_counter() - started
    page.wait_for_selector(f'#tr-sources .tr-sources[data-turn="{turn}"]')
    return first_token


def _last_answer(page: Page) -> str:
    return page.locator("#tr-chat .bot-row").last.inner_text()


def _squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _assert_highlight_shown(page: Page, viewer: str, passage: str) -> None:
    """The viewer shows a <mark> inside the passage, scrolled into the visible part of the document."""
    mark = page.locator(f"{viewer} mark")
    mark.wait_for()
    assert _squash(mark.inner_text()) in _squash(passage)
    page.wait_for_function(
        """(viewer) => {
            const mark = document.querySelector(viewer + ' mark');
            const box = mark.closest('.tr-doc').getBoundingClientRect();
            const at = mark.getBoundingClientRect();
            return at.top >= box.top - 1 && at.top <= box.bottom && at.top >= 0 && at.top <= window.innerHeight;
        }""",
        arg=viewer,
    )


def _screenshot(page: Page, path: Path, share_as: str | None = None) -> None:
    page.screenshot(path=str(path), full_page=True)
    if share_as:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / share_as)


# --- browser tests -------------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_answer_cites_and_card_opens_document_at_passage(page: Page, server: str, tmp_path: Path) -> None:
    _open(page, server)
    _ask(page, QUESTION)
    assert "[1]" in _last_answer(page)
    card = page.locator("#tr-sources .tr-card").first
    assert "Trafiknämnden" in card.inner_text()
    assert "KS 2023/739" in card.inner_text()
    assert card.locator(".tr-passage mark").count() == 1
    passage = card.locator(".tr-passage").inner_text()
    card.click()
    _assert_highlight_shown(page, "#tr-viewer", passage)
    assert "Stockholms stads trygghetsprogram" in page.locator("#tr-viewer .tr-viewer-head").inner_text()
    _screenshot(page, tmp_path / "main.png", share_as="main.png")


@pytest.mark.browser
@pytest.mark.slow
def test_marker_in_answer_opens_its_source(page: Page, server: str) -> None:
    _open(page, server)
    _ask(page, QUESTION)
    links = page.locator('#tr-chat a[href^="#kalla-0-"]')
    assert links.count() >= 1
    last = links.nth(links.count() - 1)  # a source cited twice has two markers: read the number itself
    number = int((last.get_attribute("href") or "").rsplit("-", 1)[-1])
    last.click()
    passage = page.locator(f'#tr-sources .tr-card[data-n="{number}"] .tr-passage').inner_text()
    _assert_highlight_shown(page, "#tr-viewer", passage)
    assert page.url.rstrip("/") == server.rstrip("/"), "the marker must not navigate away"


@pytest.mark.browser
@pytest.mark.slow
def test_copy_reference_puts_citation_reference_on_clipboard(page: Page, server: str) -> None:
    _open(page, server)
    _ask(page, QUESTION)
    button = page.locator("#tr-sources .tr-copy").first
    button.click()
    page.wait_for_function("() => document.querySelector('#tr-sources .tr-copy').textContent.includes('✓')")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith('Trafiknämnden, tjänsteutlåtande 2023-10-19, KS 2023/739, avsnitt "'), copied
    assert page.locator("#tr-viewer mark").count() == 0, "copying must not open the document"


@pytest.mark.browser
@pytest.mark.slow
def test_follow_up_uses_history_and_thumbs_down_is_stored(page: Page, server: str, ui_settings: Settings) -> None:
    _open(page, server)
    _ask(page, QUESTION)
    _ask(page, FOLLOW_UP)
    assert "stödmaterial" in _last_answer(page)
    comment = "Svaret borde nämna vem som ska ta fram stödmaterialet."
    page.fill("#tr-comment textarea", comment)
    page.click("#tr-down")
    page.wait_for_selector("#tr-feedback-status :text('Tack')")
    with sqlite3.connect(ui_settings.feedback_db) as connection:
        rows = connection.execute(
            "SELECT rating, question, answer_json FROM feedback WHERE comment = ?", (comment,)
        ).fetchall()
    assert len(rows) == 1
    rating, question, answer_json = rows[0]
    assert (rating, question) == ("down", FOLLOW_UP)
    assert "stödmaterial" in json.loads(answer_json)["answer"]
    assert page.input_value("#tr-comment textarea") == "", "the comment box is cleared once stored"


@pytest.mark.browser
@pytest.mark.slow
def test_html_in_question_is_shown_as_text(page: Page, server: str) -> None:
    _open(page, server)
    question = '<b>hej</b><img src=x onerror="window.__pwned=1"> vad säger trafiknämnden?'
    _ask(page, question)
    user = page.locator("#tr-chat .user-row").last
    assert "<b>hej</b>" in user.inner_text()
    assert page.locator("#tr-chat b, #tr-chat img[src='x']").count() == 0
    assert page.evaluate("window.__pwned === undefined")


@pytest.mark.browser
@pytest.mark.slow
def test_filter_restricts_answer_and_is_stated(page: Page, server: str) -> None:
    _open(page, server)
    page.get_by_text("Filter", exact=True).click()
    dropdown = page.locator("#tr-filter-namnd input")
    dropdown.click()
    page.get_by_role("option", name="Utbildningsnämnden").click()
    page.keyboard.press("Escape")
    _ask(page, "Vad säger nämnden om samverkansöverenskommelsen?")
    assert "Filter: Utbildningsnämnden" in _last_answer(page)
    cards = page.locator("#tr-sources .tr-card")
    assert cards.count() >= 1
    assert all("Utbildningsnämnden" in cards.nth(i).inner_text() for i in range(cards.count()))
    assert "Utbildningsnämnden" in page.locator("#tr-sources .tr-filters").inner_text()


@pytest.mark.browser
@pytest.mark.slow
def test_english_toggle_switches_labels(page: Page, server: str) -> None:
    _open(page, server)
    page.get_by_label("English").check()
    page.wait_for_function("() => document.querySelector('#tr-send').innerText.trim() === 'Send'")
    assert page.locator("#tr-new").inner_text().strip() == "New chat"
    expect(page.get_by_role("tab", name="Precedents")).to_have_count(1)  # retries while Gradio re-renders


@pytest.mark.browser
@pytest.mark.slow
def test_new_conversation_forgets_history(page: Page, server: str) -> None:
    _open(page, server)
    _ask(page, QUESTION)
    page.click("#tr-new")
    page.wait_for_function("() => document.querySelectorAll('#tr-chat .bot-row').length === 0")
    assert page.locator("#tr-sources .tr-card").count() == 0


@pytest.mark.browser
@pytest.mark.slow
def test_time_to_first_token(page: Page, server: str) -> None:
    """Not asked before in this server (no cache): the wait a user sees before text starts to appear."""
    _open(page, server)
    timings = {
        question: _ask(page, question)
        for question in (
            "Vad tycker utbildningsnämnden om samverkansöverenskommelsen?",
            "Vilka fem prioriterade samverkansområden finns i den nya samverkansöverenskommelsen?",
        )
    }
    report = "\n".join(f"time to first token {seconds:.2f} s: {question}" for question, seconds in timings.items())
    print("\n" + report)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "timings.txt").write_text(report + "\n", encoding="utf-8")
    assert max(timings.values()) < 20


@pytest.mark.browser
@pytest.mark.slow
def test_precedent_table_marks_documents_that_do_not_address_topic(page: Page, server: str, tmp_path: Path) -> None:
    _open(page, server)
    page.get_by_role("tab", name="Prejudikat").click()
    page.fill("#tr-topic textarea, #tr-topic input", "otillåten påverkan")
    page.click("#tr-show-precedents")
    table = page.locator("#tr-precedents")
    page.wait_for_function("() => document.querySelector('#tr-precedents').innerText.includes('ej berört')")
    text = table.inner_text()
    for namnd in ("Socialnämnden", "Trafiknämnden", "Utbildningsnämnden", "Älvsjö stadsdelsnämnd"):
        assert namnd in text
    assert "systemhotande" in text  # Trafiknämnden's remissvar on the samverkansöverenskommelse
    cell = table.get_by_text("systemhotande", exact=False).first
    quote = cell.inner_text()
    cell.click()
    _assert_highlight_shown(page, "#tr-precedent-viewer", quote)
    _screenshot(page, tmp_path / "precedents.png", share_as="precedents.png")


@pytest.mark.browser
@pytest.mark.slow
def test_widget_answers_with_sources(page: Page, server: str, tmp_path: Path) -> None:
    _open(page, server + "/widget")
    assert page.locator("#tr-filter-namnd").count() == 0, "the widget is the compact chat"
    _ask(page, QUESTION)
    assert "[1]" in _last_answer(page)
    card = page.locator("#tr-sources .tr-card").first
    assert "Trafiknämnden" in card.inner_text()
    passage = card.locator(".tr-passage").inner_text()
    card.click()
    _assert_highlight_shown(page, "#tr-viewer", passage)
    _screenshot(page, tmp_path / "widget.png", share_as="widget.png")


@pytest.fixture
def intranet_page(server: str) -> Iterator[str]:
    """A page on another origin (another port) embedding the widget with the README's two snippets;
    a real HTTP server, as Chromium treats pages without an address as public and blocks loopback."""
    body = (
        '<!doctype html><meta charset="utf-8"><title>Intranät</title><h1>Intranät</h1>'
        f'<script type="module" src="{server}/gradio.js"></script>'
        f'<gradio-app src="{server}/widget"></gradio-app>'
        f'<iframe src="{server}/widget" width="100%" height="700" style="border:0"></iframe>'
    ).encode()

    class Intranet(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            """Quiet: the test output is for failures."""

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Intranet)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/intranet.html"
    httpd.shutdown()


@pytest.mark.browser
@pytest.mark.slow
def test_widget_embeds_as_iframe_and_web_component(page: Page, server: str, intranet_page: str, tmp_path: Path) -> None:
    """Both embeds work from another origin, and nothing is fetched from outside the two servers."""
    foreign: list[str] = []
    page.on(
        "request",
        lambda request: None if request.url.startswith((server, intranet_page)) else foreign.append(request.url),
    )
    page.goto(intranet_page)
    page.frame_locator("iframe").locator("#tr-question textarea").wait_for()
    component = page.locator("gradio-app")
    component.locator("#tr-question textarea").fill(QUESTION)
    component.locator("#tr-send").click()
    card = component.locator("#tr-sources .tr-card").first
    card.wait_for()
    assert "Trafiknämnden" in card.inner_text()
    assert foreign == [], f"requests outside the server: {foreign}"
    _screenshot(page, tmp_path / "embed.png", share_as="embed.png")


# --- API -----------------------------------------------------------------------------------------

CITATION_KEYS = {"id", "document", "title", "namnd", "date", "diarienummer", "section", "page", "passage", "quote"}


def _check_answer_json(result: dict) -> None:
    assert {"question", "answer", "declined", "citations", "retrieved"} <= set(result)
    for citation in result["citations"]:
        assert set(citation) == CITATION_KEYS
        assert citation["quote"] in citation["passage"]
    for passage in result["retrieved"]:
        assert set(passage) == {"document", "passage", "score"}


@pytest.mark.slow
def test_api_ask_returns_answer_json(server: str) -> None:
    from gradio_client import Client
    from gradio_client.exceptions import AppError

    client = Client(server, verbose=False)
    assert set(client.view_api(return_format="dict", print_info=False)["named_endpoints"]) == {"/ask"}
    result = client.predict(QUESTION, [], None, api_name="/ask")
    _check_answer_json(result)
    assert not result["declined"] and "[1]" in result["answer"]
    assert result["citations"][0]["namnd"] == "Trafiknämnden"
    follow_up = client.predict(FOLLOW_UP, json.dumps([QUESTION]), '{"namnder": ["Trafiknämnden"]}', api_name="/ask")
    _check_answer_json(follow_up)
    assert "stödmaterial" in follow_up["answer"]
    assert follow_up["filters"] == "Trafiknämnden"
    _check_answer_json(client.predict("Vad säger utbildningsnämnden om samverkansöverenskommelsen?", api_name="/ask"))
    with pytest.raises(AppError, match="filters must be an object"):
        client.predict(QUESTION, [], {"nämnd": ["Trafiknämnden"]}, api_name="/ask")


@pytest.mark.slow
def test_api_serves_twenty_clients_at_once(server: str) -> None:
    from gradio_client import Client

    questions = [
        QUESTION,
        "Vad tycker utbildningsnämnden om samverkansöverenskommelsen?",
        "Vilka fem prioriterade samverkansområden finns i den nya samverkansöverenskommelsen?",
        "What does trafiknämnden commit to under stadens offentliga miljö?",
    ]
    start = threading.Barrier(20)

    def one(index: int) -> dict:
        client = Client(server, verbose=False)
        start.wait(timeout=120)
        return client.predict(questions[index % len(questions)], [], None, api_name="/ask")

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=20) as pool:
        results = list(pool.map(one, range(20)))
    print(f"\n20 concurrent API answers in {time.perf_counter() - started:.1f} s")
    for result in results:
        _check_answer_json(result)
        assert result["answer"].strip()


# --- library and rebuild (last: it replaces the index generation) --------------------------------


@pytest.mark.browser
@pytest.mark.slow
def test_library_lists_documents_and_rebuild_reports_progress(page: Page, server: str) -> None:
    _open(page, server)
    page.get_by_role("tab", name="Dokument").click()
    library = page.locator("#tr-library")
    page.wait_for_function("() => document.querySelector('#tr-library').innerText.includes('.txt')")
    names = sorted(path.name for path in DOCUMENTS.glob("*.txt"))
    assert all(name in library.inner_text() for name in names)
    page.get_by_text("Administration", exact=True).click()
    page.click("#tr-rebuild")
    page.wait_for_selector("#tr-rebuild-status :text('Klart')", timeout=300_000)
    assert f"{len(names)} oförändrade" in page.locator("#tr-rebuild-status").inner_text()
    page.get_by_role("tab", name="Fråga").click()
    _ask(page, QUESTION)
    assert "[1]" in _last_answer(page)


# --- units: escaping, streaming, feedback (no server) --------------------------------------------


def _citation(**overrides: object) -> Citation:
    values: dict = {
        "id": 1,
        "document": "doc.txt",
        "title": "Titel <i>",
        "namnd": "Trafiknämnden",
        "date": "2023-10-19",
        "diarienummer": "KS 2023/739",
        "section": "Remissen",
        "page": None,
        "passage": "Före. <script>alert(1)</script> Citat här. Efter.",
        "quote": "Citat här.",
        "chunk_id": "c1",
        "document_type": "tjänsteutlåtande",
        "passage_start": 10,
        "quote_start": 32,
    }
    return Citation(**{**values, **overrides})


def test_answer_markdown_escapes_text_and_links_known_markers() -> None:
    answer = Answer(
        question="q", answer="<b>x</b> *y* [1] och [7]", declined=False, citations=[_citation()], retrieved=[]
    )
    rendered = answer_markdown(answer, turn=3)
    assert "&lt;b&gt;x&lt;/b&gt;" in rendered and "\\*y\\*" in rendered
    assert "[\\[1\\]](#kalla-3-1)" in rendered
    assert "\\[7\\]" in rendered, "a number without a citation stays plain text"
    assert markdown_text("[länk](http://x)") == "\\[länk\\](http://x)"


def test_stream_pieces_grow_to_the_whole_text_without_cutting_links() -> None:
    text = " ".join(f"ord{i} [\\[1\\]](#kalla-0-1)" for i in range(100))
    pieces = list(stream_pieces(text))
    assert pieces[-1] == text and len(pieces) > 10
    assert all(text.startswith(piece) and piece.count("[") == piece.count("]") for piece in pieces)


def test_cards_and_document_view_escape_and_highlight() -> None:
    citation = _citation()
    assert citation.passage[citation.quote_start :].startswith(citation.quote)
    cards = sources_html(Answer("q", "a [1]", False, [citation], []), 0, "sv")
    assert "<script>" not in cards and "&lt;script&gt;" in cards and "<mark>Citat här.</mark>" in cards
    assert "Titel &lt;i&gt;" in cards
    body = "0123456789" + citation.passage + " <img src=x> slut"
    meta = DocumentMetadata(
        "Trafiknämnden",
        "",
        DocumentKind.REMISSVAR,
        "tjänsteutlåtande",
        "2023-10-19",
        2023,
        ("KS 2023/739",),
        "trygghetsprogrammet",
        "",
        "Titel",
    )
    document = StoredDocument("doc.txt", body, meta, "hash", (), (), 1)
    highlight = Highlight(citation.passage, citation.passage_start, citation.quote, citation.quote_start)
    viewer = document_html(document, highlight)
    assert "<img" not in viewer and "&lt;img src=x&gt;" in viewer
    assert '<span class="tr-hl">Före. &lt;script&gt;' in viewer and "<mark>Citat här.</mark>" in viewer
    shifted = document_html(document, Highlight(citation.passage, 0, citation.quote, citation.quote_start))
    assert "<mark>Citat här.</mark>" in shifted, "a wrong offset is repaired by finding the passage"


def test_feedback_store_is_thread_safe_and_exports(tmp_path: Path) -> None:
    store = FeedbackStore(tmp_path / "feedback.sqlite3")
    with ThreadPoolExecutor(max_workers=10) as pool:
        list(
            pool.map(
                lambda i: store.add(f"fråga {i}", {"answer": "svar"}, "up" if i % 2 else "down", " bra "), range(40)
            )
        )
    rows = store.rows()
    assert len(rows) == 40 and {row["rating"] for row in rows} == {"up", "down"} and rows[0]["comment"] == "bra"
    with pytest.raises(ValueError):
        store.add("q", {}, "meh")
    settings = load_settings(feedback_db=tmp_path / "feedback.sqlite3", index_dir=tmp_path / "index")
    assert export_feedback(settings, tmp_path / "out.csv") == 0
    assert (tmp_path / "out.csv").read_text(encoding="utf-8").count("\n") == 41
    assert export_feedback(settings, tmp_path / "out.jsonl") == 0
    lines = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(lines[0])["answer_json"] == {"answer": "svar"}


# --- precedents without the UI -------------------------------------------------------------------


@pytest.mark.slow
def test_precedents_one_row_per_document_with_best_passage(ui_settings: Settings) -> None:
    from assistant.precedent import precedents
    from assistant.service import Assistant

    assistant = Assistant(ui_settings)
    rows = precedents(assistant, "otillåten påverkan")
    assert sorted(row.document for row in rows) == sorted(path.name for path in DOCUMENTS.glob("*.txt"))
    addressed = {row.document for row in rows if row.addressed}
    assert "2023-10-19_trafiknamnden_trygghetsprogram.txt" in addressed
    assert "2019_socialnamnden_protokollsutdrag_samverkansoverenskommelse.txt" not in addressed
    for row in rows:
        if row.addressed:
            assert row.passage[row.quote_start :].startswith(row.quote)
            document = assistant.document(row.document)
            assert document is not None
            assert document.text[row.passage_start :].startswith(row.passage)
        else:
            assert row.passage == ""
    assert precedents(assistant, "   ") == []
