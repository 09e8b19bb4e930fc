"""The assistant's one entry point: question (+ history, filters) → grounded Answer.

CLI, Gradio UI and API all call ``Assistant.ask``; none of them retrieves or composes on its own.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, replace

from assistant.answer import Candidate, Evidence, choose_claims, evidence, rank_sentences, read_question, rescore
from assistant.cite import Answer, Citation, Claim, citation_number, resolve
from assistant.decline import DeclineModel
from assistant.guard import check_question, clean
from assistant.lexical import LexicalIndex
from assistant.query import (
    BOTH_RESPONSES,
    QueryIntent,
    detect_language,
    ordinal_statement,
    proper_names,
    stated_years,
    understand,
)
from assistant.rerank import cited_first, rerank
from assistant.retrieve import Filters, Passage, SearchIndex
from index_build.domain import PARTY, find_governing_documents_in_question, governing_documents_read_from
from index_build.settings import Settings, load_settings
from index_build.store import StoredDocument

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Examination:
    """Everything the answer is decided from; the decline model is fitted on these (eval.fit_decline)."""

    intent: QueryIntent
    passages: list[Passage]  # re-ranked
    ranked: list[Candidate]  # sentences, best first
    evidence: Evidence
    unknown: tuple[str, ...] = ()  # asked-about nämnder (or remisser) with no document: always declined


@dataclass(frozen=True)
class CorpusSummary:
    """What the index covers, for declines and the document library."""

    namnder: dict[str, list[str]]  # nämnd → "samverkansöverenskommelsen (2019)", …

    def describe(self, language: str) -> str:
        lines = [f"{namnd}: {', '.join(items)}" for namnd, items in sorted(self.namnder.items())]
        lead = "The indexed documents cover:" if language == "en" else "Dokumenten i assistenten omfattar:"
        return lead + "\n" + "\n".join(f"- {line}" for line in lines)


class Assistant:
    def __init__(self, settings: Settings | None = None) -> None:
        self.settings = settings or load_settings()
        self.index = SearchIndex(self.settings)
        self.decline_model = DeclineModel.load()
        self._corpus: tuple[str, CorpusSummary] | None = None  # (generation, summary)

    def corpus(self) -> CorpusSummary:
        """What the live generation covers; computed once per generation (declines quote it)."""
        loaded = self.index.loaded
        cached = self._corpus
        if cached is not None and cached[0] == loaded.generation.generation:
            return cached[1]
        covered: dict[str, set[str]] = {}
        for passage in loaded.passages:
            meta = passage.metadata
            what = meta.governing_document or meta.document_type
            covered.setdefault(meta.namnd or "okänd avsändare", set()).add(
                f"{what} ({meta.kind.value}, {meta.date or meta.year or 'odaterat'})"
            )
        summary = CorpusSummary({namnd: sorted(items) for namnd, items in covered.items()})
        self._corpus = (loaded.generation.generation, summary)
        return summary

    def documents(self) -> list[StoredDocument]:
        return self.index.loaded.generation.all_documents()

    def document(self, name: str) -> StoredDocument | None:
        return self.index.loaded.generation.stored_document(name)

    def ask(self, question: str, history: list[str] | None = None, filters: Filters | None = None) -> Answer:
        return self.ask_examined(question, history, filters)[0]

    def ask_examined(
        self, question: str, history: list[str] | None = None, filters: Filters | None = None
    ) -> tuple[Answer, Examination | None]:
        """The answer, and the examination it was decided from (None when the guard refused the
        question): the precedent view reads the evidence without examining the question twice."""
        language = detect_language(question) if isinstance(question, str) else "sv"
        guard = check_question(question, self.settings.max_question_chars, language)
        if guard.refusal:
            question = str(question or "")
            return Answer(question=question, answer=guard.refusal, declined=True, citations=[], retrieved=[]), None
        filters = filters or Filters()
        examination = self.examine(guard.question, history, filters)
        intent, passages = examination.intent, examination.passages
        if examination.unknown:
            return self._decline(intent, passages, filters, unknown=examination.unknown), examination
        probability = self.decline_model.probability(examination.evidence, intent.language)
        log.debug("answerable p=%.3f (%s) for %r", probability, examination.evidence, intent.standalone)
        if probability < self.settings.decline_threshold:
            return self._decline(intent, passages, filters), examination
        claims, citations = resolve(choose_claims(intent, examination.ranked, self.index.loaded.lexical), passages)
        if not claims:
            return self._decline(intent, passages, filters), examination
        answer = Answer(
            question=guard.question,
            answer=_compose(intent, claims, citations, filters),
            declined=False,
            citations=citations,
            retrieved=cited_first(passages, [citation.chunk_id for citation in citations]),
            standalone_question=intent.standalone,
            filters=filters.describe(),
        )
        return answer, examination

    def examine(self, question: str, history: list[str] | None = None, filters: Filters | None = None) -> Examination:
        """Understand, retrieve, rank sentences and weigh the evidence; no decision yet."""
        filters = filters or Filters()
        loaded = self.index.loaded
        turns = [clean(turn) for turn in (history or [])]
        intent = understand(question, [turn for turn in turns if turn], loaded.namnd_years)
        intent = _ordinal_statement_parties(intent, loaded.statements)
        intent = _both_responses(intent, loaded.namnder)
        intent = _carried_document(intent, loaded.namnder)
        passages = self.index.search(intent, filters)
        unknown = intent.unknown_namnder if intent.unknown_namnder and not intent.namnder else ()
        unknown = (
            unknown
            or _unanswered_remiss(intent, loaded.namnder)
            or _unanswered_year(intent, loaded.namnd_years)
            or _unsigned_parties(intent, loaded.signed_parties)
            or _unrecorded_statements(intent, loaded.statements)
            or _unmentioned_names(intent, loaded.lexical)
        )
        if unknown:
            return Examination(intent, passages, [], Evidence(), unknown)
        question = read_question(intent, loaded.lexical)
        candidates, similarity = rank_sentences(question, passages), self.index.sentence_similarities
        plain = rescore(question, candidates, similarity)
        # Whether the documents answer is weighed on the plain ranking, as the decline model was
        # fitted; which sentences answer, and so which passages come first, on the adapted one.
        plainly_ordered = rerank(passages, plain, intent)
        weighed = evidence(question, plainly_ordered, plain)
        if self.index.adapter is None:
            return Examination(intent, plainly_ordered, plain, weighed)
        ranked = rescore(question, candidates, similarity, adapted=True)
        return Examination(intent, rerank(passages, ranked, intent), ranked, weighed)

    def _decline(
        self, intent: QueryIntent, passages: list[Passage], filters: Filters, unknown: tuple[str, ...] = ()
    ) -> Answer:
        english = intent.language == "en"
        if unknown:
            names = ", ".join(unknown)
            lead = (
                f"There is no document from {names} in the index, so I cannot say what it holds."
                if english
                else f"Det finns inget dokument från {names} bland de indexerade dokumenten, "
                "så jag kan inte svara på vad de anser."
            )
        else:
            lead = (
                "The documents do not answer this question, so I will not guess."
                if english
                else "Dokumenten besvarar inte den frågan, så jag gissar inte."
            )
        if filters.describe():
            lead += f" (Filters applied: {filters.describe()}.)" if english else f" (Filter: {filters.describe()}.)"
        return Answer(
            question=intent.question,
            answer=f"{lead}\n\n{self.corpus().describe(intent.language)}",
            declined=True,
            citations=[],
            retrieved=passages,
            standalone_question=intent.standalone,
            filters=filters.describe(),
        )


def _unanswered_remiss(intent: QueryIntent, answered: dict[str, set[str]]) -> tuple[str, ...]:
    """Nämnder the question asks about regarding a governing document they sent no answer on."""
    if not intent.governing_document or len(intent.namnder) != 1:
        return ()
    namnd = intent.namnder[0]
    if namnd in answered and intent.governing_document not in answered[namnd]:
        return (f"{namnd} om {intent.governing_document}",)
    return ()


def _unanswered_year(intent: QueryIntent, namnd_years: dict[str, set[int]]) -> tuple[str, ...]:
    """ "Vad tyckte socialnämnden om den nya överenskommelsen 2023?": every year the question names
    is later than the nämnd's last document, which cannot speak of it (an earlier year it may:
    "2019 års överenskommelse enligt utbildningsförvaltningen" is in its 2023 response)."""
    years = stated_years(intent.question)
    if len(intent.namnder) != 1 or not years or not namnd_years.get(intent.namnder[0]):
        return ()
    namnd = intent.namnder[0]
    if min(years) <= max(namnd_years[namnd]):
        return ()
    return (f"{namnd} {', '.join(map(str, years))}",)


_STATEMENT_ASKED = re.compile(
    # (not "reserverat 6 miljoner", nor the English "reservations about", which are doubts)
    r"\breservation(?:er|en|erna)?\b|\breserver\w* sig\b|\bsärskil\w* uttalande\w*|\bersättaryttrande\w*|\bdissent\w*"
    # what the parties said is recorded only as their statements ("what did the political parties say")
    r"|\b(?:special|separate|own|party|parties['’]?)\s+statements?\b|\bpolitical parties\b|\bpartierna\b",
    re.IGNORECASE,
)


def _unrecorded_statements(
    intent: QueryIntent, statements: dict[str, list[tuple[str, frozenset[str]]]]
) -> tuple[str, ...]:
    """ "Reserverade sig någon i utbildningsnämnden?": only a protocol records reservations and
    statements, and the asked nämnder's documents hold none; a tjänsteutlåtande cannot say."""
    if not intent.namnder or intent.parties or not _STATEMENT_ASKED.search(intent.question):
        return ()
    silent = [namnd for namnd in intent.namnder if not statements.get(namnd)]
    if len(silent) < len(intent.namnder):
        return ()
    return tuple(f"{namnd} (särskilt uttalande, reservation)" for namnd in silent)


def _unmentioned_names(intent: QueryIntent, lexical: LexicalIndex) -> tuple[str, ...]:
    """Names the question asks about that no document mentions ("Does Solna have …", "Stadsbiblioteket"):
    whatever the best passages say, they do not say it of them."""
    return tuple(
        name
        for name in proper_names(intent)
        if not any(lexical.known_loosely(t) or lexical.known_compound(t) for t in lexical.analyzer.terms(name))
    )


def _ordinal_statement_parties(
    intent: QueryIntent, statements: dict[str, list[tuple[str, frozenset[str]]]]
) -> QueryIntent:
    """ "Vilka stod bakom det andra särskilda uttalandet?": the parties signing the asked nämnd's
    second statement, as if the question had named them (the question's own party letters win)."""
    asked = ordinal_statement(intent.question)
    if asked is None or PARTY.search(intent.question):
        return intent
    position, kind = asked
    listed = [
        parties
        for namnd in intent.namnder or tuple(statements)
        for section, parties in statements.get(namnd, [])
        if section.lower().startswith(kind)
    ]
    if position >= len(listed):
        return intent
    return replace(intent, parties=tuple(sorted(listed[position])))


def _both_responses(intent: QueryIntent, answered: dict[str, set[str]]) -> QueryIntent:
    """ "trafiknämndens båda yttranden", "the traffic committee's two responses": a comparison of that
    nämnd's responses, one per governing document it answered."""
    if len(intent.namnder) != 1 or len(intent.governing_documents) >= 2 or not BOTH_RESPONSES.search(intent.question):
        return intent
    documents = _answered_documents(answered, intent.namnder[0])
    return replace(intent, governing_documents=tuple(documents)) if len(documents) >= 2 else intent


def _carried_document(intent: QueryIntent, answered: dict[str, set[str]]) -> QueryIntent:
    """ "Och Älvsjö 2019, när skulle de ha svarat?" after a question on trafiknämndens yttrande om
    trygghetsprogrammet: the governing document came from the earlier turn, and the nämnd the
    follow-up switches to answered only the other one, so that one is meant."""
    if not intent.carried_from_history or len(intent.namnder) != 1 or not intent.governing_documents:
        return intent
    if find_governing_documents_in_question(intent.question):
        return intent  # the question names its document itself
    if intent.governing_document in governing_documents_read_from(intent.resolved):
        # ("vilket ansvar får trafiknämnden enligt trygghetsprogrammet?" → "och utbildningsnämnden då?"
        # asks the programme itself, which that nämnd never answered: nothing to move to)
        return intent
    own = _answered_documents(answered, intent.namnder[0])
    if len(own) == 1 and own[0] not in intent.governing_documents:
        return replace(intent, governing_documents=(own[0],))
    return intent


def _answered_documents(answered: dict[str, set[str]], namnd: str) -> list[str]:
    """The governing documents the nämnd sent a response on ("" is a document answering none)."""
    return sorted(answered.get(namnd, set()) - {""})


def _unsigned_parties(intent: QueryIntent, signed: frozenset[str]) -> tuple[str, ...]:
    """Parties the question asks about ("Lämnade SD någon reservation?") that sign no särskilt
    uttalande, reservation or ersättaryttrande in the index: what they said is not in the documents."""
    if not intent.parties:
        return ()
    missing = [party for party in intent.parties if party not in signed]
    return (f"{', '.join(missing)} (särskilt uttalande, reservation)",) if len(missing) == len(intent.parties) else ()


def _source_phrase(citation: Citation, english: bool) -> str:
    """Who said it and when; a document without a known nämnd is named by its title or file."""
    who = citation.namnd or citation.title or citation.document
    date = citation.date or ("undated" if english else "odaterat")
    return f"{who} ({citation.document_type}, {date})" if english else f"{who} ({citation.document_type} {date})"


def _compose(intent: QueryIntent, claims: list[Claim], citations: list[Citation], filters: Filters) -> str:
    """Claims grouped per source, each ending in its [n]; an English lead-in when asked in English."""
    english = intent.language == "en"
    lines: list[str] = []
    if english:
        lines.append("The documents say (quoted in Swedish):")
    current_source = None
    for claim in claims:
        number = citation_number(citations, claim.chunk_id)
        citation = citations[number - 1]
        source = _source_phrase(citation, english)
        if source != current_source:
            lines.append(f"{source}:" if english else f"Enligt {source}:")
            current_source = source
        lines.append(f"{claim.text} [{number}]")
    if filters.describe():
        lines.append(f"(Filters applied: {filters.describe()}.)" if english else f"(Filter: {filters.describe()}.)")
    return "\n".join(lines)
