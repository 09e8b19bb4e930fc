"""Domain metadata read from a document's own text, with an optional sidecar to correct it.

Cues are the ones Stockholm's templates use: the ``Till <nämnd>`` header, "<nämnd> godkänner …" in
the decision, ``§ n`` and "<nämnd>s beslut" for protokollsutdrag, ``KS 2019/656`` style
diarienummer, an ISO date in the header. A sidecar ``metadata.toml`` in the documents folder
(one table per file name) overrides any field where extraction is wrong.
"""

from __future__ import annotations

import logging
import re
import tomllib
from collections import Counter
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

from index_build.domain import GOVERNING_DOCUMENTS, find_diarienummer, find_governing_documents, find_namnder
from index_build.models import DocumentKind, DocumentMetadata
from index_build.normalise import model_view

log = logging.getLogger(__name__)

SIDECAR_NAME = "metadata.toml"
HEADER_CHARS = 900  # templates put addressee, date and handläggare in the first lines

_MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "januari",
            "februari",
            "mars",
            "april",
            "maj",
            "juni",
            "juli",
            "augusti",
            "september",
            "oktober",
            "november",
            "december",
        ],
        start=1,
    )
}
_ISO_DATE = re.compile(r"\b(20\d\d|19\d\d)-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])\b")
_SWEDISH_DATE = re.compile(r"\b(\d{1,2})\s+(" + "|".join(_MONTHS) + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)
_HANDLAGGARE = re.compile(r"Handläggare[ \t]*:?\s*([A-ZÅÄÖ][\wåäöé-]+(?:[ \t]+[A-ZÅÄÖ][\wåäöé-]+){1,2})")
_TILL = re.compile(r"(?:^|\n)\s*Till\s*:?\s*\n?\s*([^\n]{3,80})")
_DECIDES = re.compile(r"\b(\w[\w-]*nämnd(?:en)?)\s+(?:godkänner|beslutar|justerar|överlämnar)", re.IGNORECASE)
_PARAGRAPH_MARK = re.compile(r"^\s*§\s*\d+", re.MULTILINE)
_REMISS = re.compile(r"svar på remiss|remiss från|på remiss|som svar på remissen|remissvar", re.IGNORECASE)


def _iso_from_swedish(match: re.Match[str]) -> str:
    day, month, year = match.groups()
    return f"{year}-{_MONTHS[month.lower()]:02d}-{int(day):02d}"


def _issuing_namnd(text: str, header: str) -> str:
    """Addressee header first, then who decides, then the most mentioned nämnd (not the remitter)."""
    till = _TILL.search(header)
    if till:
        mentions = find_namnder(till.group(1))
        if mentions:
            return mentions[0].canonical
    deciders = [find_namnder(m.group(1)) for m in _DECIDES.finditer(text)]
    deciders_named = [m[0].canonical for m in deciders if m and m[0].canonical != "Kommunstyrelsen"]
    mentions = [m.canonical for m in find_namnder(text) if m.canonical not in {"Kommunstyrelsen", "Kommunfullmäktige"}]
    if deciders_named:
        return Counter(deciders_named).most_common(1)[0][0]
    if re.search(r"\bstadsdelsnämnden\b", text, re.IGNORECASE):
        districts = [m for m in mentions if m.endswith("stadsdelsnämnd")]
        if districts:
            return Counter(districts).most_common(1)[0][0]
    if mentions:
        return Counter(mentions).most_common(1)[0][0]
    if re.search(r"\bkommunstyrelsen\b|\bkommunfullmäktige\b", text, re.IGNORECASE):
        return "Kommunstyrelsen"
    return ""


def _forvaltning(text: str, namnd: str) -> str:
    if namnd.endswith("stadsdelsnämnd"):
        return namnd.replace("stadsdelsnämnd", "stadsdelsförvaltning")
    found = Counter(
        m.surface[:1].upper() + m.surface[1:].lower()
        for m in find_namnder(text)
        if m.canonical == namnd and re.search(r"(förvaltning|kontor)(en|et)$", m.surface, re.IGNORECASE)
    )
    return found.most_common(1)[0][0] if found else ""


def _kind(text: str, header: str) -> tuple[DocumentKind, str]:
    if _PARAGRAPH_MARK.search(header) or re.search(r"protokollsutdrag|\w+nämndens beslut\b", header, re.IGNORECASE):
        return DocumentKind.PROTOKOLL, "protokollsutdrag"
    if _REMISS.search(text[:4000]):
        return DocumentKind.REMISSVAR, "tjänsteutlåtande"
    if find_governing_documents(header):
        kind = "program" if find_governing_documents(header)[0] == "trygghetsprogrammet" else "överenskommelse"
        return DocumentKind.STYRDOKUMENT, kind
    return DocumentKind.OKAND, "dokument"


def _date(text: str, header: str, diarienummer: tuple[str, ...]) -> str:
    iso = _ISO_DATE.search(header)
    if iso:
        return iso.group(0)
    swedish = _SWEDISH_DATE.search(header)
    if swedish:
        return _iso_from_swedish(swedish)
    years = [m.group(0)[-4:] for m in re.finditer(r"/(?:19|20)\d\d\b", " ".join(diarienummer))]
    years += [m.group(1)[:4] for m in re.finditer(r"\b[A-ZÅÄÖ]{2,5}\s?((?:19|20)\d\d)/", " ".join(diarienummer))]
    return Counter(years).most_common(1)[0][0] if years else ""


_REMISS_SUBJECT = re.compile(r"^(.{15,200}?)[.,]?\s*(?:Svar på remiss|Remiss från)\b", re.IGNORECASE | re.MULTILINE)


def _subject(text: str) -> str:
    """The subject line a remissvar template puts before "Svar på remiss …", or a heading-like line
    naming a governing document; "" when the document has neither."""
    head = text[:2500]
    match = _REMISS_SUBJECT.search(head)
    if match and match.group(1).strip()[:1].isupper():
        return match.group(1).strip(" .,")
    for line in head.splitlines():
        line = line.strip()
        looks_like_subject = line[:1].isupper() and not line.endswith((":", ",", ".")) and not line.islower()
        if 20 <= len(line) <= 200 and looks_like_subject and find_governing_documents(line):
            return re.split(r"\.\s*(?=Svar på remiss)|\s*Svar på remiss", line)[0].strip(" .")
    return ""


def _title(subject: str, namnd: str, kind: DocumentKind, governing: str) -> str:
    """The document's own subject line when it has one, else one composed from what we know."""
    if len(subject) >= 20:
        return subject
    if governing:
        return GOVERNING_DOCUMENTS[governing] + (" – remissvar" if kind is DocumentKind.REMISSVAR else "")
    return namnd or "Dokument"


def _styrdokument_issuer(text: str, governing: str) -> str:
    """A governing document is issued by the city (and, for the agreement, the police), not by the
    nämnder it assigns tasks to."""
    if governing == "samverkansöverenskommelsen" and re.search(r"polisregion", text[:3000], re.IGNORECASE):
        return "Stockholms stad och Polisregion Stockholm"
    if re.search(r"\bkommunfullmäktige\b", text, re.IGNORECASE):
        return "Kommunfullmäktige"
    return "Kommunstyrelsen"


def extract_metadata(text: str) -> DocumentMetadata:
    """Read the domain facts from a normalised document text (as models read it: glued header
    fields apart, "08-508 35 066**Till**Trafiknämnden" is a "Till" line)."""
    text = model_view(text)
    header = text[:HEADER_CHARS]
    diarienummer = find_diarienummer(text)
    kind, document_type = _kind(text, header)
    subject = _subject(text)
    if subject:  # what the subject line names is what the document answers, even if it is neither
        governing_found = find_governing_documents(subject)
    else:
        governing_found = find_governing_documents(text[:3000]) or find_governing_documents(text)
    governing = governing_found[0] if governing_found else ""
    namnd = _styrdokument_issuer(text, governing) if kind is DocumentKind.STYRDOKUMENT else _issuing_namnd(text, header)
    date = _date(text, header, diarienummer)
    handlaggare = _HANDLAGGARE.search(header)
    return DocumentMetadata(
        namnd=namnd,
        forvaltning=_forvaltning(text, namnd),
        kind=kind,
        document_type=document_type,
        date=date,
        year=int(date[:4]) if date[:4].isdigit() else None,
        diarienummer=diarienummer,
        governing_document=governing,
        handlaggare=handlaggare.group(1).strip() if handlaggare else "",
        title=_title(subject, namnd, kind, governing),
    )


def load_sidecar(documents_dir: Path) -> dict[str, dict[str, Any]]:
    """Per-file overrides from ``documents/metadata.toml``; a broken sidecar is an error, not ignored."""
    path = documents_dir / SIDECAR_NAME
    if not path.is_file():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    allowed = {f.name for f in fields(DocumentMetadata)}
    for name, table in data.items():
        unknown = set(table) - allowed
        if unknown:
            raise ValueError(f"{path}: [{name}] has unknown fields {sorted(unknown)}; allowed: {sorted(allowed)}")
    return data


def apply_overrides(metadata: DocumentMetadata, overrides: dict[str, Any]) -> DocumentMetadata:
    """Sidecar values win; derived fields (year from date) follow."""
    if not overrides:
        return metadata
    values = dict(overrides)
    if "kind" in values:
        values["kind"] = DocumentKind(values["kind"])
    if "diarienummer" in values:
        values["diarienummer"] = tuple(values["diarienummer"])
    if "date" in values and "year" not in values:
        values["year"] = int(str(values["date"])[:4]) if str(values["date"])[:4].isdigit() else None
    return replace(metadata, **values)
