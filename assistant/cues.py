"""Surface cues for the kind of answer a question wants (a date, a number, a person, a list, a reason).

Used twice: retrieval favours passages that contain the wanted kind of fact, and the answerer
favours sentences that do. Swedish forms first ("den 1 januari 2024", "35,4 miljoner kr").
"""

from __future__ import annotations

import re

_MONTHS = r"januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december"
_NUMBER_WORDS = (
    "två|tre|fyra|fem|sex|sju|åtta|nio|tio|elva|tolv|tretton|fjorton|femton|sexton|sjutton|arton|nitton|"
    "tjugo|hundra|tusen"
)
_PATTERNS = {
    "date": re.compile(
        rf"\b\d{{1,2}} ({_MONTHS}) (19|20)\d\d\b|\b(19|20)\d\d-\d\d-\d\d\b|\b(sedan|från|under|i) (19|20)\d\d\b|"
        rf"\b({_MONTHS}) (19|20)\d\d\b"
        rf"|\b(?:\d+|ett|{_NUMBER_WORDS})\s+(?:år|månader|veckor)\b",  # "hur länge": "har det gått mer än fyra år"
        re.IGNORECASE,
    ),
    "number": re.compile(
        r"\b\d+(?:[.,]\d+)?\s*(?:%|procent|miljoner|miljarder|mnkr|tkr|kr|kronor|heltidstjänster|tjänster|"
        r"personer|st)\b|\b(?:cirka|ca|drygt|knappt|omkring) \d|"
        rf"\b(?:{_NUMBER_WORDS})\s+(?!av\b)[a-zåäö]{{3,}}"
        rf"|\b(?:\d+|ett|{_NUMBER_WORDS})\s+(?:år|månader|veckor|dagar|timmar)\b"  # a duration: "mer än fyra år"
        r"|\ben gång\b",  # a count of times: "har förnyats en gång"
        re.IGNORECASE,
    ),
    # First name + surname, also glued to a label ("HandläggareThomas Ahlskog"); not an organisation
    # ("Polisregion Stockholm", "Stockholms stad").
    "person": re.compile(
        r"(?:\b|(?<=[a-zåäö]))(?!\w*(?:region|nämnden|kontoret|förvaltningen|myndigheten)\b)"
        r"[A-ZÅÄÖ][a-zåäöé]+(?:-[A-ZÅÄÖ][a-zåäöé]+)? "
        r"(?!Stockholms?\b)[A-ZÅÄÖ][a-zåäöé]{2,}\b(?! stad)"
    ),
    # "Hur ofta …?": "varje år", "årligen", "två gånger per år", "löpande".
    "frequency": re.compile(
        r"\b(?:varje|var|en gång (?:per|om|i))\s+(?:år|månad|vecka|kvartal|dag|termin)\w*|\b(?:årlig|månatlig|"
        r"kvartalsvis|veckovis|regelbund|löpande|kontinuerlig)\w*|\b\w+ gånger? (?:per|om|i) \w+",
        re.IGNORECASE,
    ),
    # Some of a list picked out by a qualifier, asked ("vilka … som extra värdefulla?", like "vilka av dem")
    # or stated ("… bedöms särskilt viktiga")
    "singled_out": re.compile(
        r"\b(?:extra|särskilt|mest|most|especially|particularly)\s+(?:viktig\w*|värdefull\w*|central\w*|important|valuable)"
        r"|\bviktigast\w*|\bvärdefullast\w*",
        re.IGNORECASE,
    ),
    # A place in a sequence: "det andra avtalet", "the second agreement" (not "andra nämnder": other ones)
    "ordinal": re.compile(
        r"\b(?:det|den|de|the)\s+(?:första|andra|tredje|fjärde|femte|first|second|third|fourth|fifth)\s+"
        r"(?:[\wåäö-]+\s+)?[\wåäö-]+",
        re.IGNORECASE,
    ),
    "obligation": re.compile(r"\b(ska|skall|ansvarar|ansvar\w*|uppdrag\w*|åtar sig|bistå|bidra)\b", re.IGNORECASE),
    # The writer's own position: "Kontoret ställer sig positivt", "Förvaltningen bedömer", "Vi saknar",
    # "bedöms av förvaltningen vara adekvata".
    "stance": re.compile(
        r"\b(Kontoret|Förvaltningen|Nämnden|Vi|\w+(?:nämnden|kontoret|förvaltningen))s?\b[^.]{0,80}?\b(anser|ansåg|"
        r"ställer sig|välkomnar|efterfrågar|bedömer|stödjer|föreslår|delar|saknar|betonar|vill|ser (?:dock )?"
        r"(?:en|det|positivt|mycket)|önskar|instämmer|uppfattning|bedömning|synpunkt\w*|"
        r"positiv\w*|negativ\w*|kritisk\w*)\b|\b(Det är (?:\w+ )?"
        r"(?:positivt|bra|rimligt|värdefullt|välkommet|angeläget|viktigt|glädjande|önskvärt)|Vi anser|Vi saknar)\b"
        r"|\b(?:bedöms|anses|välkomnas|efterfrågas|tillstyrks) av (?:förvaltningen|kontoret|nämnden)\b",  # passive
        re.IGNORECASE,
    ),
    # What a survey or follow-up found: "visar att …", "ligger i linje med vad som framkom", a share in %.
    "finding": re.compile(
        r"\b(visar att|visade att|har visat|framgår|framgick|framkom(?:mit|mer)?|konstater\w*|kom(?:mit)? fram till|"
        r"ligger i linje med)\b|\b\d+(?:[.,]\d+)?\s*(?:%|procent)",
        re.IGNORECASE,
    ),
    "definition": re.compile(
        r"\b(innebär|avses|menas|definieras|betyder|är ett samlingsbegrepp|är en form av)\b", re.IGNORECASE
    ),
    "example": re.compile(
        r"\b(bland annat|exempelvis|till exempel|t\.ex\.|såsom|som exempel|ett exempel är)\b", re.IGNORECASE
    ),
    "email": re.compile(r"[\w.-]+@[\w-]+\.[\w.]+"),
    "phone": re.compile(r"\b0\d{1,3}-\d{2,3}(?:[ ]?\d{2,3}){1,3}\b|\b0\d{1,3}-\d{5,8}\b"),  # 08-508 35 066
    "hours": re.compile(r"\bkl\.?\s*\d{1,2}|\b\d{1,2}[.:]\d{2}\s*[-–]\s*\d{1,2}[.:]\d{2}\b", re.IGNORECASE),
    "reference": re.compile(r"\b(?:KS|Dnr)\s*[\d.\-]*\d/\d{2,4}\b", re.IGNORECASE),
    "composition": re.compile(r"\b(består av|utgörs av|omfattar|innefattar|bestående av)\b", re.IGNORECASE),
    "reason": re.compile(
        r"\b(anledning\w*|eftersom|därför|på grund av|syftar|syftet|bakgrund\w*|beror på|för att|med hänsyn till|"
        r"mot bakgrund av|med anledning av|i och med)\b"
        r"|, då (?:det|de|den)\b",  # causal "då" follows a comma: "…, då det ofta är samma personella resurs"
        re.IGNORECASE,
    ),
    # Bullet lists, or an inline enumeration after "är:"/"följande:" with at least two commas.
    "list": re.compile(
        r"(?:^\s*(?:[-•*]|\d+[.)])\s+.+\n*){3,}|\b(?:är|följande|nämligen)\s*[:;][^.]*,[^.]*,"
        r"|\b(?:bland annat|exempelvis|till exempel|såsom|t\.ex\.)\s[^.]*,[^.]*,[^.]*\b(?:och|samt|eller)\b",
        re.MULTILINE | re.IGNORECASE,
    ),
}


def has_cue(kind: str, text: str) -> bool:
    """Whether ``text`` holds the kind of fact a question of type ``kind`` asks for."""
    pattern = _PATTERNS.get(kind)
    return bool(pattern and pattern.search(text))


def cue_spans(kind: str, text: str) -> list[tuple[int, int]]:
    """Where in ``text`` the facts of that kind stand (start, end), e.g. each number."""
    pattern = _PATTERNS.get(kind)
    return [match.span() for match in pattern.finditer(text)] if pattern else []
