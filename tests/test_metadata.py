"""Document type and issuer are recognised from the text, so new kinds of documents need no code change."""

from __future__ import annotations

from index_build.domain import find_governing_documents
from index_build.metadata import apply_overrides, extract_metadata
from index_build.models import DocumentKind
from index_build.normalise import normalise

PROGRAMME = """Stockholms stads trygghetsprogram 2024–2027

Antaget av kommunfullmäktige den 4 mars 2024.

Inledning

Programmet är stadens centrala styrdokument för det brottsförebyggande och trygghetsskapande arbetet.
Trafiknämnden ska särskilt bistå stadsdelsnämnderna vid gemensamma insatser i den fysiska miljön.
Utbildningsnämnden ska arbeta med skolan som trygg plats.
"""

NEW_NAMND_RESPONSE = """Handläggare
Anna Andersson
Telefon: 08-508 00 000

Till
Kulturnämnden
2024-02-01

Stockholms stads trygghetsprogram 2024-2027. Svar på remiss från kommunstyrelsen, KS 2023/739

Förslag till beslut

Kulturnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.

Kulturförvaltningens synpunkter

Kulturförvaltningen ställer sig positiv till programmet.
"""

PROTOKOLL = """§ 12
Stockholms stads trygghetsprogram 2024-2027
Svar på remiss från kommunstyrelsen KS 2023/739

Idrottsnämndens beslut

Idrottsnämnden godkänner förvaltningens tjänsteutlåtande som svar på remissen.

Särskilt uttalande

Ledamoten Bo Berg (S) anser att programmet saknar idrott.
"""


def test_governing_document_is_a_styrdokument_issued_by_the_city() -> None:
    meta = extract_metadata(normalise(PROGRAMME).text)
    assert meta.kind is DocumentKind.STYRDOKUMENT
    assert meta.governing_document == "trygghetsprogrammet"
    assert meta.namnd == "Kommunfullmäktige"
    assert meta.date == "2024-03-04" and meta.year == 2024


def test_response_from_a_nämnd_not_seen_before() -> None:
    meta = extract_metadata(normalise(NEW_NAMND_RESPONSE).text)
    assert meta.kind is DocumentKind.REMISSVAR
    assert meta.namnd == "Kulturnämnden"
    assert meta.forvaltning == "Kulturförvaltningen"
    assert meta.date == "2024-02-01"
    assert meta.diarienummer == ("KS 2023/739",)
    assert meta.handlaggare == "Anna Andersson"
    assert meta.governing_document == "trygghetsprogrammet"


def test_protokollsutdrag_is_recognised() -> None:
    meta = extract_metadata(normalise(PROTOKOLL).text)
    assert meta.kind is DocumentKind.PROTOKOLL
    assert meta.namnd == "Idrottsnämnden"
    assert meta.year == 2023  # no meeting date in the text: the year comes from the diarienummer


def test_sidecar_overrides_win_and_year_follows_date() -> None:
    meta = extract_metadata(normalise(PROTOKOLL).text)
    fixed = apply_overrides(meta, {"date": "2024-01-15", "diarienummer": ["KS 2023/739", "IDN 2024/1"]})
    assert fixed.date == "2024-01-15" and fixed.year == 2024
    assert fixed.diarienummer == ("KS 2023/739", "IDN 2024/1")


OTHER_REMISS = """Handläggare
Anna Berg

Till
Idrottsnämnden
2024-03-01

Strategi för att motverka otillåten påverkan. Svar på remiss från kommunstyrelsen, KS 2024/12

Sammanfattning

Förvaltningen välkomnar strategin, som kompletterar samverkansöverenskommelsen med polisen.
"""


def test_response_to_another_document_is_not_filed_under_the_agreement_it_mentions() -> None:
    meta = extract_metadata(normalise(OTHER_REMISS).text)
    assert meta.kind is DocumentKind.REMISSVAR
    assert meta.title == "Strategi för att motverka otillåten påverkan"
    assert meta.governing_document == ""


def test_a_samarbetsavtal_is_the_agreement_unless_local() -> None:
    assert find_governing_documents("Vad vill de uppnå med sitt samarbetsavtal?") == ["samverkansöverenskommelsen"]
    assert find_governing_documents("Älvsjös lokala samarbetsavtal") == []
