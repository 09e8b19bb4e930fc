"""The domain's own vocabulary: nämnder, förvaltningar, stadsdelar and the governing documents.

Shared by metadata extraction (what a document is) and query understanding (what a question asks
about), so "trafikkontorets", "trafiknämnden" and "the traffic committee" all mean Trafiknämnden on
both sides. Rules are general (Xförvaltningen/Xkontoret → Xnämnden), not a list of this corpus.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass

# Stockholm's stadsdelsområden (both the 2019 and the post-2020 names); each has a stadsdelsnämnd.
STADSDELAR = (
    "Rinkeby-Kista",
    "Spånga-Tensta",
    "Hässelby-Vällingby",
    "Bromma",
    "Kungsholmen",
    "Norrmalm",
    "Östermalm",
    "Södermalm",
    "Enskede-Årsta-Vantör",
    "Skarpnäck",
    "Farsta",
    "Älvsjö",
    "Hägersten-Liljeholmen",
    "Hägersten-Älvsjö",
    "Skärholmen",
)

# Names whose förvaltning is not simply "X-förvaltningen"/"X-kontoret" of "X-nämnden".
_IRREGULAR = {
    "stadsledningskontoret": "Kommunstyrelsen",
    "kommunstyrelsen": "Kommunstyrelsen",
    "kommunstyrelsens": "Kommunstyrelsen",
    "kommunfullmäktige": "Kommunfullmäktige",
    "kommunfullmäktiges": "Kommunfullmäktige",
    "miljöförvaltningen": "Miljö- och hälsoskyddsnämnden",
    # Stockholm has no skolnämnd: its schools are utbildningsnämnden's, as "the school administration" is
    **{f"{word}{end}": "Utbildningsnämnden" for word in ("skolförvaltningen", "skolnämnden") for end in ("", "s")},
    # gatukontoret (and its gatunämnd) is what many still call trafikkontoret, its older name
    **{f"{word}{end}": "Trafiknämnden" for word in ("gatukontoret", "gatunämnden") for end in ("", "s")},
}

# English ways of naming a nämnd; e5 bridges languages for content, but filters need the name.
ENGLISH_NAMND = {
    r"traffic|transport(ation)?": "Trafiknämnden",
    r"education(al)?|school": "Utbildningsnämnden",
    r"social (services?|welfare)|social": "Socialnämnden",
    r"culture|cultural": "Kulturnämnden",
    r"sports?": "Idrottsnämnden",
    r"urban planning|city planning": "Stadsbyggnadsnämnden",
    r"environment(al)?( and health)?( protection)?|health protection": "Miljö- och hälsoskyddsnämnden",
    r"exploitation|land development": "Exploateringsnämnden",
    r"elderly|eldercare|elder care": "Äldrenämnden",
    r"labou?r market|employment": "Arbetsmarknadsnämnden",
    r"real estate|property": "Fastighetsnämnden",
}
_ENGLISH_ROLE = r"(committee|board|administration|office|department|council)"
# Party letters as protokoll write them: "(S)", "L, M, MP, C och KD". Upper case only: "i", "v." are words.
PARTIES = ("S", "M", "L", "C", "V", "KD", "MP", "SD", "Fi")
PARTY = re.compile(rf"(?<![\w-])({'|'.join(PARTIES)})(?![\w-])")
# A person's party after their name, or a statement's signers: "Jan Jönsson (L)", "från (S), (V)".
PARTY_IN_BRACKETS = re.compile(rf"\(({'|'.join(PARTIES)})\)")


def signed_by(section: str) -> frozenset[str]:
    """The parties a statement's section names: "Särskilt uttalande (V, S)" → {"V", "S"}."""
    return frozenset(PARTY.findall(section))


# Names that need no "committee" after them: "social services' 2019 response".
_ENGLISH_ALONE = {
    r"social services": "Socialnämnden",
    r"(?:city )?executive board(?:['’]s)?": "Kommunstyrelsen",  # the role is in the name
}

GOVERNING_DOCUMENTS = {
    "samverkansöverenskommelsen": "Samverkansöverenskommelse mellan Stockholms stad och Polisregion Stockholm",
    "trygghetsprogrammet": "Stockholms stads trygghetsprogram",
}
# A stadsdel's own agreement with its lokalpolisområde ("Älvsjös lokala avtal med polisen") is not the
# city-wide one: it is a topic, not a governing document.
_NOT_LOCAL = r"(?<!lokala )(?<!lokal )(?<!local )"
_GOVERNING_PATTERNS = {
    "samverkansöverenskommelsen": re.compile(
        _NOT_LOCAL + r"(?:samverkans-?\s?överenskommelse\w*|samverkansavtal\w*|polisöverenskommelse\w*|polisavtal\w*|"
        r"samarbets-?\s?(?:avtal|överenskommelse)\w*|"
        r"(?:överenskommelse\w*|avtal\w*) med polisen|"
        # (the longest English name first: "police cooperation agreement" leaves no "police" behind)
        r"(?:police\s+)?(?:cooperation|collaboration) agreement(?: with (?:the )?police)?|"
        r"agreement with (?:the )?police|police agreement)",
        re.IGNORECASE,
    ),
    "trygghetsprogrammet": re.compile(
        r"trygghetsprogram\w*|safety programme|safety program|security programme|"
        r"crime prevention programme|crime prevention program",
        re.IGNORECASE,
    ),
}

# In a question about these documents, "programmet" and "avtalet" can only mean one of them.
_BARE_GOVERNING = {
    "samverkansöverenskommelsen": re.compile(
        _NOT_LOCAL + r"\b(?:överenskommelse\w*|avtal(?:et|en)?|agreements?)\b", re.IGNORECASE
    ),
    "trygghetsprogrammet": re.compile(r"\b(?:programmet|programmes?|programs?)\b", re.IGNORECASE),
}

_WORD = r"[A-Za-zÅÄÖåäöÉé][\wÅÄÖåäöÉé-]*"
_NAMND_WORD = re.compile(rf"\b({_WORD}?nämnd)(en|ens|s|erna|ernas)?\b", re.IGNORECASE)
_FORVALTNING_WORD = re.compile(rf"\b({_WORD}?)(förvaltning|kontor)(en|ens|et|ets)\b", re.IGNORECASE)
_STADSDEL = re.compile(
    r"\b(" + "|".join(re.escape(name) for name in STADSDELAR) + r")s?\b"
    r"(?:\s+(stadsdels\w*|district(?:'s)?(?:\s+(?:council|committee|board|administration|office)(?:'s)?)?))?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class NamndMention:
    canonical: str  # "Trafiknämnden", "Älvsjö stadsdelsnämnd"
    surface: str  # as written
    start: int
    end: int


def _title(word: str) -> str:
    return word[:1].upper() + word[1:].lower()


def canonical_namnd(word: str) -> str | None:
    """'trafikkontorets' → 'Trafiknämnden'; 'socialnämndens' → 'Socialnämnden'; else None."""
    lowered = word.lower().strip()
    if lowered in _IRREGULAR:
        return _IRREGULAR[lowered]
    match = _NAMND_WORD.fullmatch(lowered)
    if match:
        stem = match.group(1)
        if stem in {"nämnd", "stadsdelsnämnd"}:
            return None  # generic: which nämnd is not said
        return _title(stem) + "en"
    match = _FORVALTNING_WORD.fullmatch(lowered)
    if match and match.group(1) and match.group(1) not in {"stadsdels", "stadslednings"}:
        stem = match.group(1).rstrip("-")
        return _title(stem) + "nämnden"
    return None


def find_namnder(text: str) -> list[NamndMention]:
    """Every nämnd the text names, Swedish (any inflection, via its förvaltning too) or English."""
    mentions: list[NamndMention] = []
    taken: list[tuple[int, int]] = []
    for match in _STADSDEL.finditer(text):
        district = next(name for name in STADSDELAR if name.lower() == match.group(1).lower())
        mentions.append(NamndMention(f"{district} stadsdelsnämnd", match.group(0), match.start(), match.end()))
        taken.append((match.start(), match.end()))
    for pattern in (_NAMND_WORD, _FORVALTNING_WORD):
        for match in pattern.finditer(text):
            if any(start <= match.start() < end for start, end in taken):
                continue
            canonical = canonical_namnd(match.group(0))
            if canonical:
                mentions.append(NamndMention(canonical, match.group(0), match.start(), match.end()))
    for word, canonical in _IRREGULAR.items():
        for match in re.finditer(rf"\b{word}\b", text, re.IGNORECASE):
            if not any(m.start == match.start() for m in mentions):
                mentions.append(NamndMention(canonical, match.group(0), match.start(), match.end()))
    for english, canonical in ENGLISH_NAMND.items():
        possessive = r"(?:['’]s\b)?"  # "the traffic committee's": the mention includes its 's
        pattern = (
            rf"\b(?:{english})\s+(?:{_ENGLISH_ROLE})\b{possessive}"
            rf"|\b{_ENGLISH_ROLE}\s+(?:of|for)\s+(?:{english})\b{possessive}"
        )
        for match in re.finditer(pattern, text, re.IGNORECASE):
            mentions.append(NamndMention(canonical, match.group(0), match.start(), match.end()))
    for english, canonical in _ENGLISH_ALONE.items():
        for match in re.finditer(rf"\b{english}\b", text, re.IGNORECASE):
            if not any(m.start <= match.start() < m.end for m in mentions):
                mentions.append(NamndMention(canonical, match.group(0), match.start(), match.end()))
    return sorted(mentions, key=lambda mention: mention.start)


def replace_namnder(text: str, by: str = " ", only: Collection[str] | None = None) -> str:
    """``text`` with every nämnd mention replaced by ``by`` (a space: removed), or only the mentions
    of the nämnder in ``only``."""
    for mention in sorted(find_namnder(text), key=lambda m: -m.start):
        if only is None or mention.canonical in only:
            text = text[: mention.start] + by + text[mention.end :]
    return text


def name_governing_document(text: str, key: str) -> str:
    """``text`` with every governing document it names replaced by ``key`` ("och för
    samverkansöverenskommelsen?" asks the previous question about that document instead)."""
    for pattern in _GOVERNING_PATTERNS.values():
        text = pattern.sub(key, text)
    return text


# "förslaget till (ny) samverkansöverenskommelse", "the draft agreement": the remitted document itself.
_DRAFT = re.compile(
    r"\b(?:(?:det\s+)?förslag(?:et)?\s+till\s+(?:en\s+|ett\s+)?(?:ny\s+|nytt\s+|reviderad\s+|reviderat\s+)?"
    r"|(?:the\s+)?draft\s+(?:of\s+the\s+)?)$",
    re.IGNORECASE,
)


def governing_document_words(text: str) -> set[str]:
    """The words of every governing-document mention ("police", "cooperation", "agreement")."""
    words: set[str] = set()
    for pattern in _GOVERNING_PATTERNS.values():
        for match in pattern.finditer(text):
            words.update(re.findall(r"[\wåäö-]+", match.group(0).lower()))
    return words


def strip_governing_documents(text: str, question: bool = False) -> str:
    """The text without its mentions of governing documents, "förslaget till" included
    ("förslaget till trygghetsprogram" → " "); in a ``question`` also "avtalet", "programmet"."""
    patterns = [*_GOVERNING_PATTERNS.values(), *(_BARE_GOVERNING.values() if question else ())]
    for pattern in patterns:
        while match := pattern.search(text):
            draft = _DRAFT.search(text, 0, match.start())
            start = draft.start() if draft else match.start()
            text = text[:start] + " " + text[match.end() :]
    return text


# "enligt trygghetsprogrammet", "according to the agreement": the document's own content is asked about
_AS_SOURCE = re.compile(r"\b(?:enligt|according to)\s+(?:the\s+|stadens\s+|the city's\s+)?(?:nya\s+|new\s+)?$", re.I)


def governing_documents_read_from(text: str) -> list[str]:
    """The governing documents the text asks what they themselves say, not what a response said of them."""
    return [
        key
        for key, pattern in _GOVERNING_PATTERNS.items()
        if any(_AS_SOURCE.search(text, 0, match.start()) for match in pattern.finditer(text))
    ]


def find_governing_documents(text: str) -> list[str]:
    """Which governing documents the text names, most mentioned first."""
    return _most_named(text, _GOVERNING_PATTERNS)


def find_governing_documents_in_question(text: str) -> list[str]:
    """As ``find_governing_documents``, and also those a question names bare: "programmet", "avtalet"
    (a document's text may not: "avtalet" there can be any contract)."""
    named = find_governing_documents(text)  # ("både överenskommelsen och trygghetsprogrammet": both)
    return named + [key for key in _most_named(text, _BARE_GOVERNING) if key not in named]


def _most_named(text: str, patterns: dict[str, re.Pattern[str]]) -> list[str]:
    counts = {key: len(pattern.findall(text)) for key, pattern in patterns.items()}
    return [key for key, count in sorted(counts.items(), key=lambda item: -item[1]) if count]


_DIARIENUMMER = re.compile(
    r"\b(?:Dnr:?\s*)?(?:[A-ZÅÄÖ]{2,5}\s?\d{4}/\d{1,6}(?:-\d+)?|\d+(?:\.\d+)+-\d+/\d{4})\b"
    r"|\bDnr:?\s*[\w.\-]+/\d{2,4}\b"
)
_DIARIENUMMER_DIGITS = re.compile(r"\b\d[\d.\-]*/\d+\b")


def find_diarienummer(text: str) -> tuple[str, ...]:
    """Diarienummer as written ("KS 2019/656", "Dnr 1.7.1-266/2019"), whitespace collapsed, in order."""
    return tuple(dict.fromkeys(" ".join(m.group(0).split()) for m in _DIARIENUMMER.finditer(text)))


def diarienummer_keys(text: str) -> tuple[str, ...]:
    """The numbers themselves ("2019/656"), to compare: a question may write "ks 2019/656" or "KS2019/656"."""
    return tuple(dict.fromkeys(m.group(0) for m in _DIARIENUMMER_DIGITS.finditer(text)))
