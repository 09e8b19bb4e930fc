"""Find and read the source documents: one ``SourceDocument`` per file, or a ``DocumentError`` saying why not.

A bad file must never stop a build: every failure is turned into a short English reason that the build
report shows next to the file name ("PDF is password-protected", "file too large (…)"). Sizes are checked
before reading so a huge file costs no memory.
"""

from __future__ import annotations

import hashlib
import io
import logging
import re
import unicodedata
from pathlib import Path

import docx
from bs4 import BeautifulSoup, Comment, Declaration, Doctype, NavigableString, ProcessingInstruction, Tag
from docx.table import Table
from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError

from index_build.models import DocumentError, PageSpan, SourceDocument

__all__ = ["SUPPORTED_SUFFIXES", "discover", "load_document"]

logger = logging.getLogger(__name__)

SUPPORTED_SUFFIXES = frozenset({".txt", ".md", ".pdf", ".docx", ".html", ".htm"})
_TEXT_SUFFIXES = frozenset({".txt", ".md"})
_HTML_SUFFIXES = frozenset({".html", ".htm"})
_IGNORED_NAMES = frozenset({"metadata.toml"})

_CONTROL_SHARE_LIMIT = 0.05  # more control characters than this and it is not a text file
_ALLOWED_CONTROLS = frozenset("\n\r\t\f\v")


def discover(documents_dir: Path) -> tuple[list[Path], list[Path]]:
    """Files under ``documents_dir`` (recursively): (supported, unsupported), each sorted.

    Hidden files and folders, Office lock files (``~$x.docx``), ``README*`` and ``metadata.toml`` are
    not documents and are left out of both lists; unsupported files are returned so the build can name them.
    """
    supported: list[Path] = []
    unsupported: list[Path] = []
    if not documents_dir.is_dir():
        return supported, unsupported
    for path in documents_dir.rglob("*"):
        relative = path.relative_to(documents_dir)
        if any(part.startswith((".", "~$")) for part in relative.parts):
            continue
        if not path.is_file() or path.name.upper().startswith("README") or path.name in _IGNORED_NAMES:
            continue
        (supported if path.suffix.lower() in SUPPORTED_SUFFIXES else unsupported).append(path)
    return sorted(supported), sorted(unsupported)


_MAX_BYTES_PER_CHAR = 4  # UTF-8 needs at most 4 bytes a character


def load_document(path: Path, name: str, max_bytes: int, max_chars: int = 2_000_000) -> SourceDocument:
    """Read one file into raw text (PDF pages recorded); raises ``DocumentError(name, reason)``."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise DocumentError(name, f"unsupported file type {suffix or '(no suffix)'!r}")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise DocumentError(name, f"cannot read file: {exc.strerror or exc}") from exc
    if size > max_bytes:
        raise DocumentError(name, f"file too large ({_human_size(size)} > {_human_size(max_bytes)} limit)")
    if suffix in _TEXT_SUFFIXES | _HTML_SUFFIXES and size > max_chars * _MAX_BYTES_PER_CHAR:
        # Refused before reading: a text file this big cannot fit the character limit anyway.
        raise DocumentError(name, f"text too long ({_human_size(size)} of text > {max_chars:,} characters limit)")
    if size == 0:
        raise DocumentError(name, "empty file")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(name, f"cannot read file: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:  # grew between stat and read
        raise DocumentError(name, f"file too large ({_human_size(len(data))} > {_human_size(max_bytes)} limit)")
    content_hash = hashlib.sha256(data).hexdigest()

    pages: tuple[PageSpan, ...] = ()
    encoding = "utf-8"
    warnings: list[str] = []
    if suffix in _TEXT_SUFFIXES:
        text, encoding, warnings = _decode_text(data, name)
    elif suffix in _HTML_SUFFIXES:
        html, encoding, warnings = _decode_text(data, name)
        text = _html_text(html, name)
    elif suffix == ".pdf":
        text, pages, warnings = _pdf_text(data, name, max_chars)
        encoding = "pdf"
    else:
        text = _docx_text(data, name)
        encoding = "docx"

    if not text.strip():
        raise DocumentError(name, "empty file" if suffix in _TEXT_SUFFIXES else "no text found")
    if len(text) > max_chars:
        raise DocumentError(name, f"text too long ({len(text):,} characters > {max_chars:,} limit)")
    for warning in warnings:
        logger.warning("%s: %s", name, warning)
    return SourceDocument(
        name=name,
        raw_text=text,
        content_hash=content_hash,
        pages=pages,
        encoding=encoding,
        warnings=tuple(warnings),
    )


def _human_size(size: int) -> str:
    if size >= 1_000_000:
        return f"{size / 1_000_000:.1f} MB"
    if size >= 1_000:
        return f"{size / 1_000:.1f} kB"
    return f"{size} bytes"


# ---------------------------------------------------------------------------------------------------------
# Plain text (and the text of HTML files)
# ---------------------------------------------------------------------------------------------------------


def _decode_text(data: bytes, name: str) -> tuple[str, str, list[str]]:
    """UTF-8 (BOM stripped), else cp1252, else latin-1 with a warning; binary content is refused."""
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text, encoding = data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as exc:
            raise DocumentError(name, "undecodable text (broken UTF-16)") from exc
        text = text.lstrip("\ufeff")
    else:
        if b"\x00" in data:
            raise DocumentError(name, "binary content, not text")
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            for encoding in ("cp1252", "latin-1"):
                try:
                    text = data.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            else:  # pragma: no cover - latin-1 decodes any byte string
                raise DocumentError(name, "undecodable text") from None
            warnings.append(f"not valid UTF-8; decoded as {encoding}")
    if _looks_binary(text):
        raise DocumentError(name, "binary content, not text")
    return text, encoding, warnings


def _looks_binary(text: str) -> bool:
    sample = text[:200_000]
    if not sample:
        return False
    controls = sum(
        1 for char in sample if char not in _ALLOWED_CONTROLS and unicodedata.category(char) in ("Cc", "Cs", "Co")
    )
    return controls / len(sample) > _CONTROL_SHARE_LIMIT


# ---------------------------------------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------------------------------------

_HTML_DROP = frozenset({"script", "style", "nav", "noscript", "template", "head", "svg", "iframe", "button"})
_HTML_BLOCKS = frozenset(
    {
        "p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "address",
        "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "dt", "dd", "table", "thead", "tbody", "tfoot",
        "figure", "figcaption", "form", "fieldset", "details", "summary", "hr", "caption", "body", "html",
    }
)  # fmt: skip
_HTML_SPACE = re.compile(r"[ \t\r\n\f]+")


def _html_text(html: str, name: str) -> str:
    """Visible text with block elements on their own lines, list items as '- ', table cells as ' | '."""
    try:
        soup = BeautifulSoup(html, "html.parser")
    except Exception as exc:
        raise DocumentError(name, f"unreadable HTML: {exc}") from exc

    skipped_strings = (Comment, Doctype, Declaration, ProcessingInstruction)

    def walk(node: Tag, parts: list[str], in_pre: bool) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if not isinstance(child, skipped_strings):
                    parts.append(str(child) if in_pre else _HTML_SPACE.sub(" ", str(child)))
                continue
            if not isinstance(child, Tag) or child.name in _HTML_DROP:
                continue
            tag = child.name
            if tag == "br":
                parts.append("\n")
            elif tag == "li":
                item_parts: list[str] = []
                walk(child, item_parts, in_pre)
                item = re.sub(r"\s*\n\s*", "\n", "".join(item_parts).strip())
                parts.append("\n- " + item)
            elif tag == "tr":
                cells: list[str] = []
                for cell in child.find_all(("td", "th"), recursive=False):
                    cell_parts: list[str] = []
                    walk(cell, cell_parts, in_pre)
                    cells.append(" ".join("".join(cell_parts).split()))
                parts.append("\n" + " | ".join(cell for cell in cells if cell))
            elif tag in _HTML_BLOCKS:
                parts.append("\n\n")
                walk(child, parts, in_pre or tag == "pre")
                parts.append("\n\n")
            else:
                walk(child, parts, in_pre)

    parts: list[str] = []
    try:
        walk(soup, parts, False)
    except RecursionError as exc:
        raise DocumentError(name, "HTML nested too deeply") from exc
    lines = [" ".join(line.split()) if line.strip() else "" for line in "".join(parts).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")


# ---------------------------------------------------------------------------------------------------------
# PDF
# ---------------------------------------------------------------------------------------------------------


def _pdf_text(data: bytes, name: str, max_chars: int) -> tuple[str, tuple[PageSpan, ...], list[str]]:
    """Text per page joined by blank lines, with each page's extent; encrypted and broken files refused."""
    if b"%PDF-" not in data[:1024]:
        raise DocumentError(name, "not a PDF file (no %PDF header)")
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            try:
                unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
            except DependencyError as exc:
                raise DocumentError(
                    name, "PDF is encrypted with AES and the 'cryptography' package is not installed"
                ) from exc
            if not unlocked:
                raise DocumentError(name, "PDF is password-protected")
        texts: list[str] = []
        total = 0
        for page in reader.pages:
            page_text = (page.extract_text() or "").strip("\n")
            texts.append(page_text)
            total += len(page_text) + 2
            if total > max_chars:
                raise DocumentError(name, f"text too long (more than {max_chars:,} characters)")
    except DocumentError:
        raise
    except FileNotDecryptedError as exc:
        raise DocumentError(name, "PDF is password-protected") from exc
    except Exception as exc:  # pypdf raises many types (PdfReadError, KeyError, ValueError…) on broken files
        raise DocumentError(name, f"corrupt or truncated PDF: {_short(exc)}") from exc

    if not texts:
        raise DocumentError(name, "corrupt or truncated PDF: no pages")
    if not any(text.strip() for text in texts):
        raise DocumentError(name, "PDF has no extractable text (scanned image?)")

    pages: list[PageSpan] = []
    position = 0
    for number, page_text in enumerate(texts, start=1):
        if number > 1:
            position += 2  # the "\n\n" between pages
        pages.append(PageSpan(number, position, position + len(page_text)))
        position += len(page_text)
    warnings: list[str] = []
    empty = [str(number) for number, text in enumerate(texts, start=1) if not text.strip()]
    if empty:
        warnings.append(f"no text on page(s) {', '.join(empty)} (scanned images?)")
    return "\n\n".join(texts), tuple(pages), warnings


def _short(exc: BaseException) -> str:
    message = " ".join(str(exc).split()) or type(exc).__name__
    return message if len(message) <= 160 else message[:157] + "…"


# ---------------------------------------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------------------------------------


def _docx_text(data: bytes, name: str) -> str:
    """Body paragraphs and tables in document order; list paragraphs as '- ', table rows as 'a | b'."""
    try:
        document = docx.Document(io.BytesIO(data))
        parts: list[str] = []
        for item in document.iter_inner_content():
            if isinstance(item, Table):
                rows = _table_rows(item)
                if rows:
                    parts.append("\n".join(rows))
                continue
            text = item.text.strip()
            if not text:
                continue
            style = (item.style.name if item.style is not None else "") or ""
            if "list" in style.lower() and not text.startswith(("-", "•")):
                text = f"- {text}"
            parts.append(text)
    except Exception as exc:  # python-docx raises zipfile, KeyError, lxml errors… on broken files
        raise DocumentError(name, f"corrupt or unreadable DOCX: {_short(exc)}") from exc
    return "\n\n".join(parts)


def _table_rows(table: Table) -> list[str]:
    rows: list[str] = []
    for row in table.rows:
        cells: list[str] = []
        seen: list[object] = []
        for cell in row.cells:
            if any(cell._tc is other for other in seen):  # a merged cell is repeated once per grid column
                continue
            seen.append(cell._tc)
            text = " ".join(cell.text.split())
            if text:
                cells.append(text)
        if cells:
            rows.append(" | ".join(cells))
    return rows
