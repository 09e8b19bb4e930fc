"""Grounded answers over the real index: citations, follow-ups, declines, the `assistant ask` contract."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cite import Claim, resolve
from assistant.lexical import LexicalIndex
from assistant.query import understand
from assistant.retrieve import Filters
from assistant.service import Assistant
from index_build.settings import Settings

REPO = Path(__file__).resolve().parent.parent
DEV = REPO.parent / "shared" / "eval" / "dev.jsonl"
PROGRAMME_RESPONSE = "2023-10-19_trafiknamnden_trygghetsprogram.txt"
JSON_KEYS = {"question", "answer", "declined", "citations", "retrieved"}
CITATION_KEYS = {"id", "document", "title", "namnd", "date", "diarienummer", "section", "page", "passage", "quote"}

pytestmark = pytest.mark.slow


def _ask_cli(settings: Settings, *arguments: str, timeout: float) -> subprocess.CompletedProcess[str]:
    """`python -m assistant --index … ask ARGUMENTS`, as a user runs it."""
    command = [sys.executable, "-m", "assistant", "--index", str(settings.index_dir), "ask", *arguments]
    return subprocess.run(command, capture_output=True, text=True, cwd=REPO, timeout=timeout, check=False)


@pytest.fixture(scope="module")
def assistant(built_index: Settings) -> Assistant:
    return Assistant(built_index)


def test_example_question_cites_trafiknamndens_programme_response(assistant: Assistant) -> None:
    answer = assistant.ask("What does trafiknämnden commit to under stadens offentliga miljö?")
    assert not answer.declined
    supporting = [
        c for c in answer.citations if c.document == PROGRAMME_RESPONSE and "bistå stadsdelsnämnderna" in c.quote
    ]
    assert supporting, answer.answer
    assert supporting[0].namnd == "Trafiknämnden" and supporting[0].date == "2023-10-19"
    assert f"[{supporting[0].id}]" in answer.answer
    assert answer.answer.startswith("The documents say")  # asked in English, answered with an English lead-in


def test_every_answer_sentence_carries_a_marker_and_every_quote_is_verbatim(assistant: Assistant) -> None:
    answer = assistant.ask("Hur mycket pengar har trafikkontoret avsatt för att motverka klotter?")
    assert "19,4 miljoner" in answer.answer
    for citation in answer.citations:
        assert citation.quote in citation.passage
        assert citation.quote in answer.answer and f"[{citation.id}]" in answer.answer


def test_follow_up_carries_nämnd_and_document_from_history(assistant: Assistant) -> None:
    answer = assistant.ask("Vad efterfrågar de mer konkret?", ["Vad tycker trafiknämnden om trygghetsprogrammet?"])
    assert not answer.declined
    assert "stödmaterial" in answer.answer
    assert answer.citations[0].document == PROGRAMME_RESPONSE


def test_follow_up_switches_nämnd(assistant: Assistant) -> None:
    answer = assistant.ask("och utbildningsnämnden då?", ["Vad säger trafiknämnden om samverkansöverenskommelsen?"])
    assert not answer.declined
    assert answer.citations[0].namnd == "Utbildningsnämnden"
    assert "utbildningsnämnden" in answer.standalone_question.lower()


@pytest.mark.parametrize(
    "question",
    ["Vad säger kulturnämnden om trygghetsprogrammet?", "What does the sports committee say about the agreement?"],
)
def test_nämnd_without_documents_is_declined_with_what_the_corpus_covers(assistant: Assistant, question: str) -> None:
    answer = assistant.ask(question)
    assert answer.declined and not answer.citations
    for covered in ("Trafiknämnden", "Utbildningsnämnden", "Socialnämnden", "Älvsjö stadsdelsnämnd"):
        assert covered in answer.answer


def test_nämnd_that_did_not_answer_that_remiss_is_declined(assistant: Assistant) -> None:
    answer = assistant.ask("Vad säger socialnämnden om trygghetsprogrammet?")
    assert answer.declined and not answer.citations
    assert "Socialnämnden" in answer.answer


def test_fact_not_in_documents_is_declined(assistant: Assistant) -> None:
    answer = assistant.ask("Hur många nya poliser ska anställas i Stockholm enligt överenskommelsen?")
    assert answer.declined and not answer.citations


def test_filters_restrict_citations_and_are_stated(assistant: Assistant) -> None:
    answer = assistant.ask("Vad anser förvaltningen om överenskommelsen?", filters=Filters(years=(2019,)))
    assert not answer.declined
    assert {c.date[:4] for c in answer.citations} == {"2019"}
    assert all(p.metadata.year == 2019 for p in answer.retrieved)
    assert "2019" in answer.answer


def test_compound_words_meet_their_parts() -> None:
    index = LexicalIndex(
        [
            "Kontoret har genomfört fjorton trygghetsinvesteringar.",
            "Tryggheten ska öka i hela staden.",
            "En investering i belysning gjordes.",
        ]
    )
    assert index.scores("trygghet")[0] > 0
    assert index.scores("investering")[0] > 0
    assert index.scores("trygghetsinvesteringar")[2] > 0  # the part meets the whole word elsewhere


def test_a_compound_part_snowball_stems_differently_alone_still_splits() -> None:
    # Snowball: "konsekvenser" → "konsekvens", but "konsekvens" → "konsekven"
    index = LexicalIndex(["Förvaltningen gör ingen analys av konsekvenser för barns rättigheter.", "Belysning."])
    assert index.scores("barnkonsekvensanalys")[0] > index.scores("barnanalys")[0] > 0


def test_a_compound_head_is_known_through_the_compound() -> None:
    index = LexicalIndex(["Stadsdelsdirektören leder arbetet.", "Belysningen förbättras."])
    head = index.analyzer.stem("direktör")
    assert not index.known(head) and index.known_as_head(head)
    assert not index.known_as_head(index.analyzer.stem("ordförande"))
    assert not index.known_as_head(index.analyzer.stem("stadsdel"))  # a compound's start is not its head


def test_query_understanding_reads_inflected_nämnder_years_and_documents() -> None:
    intent = understand("Vad skrev trafikkontorets handläggare 2023 om trygghetsprogrammet?")
    assert intent.namnder == ("Trafiknämnden",)
    assert intent.years == (2023,)
    assert intent.governing_document == "trygghetsprogrammet"
    english = understand("What did the education committee say about the cooperation agreement?")
    assert english.language == "en"
    assert english.namnder == ("Utbildningsnämnden",)
    assert english.governing_document == "samverkansöverenskommelsen"


def test_resolve_drops_claims_whose_quote_is_not_in_the_passage(assistant: Assistant) -> None:
    passage = assistant.ask("Vad menas med välfärdsbrott?").retrieved[0]
    good = Claim(text="x", chunk_id=passage.chunk_id, quote=passage.text[:40])
    forged = Claim(text="y", chunk_id=passage.chunk_id, quote="Detta står inte i texten.")
    unknown = Claim(text="z", chunk_id="no-such-id", quote=passage.text[:40])
    kept, citations = resolve([good, forged, unknown], [passage])
    assert kept == [good]
    assert len(citations) == 1 and citations[0].quote in citations[0].passage


def test_batch_json_over_dev_questions_is_verbatim_and_schema_complete(built_index: Settings, tmp_path: Path) -> None:
    if not DEV.is_file():
        pytest.skip(f"{DEV} not present")
    questions = [json.loads(line) for line in DEV.read_text(encoding="utf-8").splitlines() if line.strip()]
    completed = _ask_cli(built_index, "--batch", str(DEV), "--json", timeout=600)
    assert completed.returncode == 0, completed.stderr
    assert "Traceback" not in completed.stderr
    answers = [json.loads(line) for line in completed.stdout.splitlines() if line.strip()]
    assert [a["question"] for a in answers] == [q["question"] for q in questions]
    for question, answer in zip(questions, answers, strict=True):
        assert set(answer) >= JSON_KEYS
        assert len(answer["retrieved"]) >= 10
        assert all({"document", "passage", "score"} <= set(r) for r in answer["retrieved"])
        scores = [r["score"] for r in answer["retrieved"]]
        assert scores == sorted(scores, reverse=True)
        for citation in answer["citations"]:
            assert set(citation) >= CITATION_KEYS
            assert citation["quote"] and citation["quote"] in citation["passage"]
        if answer["declined"]:
            assert not answer["citations"]
        else:
            assert answer["citations"], question["id"]
        if not question["answerable"]:
            assert answer["declined"], question["id"]


def test_cli_prints_readable_answer_with_numbered_sources(built_index: Settings) -> None:
    completed = _ask_cli(
        built_index, "Sedan när har Stockholms stad och Polisregion Stockholm haft ett samverkansavtal?", timeout=300
    )
    assert completed.returncode == 0, completed.stderr
    assert "2015" in completed.stdout
    assert "[1]" in completed.stdout and "Källor / sources:" in completed.stdout


def test_a_statement_is_cited_from_the_body_not_its_summary(assistant: Assistant) -> None:
    # The same request stands in the Sammanfattning and, worded more fully, under the office's views.
    answer = assistant.ask("Vilket stöd efterfrågar trafikkontoret mer konkret när det gäller trygghetsprogrammet?")
    assert not answer.declined
    first = answer.citations[0]
    assert not first.section.lower().startswith("sammanfattning"), first.section
    assert "stadsövergripande stöd" in first.quote


def test_the_question_word_decides_what_is_asked() -> None:
    assert understand("Vem var ordförande i socialnämnden när remissen behandlades?").answer_type == "person"
    assert understand("När behandlade socialnämnden remissen, och vem var ordförande?").answer_type == "date"
    follow_up = understand("Och för utbildningsnämnden då?", ["Vem är handläggare för trafiknämndens remissvar?"])
    assert follow_up.answer_type == "person"
    # "när" inside a question is a conjunction or "när det gäller" (regarding): no date is asked for.
    assert understand("Vad tyckte trafikkontoret när de svarade på remissen?").answer_type != "date"
    assert understand("Vilket stöd efterfrågar de när det gäller trygghetsprogrammet?").answer_type != "date"
    assert understand("When does the new agreement take effect?").answer_type == "date"


def test_a_signature_answers_who_signed(assistant: Assistant) -> None:
    answer = assistant.ask("Vem har skrivit under Älvsjö stadsdelsförvaltnings tjänsteutlåtande?")
    assert not answer.declined
    assert "Anne-Marie Tingeborn" in answer.answer


def test_a_count_must_count_what_was_asked(assistant: Assistant) -> None:
    # The documents hold counts ("fem prioriterade samverkansområden"), none of them of police officers.
    assert assistant.ask("Hur många poliser arbetar i lokalpolisområde Globen?").declined
    assert assistant.ask("How many police officers work with the local groups in Älvsjö?").declined
    assert assistant.ask("Hur många kameror ska sättas upp enligt trygghetsprogrammet?").declined  # never counted
    assert assistant.ask("Hur stor budget har staden avsatt för trygghetsprogrammet?").declined  # other amounts
    counted = assistant.ask("Hur många prioriterade samverkansområden har den nya överenskommelsen?")
    assert not counted.declined and "fem" in counted.answer


def test_a_comparison_cites_each_compared_year(assistant: Assistant) -> None:
    answer = assistant.ask("Vad skiljer de prioriterade samverkansområdena mellan 2019 och 2023?")
    assert not answer.declined
    assert {p.metadata.year for p in answer.retrieved[:2]} == {2019, 2023}
    assert {c.date[:4] for c in answer.citations} >= {"2019", "2023"}


def test_party_names_find_their_särskilt_uttalande(assistant: Assistant) -> None:
    answer = assistant.ask("What did the Social Democrats and the Left Party want in socialnämnden's statement?")
    assert not answer.declined
    sections = [c.section for c in answer.citations]
    # Their särskilt uttalande "(V, S)", or the ersättaryttrande they joined "(Fi, S, V)".
    assert any(re.search(r"\bS\b", s) and re.search(r"\bV\b", s) for s in sections), sections


def test_our_nämnd_is_the_one_the_user_named_earlier() -> None:
    history = ["Jag jobbar på trafikkontoret.", "Vilka fokusområden har trygghetsprogrammet 2024–2027?"]
    assert understand("Vilka av dem är vår nämnd särskilt viktig för?", history).namnder == ("Trafiknämnden",)
    assert understand("What must our committee do?", ["I work at the education administration."]).namnder == (
        "Utbildningsnämnden",
    )
    assert understand("Vad ska vår nämnd göra?").namnder == ()  # nobody said which


def test_follow_ups_that_switch_document_or_year() -> None:
    switched = understand(
        "och för samverkansöverenskommelsen?", ["vem var handläggare för trafiknämndens svar om trygghetsprogrammet?"]
    )
    assert switched.governing_document == "samverkansöverenskommelsen"
    assert "trygghetsprogram" not in switched.standalone and switched.answer_type == "person"
    years = {"Älvsjö stadsdelsnämnd": {2019}, "Trafiknämnden": {2023}}
    moved_on = understand("och i 2023 års version?", ["vilka områden räknar Älvsjö upp i sitt remissvar 2019?"], years)
    assert moved_on.years == (2023,) and moved_on.namnder == ()  # Älvsjö answered in 2019 only
    assert moved_on.year_switch  # the year is all that changed: it picks the documents
    assert not understand("Vilka samverkansområden fanns i överenskommelsen från 2019?").year_switch
    known = {"Trafiknämnden": {2023}, "Utbildningsnämnden": {2023}}
    again = understand("och utbildningsnämnden då?", ["Vilka områden lyfte trafiknämnden fram?"], known)
    assert again.wants_list and again.namnder == ("Utbildningsnämnden",)


def test_a_follow_up_that_only_changes_the_year_answers_from_that_years_documents(assistant: Assistant) -> None:
    first = "När var sista dagen för trafiknämnden att yttra sig över samverkansöverenskommelsen?"
    answer = assistant.ask("och för remissen 2019 då?", [first])
    assert not answer.declined and "4 september 2019" in answer.answer, answer.answer


def test_a_person_in_a_named_role_must_be_named_in_that_role(assistant: Assistant) -> None:
    chair = assistant.ask("Vem var ordförande i socialnämnden 2019?")
    assert not chair.declined
    assert any(re.search(r"Ordföranden \w+ \w+", c.quote) for c in chair.citations)
    # Trafiknämnden's responses name a förvaltningschef and a handläggare, never a chair.
    assert assistant.ask("Vem var ordförande i trafiknämnden när yttrandet om trygghetsprogrammet togs?").declined


def test_how_many_it_is_counts_the_topic_itself(assistant: Assistant) -> None:
    answer = assistant.ask("Vad kostade trafikkontorets trygghetsinvesteringar i år, och hur många rör det sig om?")
    assert not answer.declined
    assert "fjorton" in answer.answer and "35,4 miljoner" in answer.answer


def test_decline_model_file_fits_the_features_the_code_reads(tmp_path: Path) -> None:
    from assistant.answer import Evidence
    from assistant.decline import FEATURES, DeclineModel

    model = DeclineModel.load()
    assert len(model.weights) == len(FEATURES)
    supported = Evidence(coverage=1.0, similarity=1.0)
    assert model.probability(supported, "sv") > 0.5 > model.probability(Evidence(coverage=1.0, unstated=1.0), "sv")
    stale = tmp_path / "model.json"
    stale.write_text(json.dumps({"features": ["dense"], "weights": [1.0], "bias": 0.0}), encoding="utf-8")
    with pytest.raises(ValueError, match="features"):
        DeclineModel.load(stale)


def test_named_document_and_year_pick_documents_not_sentences(assistant: Assistant) -> None:
    """The document's name, period or year steers retrieval; the sentence must answer the rest."""
    stance = assistant.ask("Var socialförvaltningen för eller emot polisavtalet 2019?")
    assert not stance.declined and "positiv" in stance.answer
    missing = assistant.ask("Saknade trafikkontoret något i förslaget till trygghetsprogram 2024–2027?")
    assert not missing.declined and "efterfrågar" in missing.citations[0].quote


def test_no_sentence_is_quoted_twice(assistant: Assistant) -> None:
    questions = [json.loads(line)["question"] for line in DEV.read_text(encoding="utf-8").splitlines()]
    questions.append("Why does the education administration think having fewer priority areas is better?")
    for question in questions:
        quotes = [" ".join(c.quote.split()) for c in assistant.ask(question).citations]
        assert len(quotes) == len(set(quotes)), question


def test_a_stance_is_the_nämnds_view_not_its_formal_decision(assistant: Assistant) -> None:
    answer = assistant.ask("Vad tyckte socialförvaltningen om förslaget till samverkansöverenskommelse?")
    assert not answer.declined
    quotes = " ".join(c.quote for c in answer.citations)
    assert "positiv" in quotes or "kortfattad och tydlig" in quotes
    assert "godkänner tjänsteutlåtandet" not in answer.citations[0].quote


def test_an_amount_must_be_spent_on_what_was_asked(assistant: Assistant) -> None:
    klotter = assistant.ask("Hur mycket pengar har trafikkontoret avsatt för att motverka klotter?")
    assert not klotter.declined and "19,4 miljoner" in klotter.answer
    # The documents give amounts for trygghetsinvesteringar and klotter, never for the handlingsplan.
    assert assistant.ask("Hur mycket pengar avsätts för att genomföra handlingsplanen till överenskommelsen?").declined
    # "fyra fokusområden" is a number in a sentence on the programme, not money for it.
    assert assistant.ask(
        "Hur mycket pengar får trafiknämnden för att genomföra trygghetsprogrammet 2024–2027?"
    ).declined
    # The nämnd spends the time; the möten (head of "samverkansmöten") are what it is spent on.
    time = assistant.ask("Ungefär hur mycket arbetstid går åt för trafikkontoret till alla samverkansmöten?")
    assert not time.declined and "1,5 heltidstjänster" in time.answer


def test_what_a_nämnd_shall_do_is_its_own_duty_said_once(assistant: Assistant) -> None:
    answer = assistant.ask("Vad säger trygghetsprogrammet att trafiknämnden ska göra?")
    assert not answer.declined
    assert "bistå stadsdelsnämnderna" in answer.citations[0].quote, answer.answer
    # The Sammanfattning restates the body's "Trafiknämnden ska särskilt bistå …": one of them is enough.
    assert sum("bistå stadsdelsnämnderna" in c.quote for c in answer.citations) == 1, answer.answer


def test_the_chair_is_not_the_vice_chair(assistant: Assistant) -> None:
    answer = assistant.ask("Vem var socialnämndens ordförande när överenskommelsen med polisen behandlades 2019?")
    assert not answer.declined
    assert re.search(r"(?<!Vice )Ordföranden \w+ \w+", answer.citations[0].quote), answer.answer
    # Socialnämnden's chair is not the chair of the agreement's styrgrupp, whom no document names.
    assert assistant.ask("Vem är ordförande i den stadsövergripande styrgruppen för samverkan med polisen?").declined


def test_what_a_survey_showed_needs_a_stated_finding(assistant: Assistant) -> None:
    # The documents say a trygghetsmätning is made every year, never what it showed.
    assert assistant.ask("Vad blev resultatet av den senaste trygghetsmätningen?").declined
    assert assistant.ask("What did the latest trygghetsmätning show about how safe people feel?").declined
    enkät = assistant.ask("Vad kom enkäten fram till enligt utbildningsförvaltningen?")
    assert not enkät.declined and "i linje med" in enkät.answer


def test_named_people_are_not_answered_by_a_body(assistant: Assistant) -> None:
    # The agreement's styrgrupp is described, its members are never named.
    assert assistant.ask("Vilka personer sitter i den stadsövergripande styrgruppen?").declined


def test_a_diarienummer_names_the_ärende(assistant: Assistant) -> None:
    answer = assistant.ask("Vilka nämnder yttrade sig över remissen KS 2019/656?")
    assert {c.namnd for c in answer.citations} == {"Socialnämnden", "Älvsjö stadsdelsnämnd"}, answer.answer
    number = assistant.ask("Vad är KS-numret på remissen som utbildningsnämnden svarade på?")
    assert "KS 2023/740" in number.answer


def test_räkna_upp_asks_for_the_list(assistant: Assistant) -> None:
    answer = assistant.ask("Räkna upp de fem prioriterade samverkansområdena i den nya överenskommelsen.")
    assert "Kriminella miljöer och livsstilar" in answer.answer and "Systemhotande brottslighet" in answer.answer


def test_which_kinds_are_named_as_compounds_on_the_asked_word(assistant: Assistant) -> None:
    # "gator och platser" is the offentliga miljön; the perspectives are listed as compounds on "perspektiv".
    answer = assistant.ask("Vilka perspektiv ska man ta hänsyn till när gator och platser utformas enligt programmet?")
    assert not answer.declined and "barnperspektiv" in answer.citations[0].quote, answer.answer


def test_examples_asked_for_are_given_not_announced(assistant: Assistant) -> None:
    answer = assistant.ask("Which examples from the traffic committee's own work are held up as good practice?")
    assert not answer.declined and "Tyck till-appen" in answer.citations[0].quote, answer.answer


def test_party_letters_pick_their_statement_and_a_protocol_note_is_not_its_content(assistant: Assistant) -> None:
    first = "Vad tryckte L, M, MP, C och KD på i sitt särskilda uttalande i socialnämnden?"
    answer = assistant.ask("Och vad ville S och V lyfta fram?", [first])
    assert not answer.declined
    assert answer.citations[0].section == "Särskilt uttalande (V, S)", answer.answer
    assert "instämde" not in answer.citations[0].quote  # who joined is not what they said
    # …but asked who joined, the protocol note is the answer.
    joined = assistant.ask("Vilken ersättare ställde sig bakom S och V:s särskilda uttalande i socialnämnden?")
    assert "Anna Rantala Bonnier" in joined.answer


def test_a_body_without_documents_is_the_topic_of_a_follow_up(assistant: Assistant) -> None:
    answer = assistant.ask("och kommunstyrelsen då?", ["vad har trafiknämnden för roll i trygghetsprogrammet"])
    assert not answer.declined and "Kommunstyrelsen har det stadsövergripande ansvaret" in answer.citations[0].quote


def test_an_email_asked_for_must_be_given(assistant: Assistant) -> None:
    # The address stands in a contact block that shares few words with the question.
    mail = assistant.ask("vilken mejl har den som handlägger trafiknämndens yttrande om trygghetsprogrammet")
    assert not mail.declined and "kristoffer.bengtsson@stockholm.se" in mail.answer, mail.answer


@pytest.mark.parametrize(
    "question",
    [
        "What is the weather in Stockholm tomorrow?",  # only the city's name is in the documents
        "Who signed the agreement on behalf of Polisregion Stockholm?",  # signatures are the city's own
    ],
)
def test_questions_the_documents_only_seem_to_touch_are_declined(assistant: Assistant, question: str) -> None:
    assert assistant.ask(question).declined


def test_a_follow_up_weighs_its_own_words_above_the_carried_topic(assistant: Assistant) -> None:
    first = "Vad tyckte socialförvaltningen om förslaget till samverkansöverenskommelse på det stora hela?"
    answer = assistant.ask("Och hur såg Älvsjö stadsdelsförvaltning på den?", [first])
    assert not answer.declined and "mycket positivt" in answer.citations[0].quote, answer.answer
    deadline = assistant.ask(
        "Och för samverkansöverenskommelsen då?",
        ["Vilken dag var sista svarsdag för trafiknämnden i remissen om trygghetsprogrammet?"],
    )
    assert not deadline.declined and "2023-10-27" in deadline.answer


def test_a_named_nämnd_is_quoted_alone_and_never_by_its_decision_formula(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Vad tyckte socialförvaltningen om förslaget till samverkansöverenskommelse på det stora hela?"
    )
    assert not answer.declined and {c.namnd for c in answer.citations} == {"Socialnämnden"}, answer.answer
    # The handläggare of trafiknämnden's other response (on the agreement) is not this one's.
    officer = assistant.ask("Who is the case officer for the traffic committee's response to the safety programme?")
    assert "Kristoffer Bengtsson" in officer.answer and "Thomas Ahlskog" not in officer.answer, officer.answer
    wants = assistant.ask(
        "Trafikkontoret svarade på både överenskommelsen och trygghetsprogrammet – vad efterlyser de?"
    )
    assert not any("godkänner" in c.quote for c in wants.citations), wants.answer
    # …unless the decision is what is asked.
    decided = assistant.ask("Vad beslutade utbildningsnämnden om remissen?")
    assert any("godkänner" in c.quote for c in decided.citations), decided.answer


def test_how_often_and_how_long_ask_for_a_frequency_and_an_amount_of_time(assistant: Assistant) -> None:
    often = assistant.ask("Hur ofta görs trygghetsmätningen?")
    assert not often.declined and "varje år" in often.citations[0].quote, often.answer
    time = assistant.ask("Hur lång tid lägger trafikkontoret på de lokala arbetsgruppernas möten?")
    assert not time.declined and "1,5 heltidstjänster" in time.answer


def test_programmet_and_avtalet_name_the_governing_documents_in_a_question(assistant: Assistant) -> None:
    # Socialnämnden answered the agreement only: its view of "programmet" is not in the documents.
    assert assistant.ask("Vad säger socialnämnden om programmet?").declined
    agreement = assistant.ask("Vad tyckte utbildningsnämnden om avtalet?")
    assert not agreement.declined and {c.namnd for c in agreement.citations} == {"Utbildningsnämnden"}


def test_a_compared_list_is_quoted_for_each_side_and_retrieved_first(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Jämför de prioriterade samverkansområdena i 2019 års överenskommelse med dem i förslaget 2023."
    )
    quotes = " ".join(c.quote for c in answer.citations)
    assert "avhopparverksamhet" in quotes and "systemhotande brottslighet" in quotes.lower(), answer.answer
    cited = [c.chunk_id for c in answer.citations]
    assert [p.chunk_id for p in answer.retrieved[: len(set(cited))]] == list(dict.fromkeys(cited))
    scores = [p.score for p in answer.retrieved]
    assert scores == sorted(scores, reverse=True)


def test_which_of_them_picks_some_and_a_case_follow_up_stays_with_its_nämnd(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Vilka av de prioriterade samverkansområdena pekas ut som extra viktiga i trafiknämndens tjänsteutlåtande?"
    )
    assert not answer.declined and "extra värdefullt" in answer.citations[0].quote, answer.answer
    case = assistant.ask(
        "Vilka råd fick ärendet och vilka dagar?",
        ["Vad tyckte Älvsjö stadsdelsförvaltning om förslaget till samverkansöverenskommelse 2019?"],
    )
    assert "21 augusti 2019" in case.answer and case.citations[0].namnd == "Älvsjö stadsdelsnämnd", case.answer


def test_which_nämnder_did_it_lists_only_those_that_did(assistant: Assistant) -> None:
    immediate = assistant.ask("Vilka nämnder bestämde att deras beslut skulle justeras direkt?")
    assert {c.namnd for c in immediate.citations} == {"Trafiknämnden", "Utbildningsnämnden"}, immediate.answer
    responded = assistant.ask("Vilka nämnder har yttrat sig över samverkansöverenskommelsen?")
    assert {c.namnd for c in responded.citations} == {
        "Trafiknämnden",
        "Socialnämnden",
        "Utbildningsnämnden",
        "Älvsjö stadsdelsnämnd",
    }


def test_a_phone_number_or_opening_hours_must_be_stated_for_whom_was_asked(assistant: Assistant) -> None:
    phone = assistant.ask("Vad är telefonnumret till handläggaren för utbildningsnämndens yttrande?")
    assert not phone.declined and "08-50833750" in phone.answer, phone.answer
    # Socialnämnden's protokoll names no handläggare: another nämnd's number is no answer.
    assert assistant.ask("What's the phone number of the case officer for social services' 2019 response?").declined
    assert assistant.ask("Vilka tider har trafikkontorets reception på Fleminggatan öppet?").declined


def test_a_party_that_signed_no_statement_is_declined_and_threats_are_otillåten_påverkan(
    assistant: Assistant,
) -> None:
    sd = assistant.ask("Lämnade Sverigedemokraterna någon reservation när utbildningsnämnden behandlade avtalet?")
    assert sd.declined and "SD" in sd.answer
    threats = assistant.ask("Vad saknade trafikkontoret i programförslaget om skydd mot påtryckningar och hot?")
    assert not threats.declined and "stödmaterial" in threats.answer, threats.answer


def test_the_new_agreement_is_the_one_the_latest_responses_describe(assistant: Assistant) -> None:
    intent = understand("När gäller den nya överenskommelsen från?", [], {"Trafiknämnden": {2023}, "Älvsjö": {2019}})
    assert intent.years == (2023,) and intent.newest
    answer = assistant.ask("Från och med när gäller den nya överenskommelsen mellan staden och polisen?")
    assert "1 januari 2024" in answer.answer, answer.answer


def test_a_party_asked_about_is_quoted_from_its_own_statement(assistant: Assistant) -> None:
    for question in ("Vad vill S och V?", "What did the Moderates say?"):
        answer = assistant.ask(question)
        assert not answer.declined, question
        assert all(re.search(r"\b(S|V|M)\b", c.section) for c in answer.citations), answer.answer


def test_when_an_english_agreement_applies_and_applying_for_a_permit_is_off_topic(assistant: Assistant) -> None:
    answer = assistant.ask("From what date does the new city-wide cooperation agreement with the police apply?")
    assert not answer.declined and "1 januari 2024" in answer.citations[0].quote, answer.answer
    assert assistant.ask("How do I apply for a residential parking permit (boendeparkering) in Stockholm?").declined


def test_a_lead_in_keeps_its_table_rows_so_a_digital_approval_is_quoted_with_the_name(assistant: Assistant) -> None:
    answer = assistant.ask("Vem godkände utbildningsförvaltningens tjänsteutlåtande digitalt, och vilket datum?")
    first = answer.citations[0].quote
    assert "godkänts digitalt" in first and "Lena Holmdahl" in first and "2023-10-17" in first, answer.answer


def test_who_may_change_the_agreement_is_answered_by_a_body(assistant: Assistant) -> None:
    answer = assistant.ask("Vem har mandat att ändra i samverkansöverenskommelsen efter att den har börjat gälla?")
    assert not answer.declined and "styrgruppen" in answer.answer, answer.answer
    # …but a named role still needs a person: no head of lokalpolisområde Globen is named anywhere
    assert assistant.ask("Vem är chef för lokalpolisområde Globen, som Älvsjö samverkar med?").declined


def test_a_sum_and_a_duration_in_words_are_stated_amounts(assistant: Assistant) -> None:
    money = assistant.ask("Hur stor summa har trafikkontoret reserverat i år för att få bukt med råttor?")
    assert not money.declined and "6 miljoner kr" in money.answer, money.answer
    years = assistant.ask("Hur lång tid hade enligt Älvsjö förflutit sedan staden och polisen slöt sitt första avtal?")
    assert not years.declined and "mer än fyra år" in years.answer, years.answer


def test_picking_some_of_a_list_quotes_the_sentence_that_picks_not_the_list(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Vilka av dem är trafiknämndens insatser särskilt avgörande för?",
        ["Vilka fokusområden har stadens nya trygghetsprogram?"],
    )
    first = answer.citations[0].quote
    assert "Stadens offentliga miljö och Stadsutveckling" in first and "Förebyggande arbete" not in first, answer.answer


def test_a_sentence_ending_on_detta_is_quoted_with_what_detta_is(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Vilka av de prioriterade områdena bedömer stadsledningskontoret som extra viktiga för barn och unga i gängen?"
    )
    assert "Kriminella miljöer och livsstilar bedöms särskilt viktiga" in answer.answer, answer.answer
    assert "Stadsledningskontoret anger" in answer.citations[0].quote, answer.answer


def test_a_figure_for_a_year_no_document_covers_or_a_budget_never_stated_is_declined(assistant: Assistant) -> None:
    assert assistant.ask("Hur många trygghetsinvesteringar genomförde trafikkontoret under 2022?").declined
    assert assistant.ask("Hur stor är den totala budget som staden har avsatt för trygghetsprogrammet?").declined
    # …while the same figure asked without the foreign year is answered
    answer = assistant.ask("Hur många trygghetsinvesteringar har trafikkontoret genomfört i år?")
    assert not answer.declined and "fjorton trygghetsinvesteringar" in answer.answer, answer.answer


def test_a_deadline_in_the_year_asked_and_counted_under_the_documents_word(assistant: Assistant) -> None:
    deadline = assistant.ask("Vilket sista svarsdatum gav kommunstyrelsen nämnderna för remissen 2019?")
    assert "4" in deadline.citations[0].quote and "september 2019" in deadline.answer, deadline.answer
    assert "2023-10-27" not in deadline.citations[0].quote
    count = assistant.ask("Hur många upprustningar av mindre platser och torg nämner trafikkontoret?")
    assert not count.declined and "åtta reinvesteringar" in count.answer, count.answer


def test_a_comparison_of_two_nämnder_reads_each_sides_own_passage(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Inom vilka avdelningar bereddes ärendet hos Älvsjö stadsdelsförvaltning respektive utbildningsförvaltningen?"
    )
    assert "samhällsutveckling" in answer.answer and "ekonomi och styrning" in answer.answer, answer.answer


def test_a_list_question_is_answered_by_the_list_not_by_a_sentence_that_counts_it(assistant: Assistant) -> None:
    # "five" counts the items and "new" names the document: neither needs to stand in the list
    answer = assistant.ask("What are the five prioriterade samverkansområden in the new 2023 agreement?")
    first = answer.citations[0].quote.lower()
    assert "systemhotande brottslighet" in first and "kriminella miljöer och livsstilar" in first, answer.answer


def test_which_of_them_after_the_user_named_their_nämnd_picks_from_the_list(assistant: Assistant) -> None:
    answer = assistant.ask(
        "Vilka av dem är vår nämnd särskilt viktig för?",
        ["Jag jobbar på trafikkontoret.", "Vilka fokusområden har trygghetsprogrammet 2024–2027?"],
    )
    assert "centralt för måluppfyllelsen" in answer.citations[0].quote, answer.answer


def test_an_english_count_counts_its_head_noun_and_a_response_is_found_by_who_prepared_it(
    assistant: Assistant,
) -> None:
    # "new surveillance cameras" counts cameras: "fem … i den nya överenskommelsen" is no such count
    assert assistant.ask("How many new surveillance cameras will the city install under the agreement?").declined
    answer = assistant.ask("Vilka avdelningar på utbildningsförvaltningen var med och tog fram remissvaret?")
    assert "grundskoleavdelningen och gymnasieavdelningen" in answer.answer, answer.answer


def test_a_date_or_view_of_a_body_that_wrote_nothing_here_must_be_stated_of_that_body(assistant: Assistant) -> None:
    # the remiss deadline is a date about the programme, not kommunfullmäktige's decision
    assert assistant.ask("När ska kommunfullmäktige fatta beslut om trygghetsprogrammet?").declined
    # "Ärendet behandlas i funktionshinderrådet den 21 augusti 2019" says when, not what the råd thought
    assert assistant.ask("Vad tyckte funktionshinderrådet i Älvsjö om överenskommelsen?").declined
    dates = assistant.ask("När skulle utbildningsförvaltningens ärende tas upp med facket?")
    assert not dates.declined and "16 oktober 2023" in dates.answer, dates.answer


def test_blind16_bugs_two_part_count_english_follow_up_and_an_english_role(assistant: Assistant) -> None:
    # "hur många och för hur mycket" counts nothing in particular: no paraphrase may become the count
    both = assistant.ask(
        "Och reinvesteringarna på små platser och torg – hur många och för hur mycket?",
        ["Hur många trygghetsinvesteringar har trafikkontoret gjort i år?"],
    )
    assert not both.declined and "10,4 miljoner kr" in both.answer, both.answer
    # a follow-up of English function words only is English, like the conversation
    renewed = assistant.ask(
        "Has it been renewed since then?",
        [
            "Tell me about Älvsjö's response to the cooperation agreement.",
            "When was their local agreement first signed?",
        ],
    )
    assert not renewed.declined and "2017" in renewed.answer, renewed.answer
    # the glossary's "head" is a chef: no head of lokalpolisområde Globen is named anywhere
    assert assistant.ask("Who is the head of the Globen local police area?").declined


def test_what_a_named_thing_costs_and_which_of_the_named_list_picks(assistant: Assistant) -> None:
    # amounts spent on skadedjur and klotter are not what the trygghetsmätning costs
    assert assistant.ask("Hur mycket kostar den årliga trygghetsmätningen?").declined
    picked = assistant.ask(
        "Och inom vilka av fokusområdena är trafiknämnden viktigast?",
        ["Vad handlar trygghetsprogrammet 2024–2027 om?"],
    )
    assert "centralt för måluppfyllelsen" in picked.citations[0].quote, picked.answer


def test_a_quote_copied_with_the_documents_emphasis_is_found_in_a_passage(assistant: Assistant) -> None:
    # the document writes "samt *Levande Stockholm*": a precedent quote copied from it must match
    examples = assistant.ask("Vilka goda exempel från trafiknämndens ansvarsområde lyfts i trygghetsprogrammet?")
    assert any("fysiska hinder i gatumiljö samt *Levande Stockholm*" in p.text for p in examples.retrieved[:1])
    assert examples.citations and all(c.quote in c.passage for c in examples.citations)


def test_the_executive_board_in_english_and_once_as_a_count(assistant: Assistant) -> None:
    case = assistant.ask(
        "What case number did the city executive board's 2023 referral to the education committee have?"
    )
    assert not case.declined and "KS 2023/740" in case.answer, case.answer
    renewed = assistant.ask("Hur många gånger har Älvsjös lokala överenskommelse med polisen förnyats?")
    assert not renewed.declined and "en gång under 2017" in renewed.answer, renewed.answer


def test_a_passive_view_bedöms_av_förvaltningen_is_a_stance(assistant: Assistant) -> None:
    view = assistant.ask(
        "Och vad tyckte Älvsjö om områdena 2019?",
        ["Vad ser utbildningsförvaltningen för fördelar med att antalet prioriterade samverkansområden blev färre?"],
    )
    assert "bedöms av förvaltningen vara adekvata" in view.citations[0].quote, view.answer


def test_a_worry_is_what_is_unclear_and_an_intention_is_what_it_aims_at(assistant: Assistant) -> None:
    worry = assistant.ask("Vilken oro uttrycker oppositionen i socialnämnden kring fonden för förebyggande arbete?")
    assert "oklart hur mycket som återstår av fonden" in worry.answer, worry.answer
    aim = assistant.ask("Vad är avsikten med överenskommelsen mellan staden och polisen enligt socialnämnden?")
    assert re.search(r"syftar till|Syftet med", aim.citations[0].quote), aim.answer  # the aim, stated either way


def test_a_header_quote_copied_as_written_is_found_and_the_name_answers(assistant: Assistant) -> None:
    # the letterhead writes "HandläggareThomas Ahlskog": a quote copied from it must match a passage
    officer = assistant.ask("Who was the case officer for trafiknämnden's response on the police agreement?")
    assert not officer.declined and "Thomas Ahlskog" in officer.answer, officer.answer
    assert "HandläggareThomas Ahlskog 08-508 35 066" in " ".join(officer.retrieved[0].text.split())


def test_an_english_count_ends_at_its_verb_and_bereddes_asks_who_prepared(assistant: Assistant) -> None:
    # "how many beredningsgrupper answered …" counts beredningsgrupper, which no document counts
    assert assistant.ask("How many beredningsgrupper answered the survey from the city executive office?").declined
    prepared = assistant.ask("Var bereddes Älvsjö stadsdelsförvaltnings remissvar?")
    assert "avdelningen för samhällsutveckling" in prepared.citations[0].quote, prepared.answer


def test_when_something_was_adopted_or_met_needs_that_event_dated(assistant: Assistant) -> None:
    # a remiss deadline or a tjänsteutlåtande's date is no adoption or meeting date
    assert assistant.ask("In which year was the previous Stockholm safety programme adopted?").declined
    assert assistant.ask("Vilket datum sammanträdde socialnämnden när överenskommelsen behandlades?").declined
    dated = assistant.ask("Vilket datum hade socialförvaltningens tjänsteutlåtande om överenskommelsen?")
    assert not dated.declined and "14 augusti 2019" in dated.answer, dated.answer


def test_the_police_view_must_be_stated_of_the_police(assistant: Assistant) -> None:
    # no response here is the police's own: trafikkontoret's view of the staffing is not theirs
    assert assistant.ask("Hur mottog Polisregion Stockholm trafiknämndens synpunkter om bemanningen?").declined
    # ... while a view *about* the police is a committee's, and answered
    assert not assistant.ask("Vad tycker trafikkontoret om samverkan med polisen?").declined


def test_feministiskt_initiativ_is_fi_and_a_body_deciding_must_be_stated_deciding(assistant: Assistant) -> None:
    fi = assistant.ask("Did anyone from Feministiskt initiativ take a stance on the agreement in socialnämnden?")
    assert "Anna Rantala Bonnier (Fi)" in fi.answer, fi.answer
    # kommunstyrelsen sent the remiss; what it decided in the end is nowhere
    assert assistant.ask("Vad beslutade kommunstyrelsen till slut om trygghetsprogrammet 2024-2027?").declined
    assert assistant.ask("What did Polisregion Stockholm say back about trafikkontoret's staffing worries?").declined
    # "full-time positions" are never counted in the documents
    assert assistant.ask("How many full-time positions does utbildningsförvaltningen spend on local groups?").declined


def test_follow_ups_switching_document_or_naming_a_director_and_how_long_since(assistant: Assistant) -> None:
    due = assistant.ask(
        "and the one on the police cooperation agreement?",
        ["When was the traffic committee's reply on the 2024-2027 safety programme due?"],
    )
    assert "2023-10-27" in due.answer and "samverkansoverenskommelse" in due.citations[0].document, due.answer
    # "utbildningsdirektör" is the head of utbildningsförvaltningen: the follow-up is about that nämnd
    director = assistant.ask(
        "och vem var utbildningsdirektör?", ["Vem var förvaltningschef på trafikkontoret när remissvaren skrevs 2023?"]
    )
    assert not director.declined and "Lena Holmdahl" in director.answer, director.answer
    since = assistant.ask(
        "According to Älvsjö, how long had it been since the first city-wide police agreement was signed?"
    )
    assert "mer än fyra år" in since.citations[0].quote, since.answer


def test_the_chair_of_a_group_and_money_for_a_thing_not_where_it_is_spent(assistant: Assistant) -> None:
    # socialnämnden's ordförande does not chair the styrgrupp, whose chair no document names
    assert assistant.ask("Who chairs the city-wide steering group set up under the police agreement?").declined
    assert not assistant.ask("Vem ledde socialnämndens sammanträde?").declined
    # money for belysning is asked; 10,4 miljoner kr "på små platser och torg" is for reinvesteringar
    assert assistant.ask("Hur mycket har trafikkontoret budgeterat för bättre belysning på otrygga platser?").declined


def test_a_follow_up_about_her_or_him_is_about_the_person_just_asked_for(assistant: Assistant) -> None:
    party = assistant.ask(
        "Vilket parti tillhör hon, och vems uttalande ställde hon sig bakom?",
        ["Vem lämnade ett ersättaryttrande vid socialnämndens behandling av samverkansöverenskommelsen?"],
    )
    assert "Anna Rantala Bonnier (Fi)" in party.citations[0].quote, party.answer


def test_a_question_singling_out_prefers_the_sentence_that_singles_out(assistant: Assistant) -> None:
    both = assistant.ask(
        "Vilka av de fem prioriterade samverkansområdena lyfter trafikkontoret respektive utbildningsförvaltningen "
        "fram som särskilt viktiga?"
    )
    assert "bedöms särskilt viktiga" in both.answer and "extra värdefullt" in both.answer, both.answer


def test_an_english_count_the_glossary_lacks_and_who_signed(assistant: Assistant) -> None:
    # "reinvestments" is the corpus's "reinvesteringar"; the noun phrase ends at "in"
    count = assistant.ask("How many reinvestments in small squares did the traffic administration carry out?")
    assert not count.declined and "åtta reinvesteringar" in count.answer, count.answer
    signed = assistant.ask("Vem undertecknade Älvsjö stadsdelsförvaltnings tjänsteutlåtande?")
    assert "Anne-Marie Tingeborn" in signed.citations[0].quote, signed.answer


def test_according_to_their_responses_names_where_to_read_not_what_is_asked(assistant: Assistant) -> None:
    yearly = assistant.ask(
        "Hur ska resultaten följas upp varje år enligt trafiknämndens och utbildningsnämndens yttranden?"
    )
    quotes = " ".join(c.quote for c in yearly.citations)
    assert "Uppföljning sker årligen" in quotes and "I slutet av varje år" in quotes, yearly.answer
    assert not any("godkänner" in c.quote for c in yearly.citations), yearly.answer


def test_an_either_or_question_is_answered_by_the_alternative_the_documents_know(assistant: Assistant) -> None:
    # "rakt av" is in no document; the other alternative (wanting changes) is answered
    changes = assistant.ask("Ville socialförvaltningen ändra något i förslaget, eller godtog de det rakt av?")
    assert not changes.declined and "förtydliganden" in changes.answer, changes.answer


def test_on_call_work_is_no_phone_call_and_english_words_name_what_the_documents_say(assistant: Assistant) -> None:
    on_call = assistant.ask(
        "Who runs the on-call and outreach work at places like open drug scenes, according to S and V?"
    )
    assert not on_call.declined and "socialförvaltningen" in on_call.citations[0].quote, on_call.answer
    level = assistant.ask("What bodies make up the central level of the cooperation, according to trafikkontoret?")
    assert "består av en styrgrupp och en beredningsgrupp" in level.answer, level.answer
    update = assistant.ask("Once it applies, who can decide to update the police agreement?")
    assert "styrgruppen" in update.answer, update.answer


def test_more_of_the_same_and_the_new_agreement_carry_over_to_a_follow_up(assistant: Assistant) -> None:
    more = assistant.ask(
        "Var fler avdelningar inblandade?", ["Vilken avdelning beredde utbildningsnämndens remissvar?"]
    )
    assert "grundskoleavdelningen" in more.answer, more.answer
    gangs = assistant.ask(
        "Vilka av dem ses som viktigast mot gängkriminalitet?",
        ["Vilka prioriterade samverkansområden finns i den nya överenskommelsen?"],
    )
    assert gangs.citations[0].document.startswith("2023"), gangs.answer


def test_the_signers_of_a_named_partys_statement_and_a_follow_up_ending_on_det(assistant: Assistant) -> None:
    # the names closing "Särskilt uttalande (L, M, …)" are its signers, though the line never says "uttalande"
    signers = assistant.ask(
        "Which members were behind the särskilt uttalande from L, M, MP, C and KD in socialnämnden?"
    )
    assert "Michaela Hollis (KD)" in signers.citations[0].quote, signers.answer
    substitute = assistant.ask(
        "Fanns det någon ersättare som anslöt sig till det?",
        ["Vilka partier stod bakom det särskilda uttalandet från vänstersidan i socialnämnden?"],
    )
    assert "Anna Rantala Bonnier" in substitute.citations[0].quote, substitute.answer


def test_how_a_nämnd_stands_on_a_fact_is_its_view_and_skälet_asks_the_reason(assistant: Assistant) -> None:
    view = assistant.ask("Hur ställer sig utbildningsförvaltningen till att antalet prioriterade områden har minskats?")
    assert "stödjer" in view.citations[0].quote, view.answer
    history = ["Vad tycker utbildningsförvaltningen om att antalet prioriterade samverkansområden har minskats?"]
    assert understand("Och vad var skälet till att de blev färre?", history).answer_type == "reason"
    reason = assistant.ask("Och vad var skälet till att de blev färre?", history)
    assert "ordinarie linjearbete" in reason.citations[0].quote, reason.answer


def test_what_differs_between_2019_and_the_new_agreement_reads_both_lists(assistant: Assistant) -> None:
    differs = assistant.ask("Vad skiljer de prioriterade samverkansområdena 2019 från dem i den nya överenskommelsen?")
    assert "avhopparverksamhet" in differs.answer and "Systemhotande brottslighet" in differs.answer, differs.answer
    # what kommunstyrelsen decided in the end is in no document, however the English puts it
    assert assistant.ask("How did kommunstyrelsen finally decide on the responses about the police agreement?").declined


def test_words_naming_the_documents_are_no_topic_a_sentence_must_share(assistant: Assistant) -> None:
    handläggare = assistant.ask("Vilka handläggare står på tjänsteutlåtandena från 2023?")
    assert understand(handläggare.question).across_documents  # the plural asks it of every one of them
    assert not handläggare.declined, handläggare.answer
    assert sum(name in handläggare.answer for name in ("Ahlskog", "Bengtsson", "Länninge")) >= 2, handläggare.answer


def test_the_second_statement_is_counted_in_the_protocols_order(assistant: Assistant) -> None:
    second = assistant.ask(
        "Och vilka stod bakom det andra uttalandet?",
        ["Vilka ledamöter stod bakom det första särskilda uttalandet i socialnämnden?"],
    )
    assert "Karin Gustafsson" in second.answer and "Michaela Hollis" not in second.answer, second.answer
    first = assistant.ask("Which members signed the first special statement in socialnämnden?")
    assert "Jan Jönsson (L)" in first.answer, first.answer
    # a person asked for by role: the substitute who joined S and V, not S and V's own signers
    joined = assistant.ask("Which substitute member backed the statement by S and V in socialnämnden?")
    assert "Anna Rantala Bonnier" in joined.citations[0].quote, joined.answer


def test_a_later_response_on_the_year_asked_and_a_council_going_through_the_ärende(assistant: Assistant) -> None:
    # utbildningsförvaltningen (2023) writes of "överenskommelsen från 2019": that sentence answers for 2019
    count = assistant.ask(
        "Hur många prioriterade områden hade 2019 års överenskommelse enligt utbildningsförvaltningen?"
    )
    first = count.citations[0]
    assert first.namnd == "Utbildningsnämnden" and re.search(r"\btio\b", first.quote), count.answer
    councils = assistant.ask("Vilka råd fick gå igenom ärendet i Älvsjö innan nämnden beslutade?")
    assert "funktionshinderrådet" in councils.answer, councils.answer


def test_directors_behind_the_responses_and_someone_from_another_party(assistant: Assistant) -> None:
    # plural roles ask for people too, and "står bakom" a tjänsteutlåtande is signing it
    heads = assistant.ask("Vilka förvaltningschefer och direktörer har skrivit under nämndernas tjänsteutlåtanden?")
    assert "Gunilla Glantz" in heads.answer and "Lena Holmdahl" in heads.answer, heads.answer
    directors = assistant.ask("Vilka direktörer står bakom Älvsjös och utbildningsförvaltningens tjänsteutlåtanden?")
    assert "Anne-Marie Tingeborn" in directors.answer and "Lena Holmdahl" in directors.answer, directors.answer
    other = assistant.ask(
        "Och vem från ett annat parti anslöt sig till det andra uttalandet?",
        ["Vilka partier stod bakom det första särskilda uttalandet i socialnämnden?"],
    )
    assert "Anna Rantala Bonnier (Fi)" in other.citations[0].quote, other.answer


def test_how_a_plan_is_supposed_to_be_followed_up_asks_how_not_whose_duty(assistant: Assistant) -> None:
    plan = assistant.ask(
        "How is the action plan tied to the agreement supposed to be followed up, according to Älvsjö?"
    )
    assert "presenteras årligen" in plan.answer, plan.answer


def test_a_nämnds_both_responses_are_compared_and_signing_them_is_answered_by_the_byline(
    assistant: Assistant,
) -> None:
    signed = assistant.ask("Skrev samma avdelningschef under trafiknämndens båda yttranden?")
    assert "Niklas Domeij" in signed.answer or "Ulrika Falk" in signed.answer, signed.answer
    both = assistant.ask("How do trafiknämnden's two responses differ in how they describe contract follow-up work?")
    assert {c.document for c in both.citations[:2]} == {
        "2023-10-19_trafiknamnden_samverkansoverenskommelse.txt",
        "2023-10-19_trafiknamnden_trygghetsprogram.txt",
    }, both.answer


def test_how_the_two_governing_documents_hang_together(assistant: Assistant) -> None:
    relation = assistant.ask("Hur hänger trygghetsprogrammet och samverkansöverenskommelsen ihop enligt trafiknämnden?")
    assert not relation.declined and "kompletterar" in relation.answer, relation.answer


def test_a_header_quote_across_bold_markers_is_found_and_a_documents_date_is_its_own(assistant: Assistant) -> None:
    dated = assistant.ask("Vilket datum har trafiknämndens tjänsteutlåtande om trygghetsprogrammet?")
    top = " ".join(dated.retrieved[0].text.split())
    assert "08-508 26 097**Till**Trafiknämnden 2023-10-19" in top, dated.retrieved[0].text
    assert "2023-10-19" in dated.citations[0].quote, dated.answer
    assert dated.citations[0].quote in dated.retrieved[0].text


def test_agreeing_with_a_statement_is_instämde_and_a_definite_plural_is_what_is_counted(assistant: Assistant) -> None:
    agreed = assistant.ask("Vilken ersättare höll med S och V i socialnämnden?")
    assert not agreed.declined and "Anna Rantala Bonnier" in agreed.answer, agreed.answer
    counted = assistant.ask(
        "Hur många av samverkansområdena lyfter utbildningsförvaltningen som extra viktiga mot gängen?"
    )
    assert not counted.declined and "Två av de fem" in counted.answer, counted.answer


def test_who_may_make_changes_is_who_updates_the_document(assistant: Assistant) -> None:
    for question in (
        "Vem har mandat att göra ändringar i överenskommelsen med polisen?",
        "Who can make changes to the new police agreement once it is in place?",
    ):
        changes = assistant.ask(question)
        assert "styrgruppen" in changes.citations[0].quote, changes.answer


def test_chat_shorthand_is_read_as_the_words_it_stands_for() -> None:
    assert understand("och TN:s?", ["vem var handläggare för utbn:s yttrande om polisöverenskommelsen?"]).namnder == (
        "Trafiknämnden",
    )
    shorthand = understand("hur mkt pengar lägger utbf på trygghetsarbete")
    assert shorthand.namnder == ("Utbildningsnämnden",) and shorthand.answer_type == "number", shorthand
    # a diarienummer keeps its letters; the party M is no "med"
    assert "KS 2019/656" in understand("Vilka svarade på remissen KS 2019/656?").question
    assert understand("Vad tyckte M om avtalet m polisen?").parties == ("M",)


def test_shorthand_follow_up_finds_the_other_namnds_handlaggare(assistant: Assistant) -> None:
    follow_up = assistant.ask("och TN:s?", ["vem var handläggare för utbn:s yttrande om polisöverenskommelsen?"])
    assert not follow_up.declined and follow_up.citations[0].namnd == "Trafiknämnden", follow_up.answer


def test_a_body_that_wrote_nothing_holds_no_view_named_in_someone_elses(assistant: Assistant) -> None:
    # trafikkontoret's sentence names Polisregion Stockholm, but the view in it is trafikkontoret's
    for question in (
        "Vad tyckte Polisregion Stockholm om trafiknämndens synpunkter på överenskommelsen?",
        "What did the police chief of Polisregion Stockholm think about the trygghetsprogram?",
        "Did kommunstyrelsen agree to produce the stödmaterial that trafikkontoret asked for?",
    ):
        assert assistant.ask(question).declined, question


def test_a_year_after_the_namnds_last_document_is_not_answered_by_an_earlier_one(assistant: Assistant) -> None:
    later = assistant.ask("Vad tyckte socialnämnden om den nya överenskommelsen 2023?")
    assert later.declined and "Socialnämnden 2023" in later.answer, later.answer
    # an earlier year a later response may well speak of
    earlier = assistant.ask("Hur många prioriterade områden hade 2019 års överenskommelse enligt utbildningsnämnden")
    assert not earlier.declined, earlier.answer


def test_reservations_of_a_namnd_whose_documents_record_none_are_declined(assistant: Assistant) -> None:
    silent = assistant.ask("Reserverade sig någon ledamot i utbildningsnämnden mot beslutet?")
    assert silent.declined and "Utbildningsnämnden (särskilt uttalande" in silent.answer, silent.answer
    recorded = assistant.ask("Vilka lämnade särskilt uttalande i socialnämnden?")
    assert not recorded.declined, recorded.answer
    # money set aside ("reserverat") is no reservation
    assert not assistant.ask("Hur stor summa har trafikkontoret reserverat i år för skadedjur?").declined


def test_a_body_adopting_and_a_contracted_role_question_need_their_own_statement(assistant: Assistant) -> None:
    assert assistant.ask("Antog kommunfullmäktige trygghetsprogrammet till slut?").declined
    assert assistant.ask("who's ordförande in trafiknämnden").declined  # only handläggare sign its responses
    # a person at the police is not the nämnd's handläggare
    assert assistant.ask("Vem är min kontaktperson hos polisen i beredningsgruppen?").declined


def test_backing_a_statement_is_agreeing_with_it(assistant: Assistant) -> None:
    backed = assistant.ask("did anyone else back that", ["what did S and V say about the agreement in socialnämnden?"])
    assert not backed.declined and "Anna Rantala Bonnier" in backed.answer, backed.answer


def test_paraphrased_duties_and_importance_meet_the_documents_words(assistant: Assistant) -> None:
    task = assistant.ask("Vad är styrgruppens huvuduppgift i samarbetet med polisen?")
    assert "långsiktighet" in task.citations[0].quote, task.answer
    most = assistant.ask("Vilka av fokusområdena berör trafiknämnden mest?")
    assert "centralt för måluppfyllelsen" in most.citations[0].quote, most.answer
    person = assistant.ask("Måste varje nämnd ha en särskild person för trygghetsarbetet?")
    assert "utsedd tjänsteperson" in person.answer, person.answer


def test_an_amount_must_be_for_what_the_question_asks_it_for(assistant: Assistant) -> None:
    # trafikkontoret's amounts are for trygghetsinvesteringar, skadedjur and klotter, not the programme
    for question in (
        "Vad kostar trygghetsprogrammet totalt under hela perioden?",
        "What's the total budget set aside for the trygghetsprogram 2024-2027?",
    ):
        assert assistant.ask(question).declined, question
    # "reinvesteringar" are no investeringsfond; "bekämpa skadedjur" is skadedjursbekämpning
    assert assistant.ask("Hur mycket pengar finns kvar i den sociala investeringsfonden?").declined
    assert assistant.ask("Hur mycket återstår i investeringsfonden?").declined  # a fund holds money: an amount asked
    for question in (
        "Vilken budget har trafikkontoret för att bekämpa skadedjur?",
        "budget för skadedjursbekämpning hos TK?",
    ):
        pests = assistant.ask(question)
        assert not pests.declined and "6 miljoner kr" in pests.answer, pests.answer


def test_everyday_words_for_what_the_documents_say_are_not_unknown(assistant: Assistant) -> None:
    dated = assistant.ask("När skrev socialförvaltningen sitt utlåtande om polisavtalet?")
    assert not dated.declined and "14 augusti 2019" in dated.answer, dated.answer
    attached = assistant.ask("Vilka bilagor bifogade trafiknämnden till sitt svar om polisöverenskommelsen?")
    assert not attached.declined and "Bilaga 1" in attached.answer, attached.answer
    complaint = assistant.ask("Vad klagar S och V på när det gäller hur de borgerliga lägger pengarna?")
    assert not complaint.declined and "ordningsvakter" in complaint.answer, complaint.answer
    backed = assistant.ask("Var det någon ersättare som hakade på?", ["Vad tog S och V upp i socialnämnden?"])
    assert not backed.declined and "Anna Rantala Bonnier" in backed.answer, backed.answer


def test_the_school_administration_is_utbildningsnamnden() -> None:
    assert understand("Gjorde skolförvaltningen någon egen analys av barnens rättigheter?").namnder == (
        "Utbildningsnämnden",
    )


def test_english_perspectives_and_a_bodys_decision_in_the_genitive(assistant: Assistant) -> None:
    views = assistant.ask("Which perspectives must public spaces work include according to the safety programme?")
    assert "barnperspektiv" in views.citations[0].quote, views.answer
    assert assistant.ask("Vad blev kommunfullmäktiges slutliga beslut om den nya samverkansöverenskommelsen?").declined


def test_which_one_of_a_list_is_a_pick_not_the_list(assistant: Assistant) -> None:
    for question in (
        "Vilket av fokusområdena är trafiknämndens arbete viktigast för?",
        "Which of the focus areas is the traffic committee's work central to?",
    ):
        picked = assistant.ask(question)
        assert "centralt för måluppfyllelsen" in picked.citations[0].quote, picked.answer


def test_putting_ones_name_to_a_statement_is_signing_it(assistant: Assistant) -> None:
    signed = assistant.ask(
        "Who put their names to that statement?",
        ["What did the Social Democrats and the Left Party criticise about the agreement in the social committee?"],
    )
    assert "Karin Gustafsson" in signed.citations[0].quote, signed.answer


def test_together_is_what_the_documents_call_gemensamt(assistant: Assistant) -> None:
    together = assistant.ask("Varför var Älvsjö positiv till att staden och polisen följer upp arbetet tillsammans?")
    assert "gemensamt kommer att följa upp" in together.citations[0].quote, together.answer


def test_generic_items_and_superlatives_are_no_topic(assistant: Assistant) -> None:
    things = assistant.ask("Vilka saker i den fysiska stadsmiljön pekar trafikkontoret ut som avgörande för trygghet?")
    assert "belysning" in things.citations[0].quote, things.answer
    most = assistant.ask("Vem var mest kritisk till 2019 års överenskommelse, Älvsjö eller socialförvaltningen?")
    assert not most.declined, most.answer


def test_a_short_stem_keeps_its_vowel() -> None:
    analyzer = LexicalIndex(["Förvaltningen delar uppfattningen.", "Exemplen och exempel."]).analyzer
    assert analyzer.stem("delar") == analyzer.stem("del") == "del"
    assert analyzer.stem("exemplen") == analyzer.stem("exempel")


def test_a_superlative_or_those_picks_from_the_list(assistant: Assistant) -> None:
    picked = assistant.ask("Vilka två samverkansområden anses viktigast mot att unga dras in i gängkriminalitet?")
    assert "Två av de fem" in picked.citations[0].quote, picked.answer
    those = assistant.ask("Which of those matter most for trafiknämnden?", ["What are the programme's focus areas?"])
    assert "centralt för måluppfyllelsen" in those.citations[0].quote, those.answer


def test_english_reservations_about_are_doubts_not_a_protocols_reservation(assistant: Assistant) -> None:
    doubts = assistant.ask("Did utbildningsnämnden have any reservations about the new agreement?")
    assert not doubts.declined or "särskilt uttalande" not in doubts.answer, doubts.answer


def test_what_is_the_date_asks_a_date_and_an_email_follow_up_gets_the_address(assistant: Assistant) -> None:
    assert understand("What's the date on trafikkontoret's tjänsteutlåtande?").answer_type == "date"
    mail = assistant.ask("and his email?", ["Who was the handläggare for trafiknämnden's response on the agreement?"])
    assert "thomas.ahlskog@stockholm.se" in mail.citations[0].quote, mail.answer


def test_the_english_police_cooperation_agreement_is_a_name_not_a_topic(assistant: Assistant) -> None:
    dated = assistant.ask("What date is on the traffic office's tjänsteutlåtande on the police cooperation agreement?")
    assert "2023-10-19" in dated.citations[0].quote and "2023-10-27" not in dated.citations[0].quote, dated.answer


def test_adjusting_the_agreement_joining_a_statement_and_the_top_boss(assistant: Assistant) -> None:
    adjusted = assistant.ask("Om överenskommelsen behöver justeras längre fram, vem får besluta om det?")
    assert "styrgruppen" in adjusted.citations[0].quote, adjusted.answer
    joined = assistant.ask(
        "And did any ersättare join one of the special statements?", ["What did socialnämnden decide in 2019?"]
    )
    assert "Anna Rantala Bonnier" in joined.answer, joined.answer
    head = assistant.ask("Vem är högsta chef på utbildningsförvaltningen?")
    assert not head.declined and "Lena Holmdahl" in head.answer, head.answer


def test_a_follow_up_switching_namnd_takes_the_document_that_namnd_answered(assistant: Assistant) -> None:
    switched = assistant.ask(
        "Och Älvsjö 2019, när skulle de ha svarat?",
        ["Vilket var sista datum för trafiknämndens yttrande om trygghetsprogrammet?"],
    )
    assert not switched.declined and "4 september 2019" in switched.answer, switched.answer


def test_money_for_a_group_is_not_money_for_a_samhällsgrupp_and_a_meeting_rhythm_is_stated_or_declined(
    assistant: Assistant,
) -> None:
    # 35,4 miljoner kr is spent where "samhällsgrupper" are considered: a part of a word names no arbetsgrupp
    assert assistant.ask("Hur stor budget får arbetsgrupperna på lokal nivå?").declined
    # …nor does "grupper" two sentences after the amount: what it is for stands in the amount's own sentence
    assert assistant.ask("Hur mycket pengar får de lokala arbetsgrupperna?").declined
    # "Uppföljning sker årligen … styrgruppen" says how often follow-up is reported, not how often a group meets
    for question in ("Hur ofta träffas beredningsgruppen?", "How often does the stadsövergripande styrgrupp meet?"):
        assert assistant.ask(question).declined, question
    survey = assistant.ask("Hur ofta ska trygghetsmätningen göras?")
    assert not survey.declined and "varje år" in survey.answer, survey.answer


def test_a_contact_or_commander_at_the_police_is_a_role_nobody_names(assistant: Assistant) -> None:
    # the handläggare in a letterhead is no "kontaktperson" at a lokalpolisområde, nor a police commander
    for question in (
        "Vem är min kontaktperson på lokalpolisområdet?",
        "Which police chief leads the stadsövergripande beredningsgrupp?",
        "Who is the chief of the Globen local police district?",  # (the role's four-word "of …" is read whole)
    ):
        assert assistant.ask(question).declined, question
    # …while a chief who signs as direktör is named
    chief = assistant.ask("Which chief signed the education committee's response?")
    assert not chief.declined and "Lena Holmdahl" in chief.answer, chief.answer


def test_an_indirect_who_is_asks_the_role_as_directly(assistant: Assistant) -> None:
    # "vem som är ordförande" asks for the chair as "vem är ordförande" does: nobody names the group's chair
    assert assistant.ask("Kan du säga vem som är ordförande i beredningsgruppen?").declined
    chair = assistant.ask("Vet du vem som var ordförande i socialnämnden 2019?")
    assert not chair.declined and "Jan Jönsson" in chair.answer, chair.answer


def test_a_follow_up_naming_the_other_level_asks_the_question_of_it(assistant: Assistant) -> None:
    central = assistant.ask("och på central nivå då?", ["Hur är samverkansorganisationen uppbyggd lokalt?"])
    assert "Den övergripande nivån består av en styrgrupp" in central.answer, central.answer
    local = understand("och lokalt då?", ["Vem ingår i den stadsövergripande styrgruppen?"])
    assert "lokal styrgruppen" in local.standalone and "stadsövergripande" not in local.standalone, local.standalone
    # "hur ser X ut" asks what X is made of (not a stance), and X stays the topic
    shape = assistant.ask("Hur ser den lokala samverkansorganisationen ut?")
    assert "Den lokala nivån består av" in shape.citations[0].quote, shape.answer
    assert understand("Hur ser trafikkontoret på överenskommelsen?").answer_type == "stance"


def test_that_response_leans_on_the_earlier_turn_and_english_office_words(assistant: Assistant) -> None:
    approved = assistant.ask(
        "Who gave the final approval of that response?",
        ["What was the KS case number of the education committee's 2023 referral?"],
    )
    assert "Lena Holmdahl" in approved.answer, approved.answer
    exchange = assistant.ask("What is the switchboard number of trafikkontoret?")
    assert "Växel 08-508 27 200" in exchange.citations[0].quote, exchange.answer


def test_a_local_agreement_is_a_topic_not_the_city_wide_governing_document(assistant: Assistant) -> None:
    assert understand("Vad hände med det lokala avtalet med polisen?").governing_documents == ()
    assert understand("Vad står i avtalet med polisen?").governing_documents == ("samverkansöverenskommelsen",)
    extended = assistant.ask("Vad hände med det lokala avtalet med polisen i Älvsjö när det gick ut?")
    assert "förlängts till årsskiftet" in extended.answer, extended.answer


def test_what_the_parties_want_to_achieve_is_the_goal_and_a_party_statement_is_not_the_förvaltning(
    assistant: Assistant,
) -> None:
    achieve = assistant.ask("Vad vill man uppnå med överenskommelsen mellan staden och polisen?")
    assert re.search(r"syftar|[Mm]ålet", achieve.citations[0].quote), achieve.answer
    # the förvaltning's summary, not the (V, S) statement in the same protocol
    summary = assistant.ask("Hur sammanfattade socialförvaltningen sin syn på förslaget?")
    assert "Särskilt uttalande" not in summary.citations[0].section, summary.answer
    # (either of its two summing-up sentences: "positiv till och välkomnar", "bra, kortfattad och tydlig")
    assert re.search(r"positiv till och välkomnar|bra, kortfattad och tydlig", summary.answer), summary.answer
    # a question about the parties still reads their statement
    parties = assistant.ask("Vad tyckte S och V i socialnämnden om överenskommelsen?")
    assert "Särskilt uttalande (V, S)" in parties.citations[0].section, parties.answer


def test_the_other_statement_is_the_second_as_det_andra_is(assistant: Assistant) -> None:
    other = assistant.ask(
        "Which people stood behind the other special statement?",
        ["Who was the chair of the social services committee in 2019?"],
    )
    assert "Karin Gustafsson" in other.answer, other.answer


def test_what_should_be_done_about_a_problem_meets_the_nämnd_s_wish(assistant: Assistant) -> None:
    remedy = assistant.ask(
        "Och vad skulle kunna göras åt det?", ["Hur bemannar trafikkontoret de lokala arbetsgrupperna?"]
    )
    assert "samordnades" in remedy.answer, remedy.answer


def test_everyday_names_and_words_a_newcomer_uses(assistant: Assistant) -> None:
    # gatukontoret is trafikkontoret's older name, not a nämnd missing from the index
    street = assistant.ask("Vad ska gatukontoret göra enligt trygghetsprogrammet?")
    assert not street.declined and street.citations[0].namnd == "Trafiknämnden", street.answer
    handled = assistant.ask("Vem på utbildningsförvaltningen skötte svaret om överenskommelsen?")
    assert "Joakim Länninge" in handled.citations[0].quote, handled.answer
    for question in ("Och Fi då, höll de med?", "Höll Fi med?"):  # (the party stays a party, "höll" is agreeing)
        agreed = assistant.ask(question, ["Vad tyckte V och S om överenskommelsen i socialnämnden?"])
        assert "Anna Rantala Bonnier" in agreed.answer, agreed.answer
    point = assistant.ask("Vad är själva poängen med överenskommelsen?")
    assert not point.declined and re.search(r"[Ss]yft|[Mm]ålet", point.citations[0].quote), point.answer
    # "vem står för kostnaden" also asks what it costs: an amount never stated for the survey
    assert assistant.ask("Vad kostar trygghetsmätningen, och vem står för kostnaden?").declined


def test_a_head_is_named_by_a_compound_title_and_a_responsible_body_is_a_who(assistant: Assistant) -> None:
    # "Förvaltningschef" is a chef, though the documents never write "chef" alone
    for question in ("Who is the head of the traffic administration?", "Vem är chef för trafikkontoret?"):
        head = assistant.ask(question)
        assert not head.declined and "Gunilla Glantz" in head.answer, head.answer
    # "who is responsible" asks for whoever holds the duty, and kommunstyrelsen is no person's name
    for question in (
        "Who is responsible for leading and coordinating the city's crime prevention work?",
        "Vem har huvudansvaret för att samordna stadens trygghetsarbete?",
    ):
        body = assistant.ask(question)
        assert not body.declined and "Kommunstyrelsen har det stadsövergripande ansvaret" in body.answer, body.answer


def test_who_prepared_a_response_and_which_councils_saw_it(assistant: Assistant) -> None:
    prepared = assistant.ask("Which unit was involved in drafting the education administration's response?")
    assert "beretts inom avdelningen för ekonomi och styrning" in prepared.answer, prepared.answer
    councils = assistant.ask("Vilka råd fick titta på Älvsjös yttrande?")
    assert "pensionärsrådet" in councils.answer, councils.answer


def test_a_place_in_a_sequence_is_stated_or_declined(assistant: Assistant) -> None:
    second = assistant.ask("Vilket i ordningen är 2019 års avtal med polisen?")
    assert "det andra avtalet" in second.answer, second.answer
    party = assistant.ask("Vilket i ordningen var avtalet enligt uttalandet från L och M i socialnämnden?")
    assert "det andra avtalet" in party.answer, party.answer
    assert assistant.ask("Vilket i ordningen är trygghetsprogrammet 2024-2027?").declined


def test_everyday_ways_to_ask_who_to_contact_and_about_the_money(assistant: Assistant) -> None:
    contact = assistant.ask("Vem kan jag vända mig till på utbildningsförvaltningen om svaret?")
    assert "Joakim Länninge" in contact.citations[0].quote, contact.answer
    money = assistant.ask("Och hur var det med pengarna?", ["Vad tyckte V och S i socialnämnden om överenskommelsen?"])
    assert re.search(r"resurser|finansiering", money.citations[0].quote), money.answer


def test_a_goal_asked_is_met_by_a_goal_stated(assistant: Assistant) -> None:
    goal = assistant.ask("Vad vill staden och polisen uppnå med samarbetsavtalet?")
    assert re.search(r"[Mm]ålet (?:med \w+ )?är att", goal.answer), goal.answer


def test_when_and_setting_aside_do_not_say_what_money_is_for(assistant: Assistant) -> None:
    # "i år" stands beside every amount of the year: it names no gatubelysning
    assert assistant.ask("Hur mycket pengar har trafikkontoret satt av för gatubelysning i år?").declined
    spent = assistant.ask("Hur många trygghetssatsningar har trafikkontoret gjort i år och för hur mycket pengar?")
    assert not spent.declined and "35,4 miljoner kr" in spent.answer, spent.answer


def test_framing_words_ask_nothing_and_a_difference_is_measured_whatever_its_stem(assistant: Assistant) -> None:
    # "förklarar", "bygger på": how the question is put, not a topic the documents lack
    based = assistant.ask("Hur förklarar utbildningsförvaltningen vad trygghet bygger på?")
    assert "relaterar till upplevd tillit" in based.answer, based.answer
    # Snowball stems "skillnaden" to "skillnad" but "skillnad" to "skilln": still the difference asked for
    difference = assistant.ask("Hur stor är skillnaden i antal prioriterade samverkansområden mellan 2019 och 2023?")
    assert "till skillnad mot tio" in difference.answer, difference.answer


def test_which_committees_sent_views_lists_every_response_in_scope(assistant: Assistant) -> None:
    views = assistant.ask("Which committees sent in views on the 2019 agreement with the police?")
    assert {"Socialnämnden", "Älvsjö stadsdelsnämnd"} <= {c.namnd for c in views.citations}, views.answer


def test_plain_english_words_and_plurals_are_no_unknown_topic(assistant: Assistant) -> None:
    # "named", "statements", "minutes", "paragraph", "registry": how an English question is put
    head = assistant.ask("Who is the head of the traffic administration named on the traffic committee's statements?")
    assert not head.declined and "Gunilla Glantz" in head.answer, head.answer
    paragraph = assistant.ask(
        "Under which paragraph number is the agreement recorded in the social committee's minutes?"
    )
    assert not paragraph.declined and "§ 9" in paragraph.answer, paragraph.answer
    registry = assistant.ask(
        "Which e-mail address does the education administration's statement give for its registry?"
    )
    assert "registrator.utbildning@edu.stockholm.se" in registry.answer, registry.answer


def test_what_a_council_or_the_parties_of_a_silent_nämnd_thought_is_never_recorded(assistant: Assistant) -> None:
    assert assistant.ask("Vad tyckte pensionärsrådet i Älvsjö om överenskommelsen?").declined
    assert assistant.ask("What views did Älvsjö's pensioners' council express on the police agreement?").declined
    assert assistant.ask(
        "What did the political parties on the education committee say in their own statements?"
    ).declined
    # …while the councils that handled the ärende are named
    councils = assistant.ask("Vilka råd fick behandla ärendet i Älvsjö?")
    assert "pensionärsrådet" in councils.answer, councils.answer


def test_chat_shorthand_a_duty_to_have_someone_and_a_genitive_vice_chair(assistant: Assistant) -> None:
    chair = assistant.ask("vem var ordf i socialnämnden 2019")
    assert "Jan Jönsson" in chair.answer, chair.answer
    together = assistant.ask("jobbar stan o polisen ihop m nåt annat än brott också? enl utbn")
    assert "krisberedskap" in together.answer, together.answer
    # a yes/no about having someone is a duty, not a request for a name
    duty = assistant.ask("måste varje nämnd ha nån kontaktperson för trygghetsarbetet?")
    assert "utsedd tjänsteperson" in duty.answer, duty.answer
    vice = assistant.ask("Vem var socialnämndens vice ordförande?")
    assert "Alexandra Mattsson Åkerström" in vice.answer, vice.answer


def test_chat_forms_of_roles_and_parties_and_who_heads_or_is_in_charge(assistant: Assistant) -> None:
    # "vem e ordförande": the chair of a nämnd whose protocol is not indexed is not its handläggare
    assert assistant.ask("vem e ordförande i trafiknämnden?").declined
    # lowercase "sd" is the party, which signed no statement in socialnämnden
    assert assistant.ask("vad tyckte sd om polisavtalet i socialnämnden?").declined
    heads = assistant.ask("Who heads the traffic administration?")
    assert "Gunilla Glantz" in heads.answer, heads.answer
    charge = assistant.ask("who's in charge overall of the city's crime prevention work?")
    assert "Kommunstyrelsen har det stadsövergripande ansvaret" in charge.answer, charge.answer


def test_a_named_nämnd_s_address_is_asked_by_naming_it_alone(assistant: Assistant) -> None:
    # "vad är X:s mejladress?" asks for the address, not for a definition of one
    mail = assistant.ask("Vad är trafikkontorets mejladress?")
    assert "trafikkontoret@stockholm.se" in mail.answer, mail.answer
    listed = assistant.ask("What e-mail address is listed for the education administration?")
    assert "registrator.utbildning@edu.stockholm.se" in listed.answer, listed.answer
    assert assistant.ask("Vad är polisens mejladress?").declined
    # a result asked for is a finding stated, which no document gives for the survey
    assert assistant.ask("Vilket resultat gav den senaste årliga trygghetsmätningen?").declined


def test_which_ones_each_side_singles_out_reads_the_passage_that_singles_them_out(assistant: Assistant) -> None:
    # "bedöms särskilt viktiga" stands in utbildningsnämnden's summary, which the plain words rank low
    picked = assistant.ask(
        "Vilka av de prioriterade områdena lyfter trafiknämnden respektive utbildningsnämnden fram som viktigast?"
    )
    assert "systemhotande brottslighet" in picked.answer and "Kriminella miljöer" in picked.answer, picked.answer


def test_a_ks_reference_asked_in_english_is_the_ärende_number(assistant: Assistant) -> None:
    both = assistant.ask("What KS reference did the referral of the police agreement carry in 2019 and in 2023?")
    assert "KS 2019/656" in both.answer and "KS 2023/740" in both.answer, both.answer
    own = assistant.ask(
        "The traffic committee's reply on the safety programme has KS's own tjänsteutlåtande attached – its KS number?"
    )
    assert "KS 2023/739" in own.answer, own.answer


def test_a_chain_of_follow_ups_keeps_the_nämnd_year_and_parties_it_started_from(assistant: Assistant) -> None:
    # the third turn leans on the second ("S och V"), which leans on the first (socialnämnden 2019)
    chained = assistant.ask(
        "Fanns det någon ersättare som ställde sig bakom dem?",
        ["Gjordes det några särskilda uttalanden i socialnämnden 2019?", "Vad tyckte S och V?"],
    )
    assert not chained.declined and "Anna Rantala Bonnier" in chained.answer, chained.answer
    agreed = assistant.ask("höll nån annan med dem?", ["vad skrev V och S i socialnämndens protokoll?"])
    assert not agreed.declined and "instämde" in agreed.citations[0].quote, agreed.answer
    # "the other side" is not the parties just asked about
    other = understand("And what did the other side say about money?", ["What did L and M say in socialnämnden?"])
    assert not other.parties, other


def test_a_role_asked_as_sat_as_or_deputy_member_and_who_holds_it_together(assistant: Assistant) -> None:
    sat = assistant.ask("Vem satt som ordförande i socialnämnden 2019?")
    assert sat.citations and sat.citations[0].quote.startswith("Ordföranden Jan Jönsson"), sat.answer
    deputy = assistant.ask("Which deputy member of socialnämnden joined the statement by S and V?")
    assert deputy.citations and "Anna Rantala Bonnier" in deputy.citations[0].quote, deputy.answer
    # "vem är det som samordnar" asks who as directly as "vem samordnar"; "hela staden" is stadsövergripande,
    # and "av kontorets verksamheter" (beside "över hela staden") is a genitive, not a body acting
    for asked in (
        "vem är det som samordnar trygghetsarbetet i hela stan enligt programmet?",
        "vem håller ihop trygghetsarbetet för hela staden enligt trygghetsprogrammet?",
    ):
        whole = assistant.ask(asked)
        assert whole.citations and "Kommunstyrelsen har det stadsövergripande" in whole.citations[0].quote, whole.answer


def test_english_names_of_silent_nämnder_and_verbs_that_are_nouns(assistant: Assistant) -> None:
    # miljö- och hälsoskyddsnämnden wrote no response here, whatever its English name
    silent = assistant.ask("What did the environment and health protection committee think of the police agreement?")
    assert silent.declined, silent.answer
    # "the police agreement" is no police agreeing with anything
    related = assistant.ask("How does the police agreement relate to the safety programme?")
    assert not related.declined and "kompletterar" in related.answer, related.answer


def test_the_asked_x_ends_at_the_verb_and_a_named_person_s_byline_answers(assistant: Assistant) -> None:
    perspectives = assistant.ask("Which perspectives does the safety programme say work in public spaces must include?")
    assert perspectives.citations and "barnperspektiv" in perspectives.citations[0].quote, perspectives.answer
    practical = assistant.ask("Vad kopplas till den lokala överenskommelsen och beskriver det praktiska arbetet?")
    assert practical.citations and "åtgärdsplan" in practical.citations[0].quote, practical.answer
    party = assistant.ask("What party was Banar Sabet from, in socialnämnden's statement?")
    assert "Banar Sabet (C)" in party.answer, party.answer


def test_a_question_asked_of_every_response_reads_each_document_for_it(assistant: Assistant) -> None:
    signers = assistant.ask("Vilka chefer har skrivit under de olika förvaltningarnas tjänsteutlåtanden?")
    for name in ("Gunilla Glantz", "Lena Holmdahl", "Anne-Marie Tingeborn"):
        assert name in signers.answer, signers.answer
    assert understand("Who signed each response?").across_documents
    assert not understand("Måste varje nämnd ha en kontaktperson?").across_documents


def test_ifrån_asks_nothing() -> None:
    analyzer = LexicalIndex(["Arbetet utgår från lagstiftningen."]).analyzer
    assert analyzer.terms("utgår ifrån") == analyzer.terms("utgår från")


def test_a_body_asked_as_which_instance_easier_and_a_district_council_s_deadline(assistant: Assistant) -> None:
    assert understand("Vilken instans har huvudansvaret för trygghetsarbetet?").answer_type == "person"
    body = assistant.ask("Vilket organ har huvudansvaret för att leda stadens trygghetsarbete enligt programmet?")
    assert body.citations and "Kommunstyrelsen har det stadsövergripande" in body.citations[0].quote, body.answer
    easier = assistant.ask("Vad blir enklare att ta fram lokalt med färre prioriterade områden, enligt UBN?")
    assert easier.citations and "lättare att upprätta" in easier.citations[0].quote, easier.answer
    # "the district council of Älvsjö" is the stadsdelsnämnd, not one of its råd
    district = understand("What did Älvsjö district council say?")
    assert not any("pensionärsrådet" in extra for _, extra in district.expansions), district
    deadline = assistant.ask(
        "By what date did the district council of Älvsjö have to submit its comments on the agreement?"
    )
    assert "4 september 2019" in deadline.citations[0].quote, deadline.answer


def test_the_unions_by_any_fack_word_and_när_with_a_subject_is_no_when(assistant: Assistant) -> None:
    unions = assistant.ask("När skulle utbildningsnämndens ärende gås igenom med fackförbunden?")
    assert not unions.declined and "16 oktober 2023" in unions.answer, unions.answer
    # "när vi har …, vem …?": a subject after "när" makes it a conjunction; the question asks who
    assert understand("Och när vi har följt upp arbetet, vem ska vi rapportera till?").answer_type == "person"
    assert understand("När har vi fått svar?").answer_type == "date"


def test_what_brought_about_asks_a_reason_and_safety_related_asks_no_relation() -> None:
    assert understand("What do L and M say brought about the first agreement?").answer_type == "reason"
    assert understand("Vad var bakgrunden till att det första avtalet kom till?").answer_type == "reason"
    assert understand("When did the first agreement come about?").answer_type != "reason"
    related = understand("How many safety-related investments were made?")
    assert not any("kompletterar" in extra for _, extra in related.expansions), related.expansions


def test_an_agreement_taking_slut_ran_out_and_managers_are_a_role(assistant: Assistant) -> None:
    ended = assistant.ask("När tog det förra samverkansavtalet med polisen slut?")
    assert ended.citations and "löpte ut i maj 2019" in ended.citations[0].quote, ended.answer
    managers = assistant.ask("Which managers are listed on the traffic office's response to the trygghetsprogram?")
    assert "Gunilla Glantz" in managers.answer and "Thomas Ahlskog" not in managers.answer, managers.answer


def test_och_när_at_the_end_asks_a_date_and_supposed_to_achieve_asks_no_duty(assistant: Assistant) -> None:
    councils = assistant.ask("vilka råd fick gå igenom ärendet och när?", ["Vad sa Älvsjö om polisavtalet?"])
    assert not councils.declined and "21 augusti 2019" in councils.answer, councils.answer
    assert understand("What is the programme supposed to achieve?").answer_type != "obligation"


def test_a_name_no_document_mentions_is_declined_and_a_mentioned_one_is_answered(assistant: Assistant) -> None:
    solna = assistant.ask("Does Solna have its own samverkansöverenskommelse with Polisregion Stockholm?")
    assert solna.declined and not solna.citations and "Solna" in solna.answer, solna.answer
    globen = assistant.ask("Är det med Globen som Älvsjö samverkar lokalt?")
    assert not globen.declined and "Globen" in globen.answer, globen.answer
    # a party named in English is a party, not an unknown name
    left = understand("Which Feminist Initiative politician sided with the Social Democrats and the Left?")
    assert set(left.parties) == {"Fi", "S", "V"}, left.parties


def test_a_figure_asked_for_next_year_is_not_this_years_count(assistant: Assistant) -> None:
    done = assistant.ask("Hur många trygghetsinvesteringar har trafikkontoret genomfört i år?")
    assert not done.declined and "fjorton" in done.answer, done.answer
    for planned in (
        "Hur många trygghetsinvesteringar planerar trafikkontoret att göra nästa år?",
        "How many safety investments is the traffic office planning for next year?",
    ):
        assert assistant.ask(planned).declined, planned


def test_why_a_decision_is_made_is_its_reason_not_the_bare_decision(assistant: Assistant) -> None:
    for why in (
        "Varför ska utbildningsnämndens beslut justeras direkt?",
        "Why does the education committee's decision have to be approved at once?",
    ):
        answer = assistant.ask(why)
        assert "Med hänsyn till remisstiden" in answer.citations[0].quote, answer.answer


def test_a_terse_query_naming_a_role_asks_who_holds_it(assistant: Assistant) -> None:
    assert understand("socialnämnden 2019 ordförande?").answer_type == "person"
    assert understand("trafiknämnden trygghetsvandringar?").answer_type == ""
    chair = assistant.ask("socialnämnden 2019 ordförande?")
    assert chair.citations[0].quote.startswith("Ordföranden Jan Jönsson"), chair.answer


def test_english_verbs_in_any_form_meet_the_glossary_and_a_follow_up_leans_on_nämnden_där(
    assistant: Assistant,
) -> None:
    # "updating", "drafted": forms the glossary does not list meet the ones it does
    assert "uppdateras" in understand("Who is updating the document?").standalone
    assert "tagit fram" in understand("Which office drafted the agreement with the police?").standalone
    history = ["Vilka fokusområden har trygghetsprogrammet?", "Vilka av dem är centrala för trafiknämnden?"]
    assert understand("Vad förväntas nämnden göra rent konkret där?", history).namnder == ("Trafiknämnden",)
    duty = assistant.ask("Vad förväntas nämnden göra rent konkret där?", history)
    assert "bistå stadsdelsnämnderna" in duty.citations[0].quote, duty.answer
    aim = assistant.ask(
        "ok and what's the overall aim of the programme?",
        ["What does the safety programme 2024-2027 say about welfare crime?"],
    )
    assert "Målsättningen är att antalet brott ska minska" in aim.citations[0].quote, aim.answer
    # "took place" is an event, not a place the documents name
    assert assistant.ask("How many shootings took place in Stockholm in 2023 according to the documents?").declined


def test_money_spent_on_doing_something_is_for_its_object_and_how_many_times_counts_occasions(
    assistant: Assistant,
) -> None:
    spent = assistant.ask("Hur mycket har trafikkontoret lagt på att rusta upp mindre platser och torg?")
    assert not spent.declined and "10,4 miljoner kr" in spent.answer, spent.answer
    renewed = assistant.ask("How many times had Älvsjö's local agreement with the police been renewed by 2019?")
    assert not renewed.declined and "förnyats en gång" in renewed.answer, renewed.answer


def test_a_case_officer_is_a_role_a_signature_of_another_role_does_not_hold(assistant: Assistant) -> None:
    # Älvsjö's tjänsteutlåtande names its stadsdelsdirektör but no handläggare
    assert assistant.ask(
        "Who was the case officer for Älvsjö district's 2019 reply on the cooperation agreement?"
    ).declined
    officer = assistant.ask("Who was the case officer for the traffic committee's response to the safety programme?")
    assert "Kristoffer Bengtsson" in officer.answer, officer.answer


def test_which_schools_or_places_asks_for_named_ones_the_documents_never_give(assistant: Assistant) -> None:
    for named in (
        "Vilka skolor i Stockholm pekas ut som särskilt brottsutsatta i överenskommelsen?",
        "På vilka platser gjorde trafikkontoret sina fjorton trygghetsinvesteringar?",
        "Which places in Älvsjö are the most unsafe?",
    ):
        assert assistant.ask(named).declined, named
    # the same topics asked without asking for names are answered
    assert not assistant.ask("Hur många trygghetsinvesteringar gjorde trafikkontoret i år?").declined


def test_a_count_or_name_asked_of_something_else_than_the_documents_state_is_declined(assistant: Assistant) -> None:
    for unstated in (
        "Hur många trygghetsinvesteringar gjorde trafikkontoret förra året?",  # "hittills i år" is this year's
        "Hur många lokala samverkansöverenskommelser finns det i dag mellan stadsdelar och lokalpolisområden?",
        # "en utsedd tjänsteperson" names nobody
        "Vad heter den tjänsteperson som trafiknämnden har utsett att samordna det brottsförebyggande arbetet?",
    ):
        assert assistant.ask(unstated).declined, unstated


def test_a_deadline_is_stated_as_one_and_a_council_holds_its_own_view(assistant: Assistant) -> None:
    stated = assistant.ask("Vilken svarsfrist hade trafiknämnden för trygghetsprogrammet?")
    assert not stated.declined and "2023-10-27" in stated.answer, stated.answer
    # utbildningsnämnden's response states no deadline: its own date is none
    assert assistant.ask(
        "Vilken dag var sista svarsdag för utbildningsnämnden i remissen om överenskommelsen?"
    ).declined
    # the råd handled the ärende; what it thought is recorded nowhere
    assert assistant.ask("I'm curious what that disability council actually thought about the agreement.").declined


def test_a_follow_up_on_what_a_programme_says_is_not_moved_to_another_document(assistant: Assistant) -> None:
    # "enligt trygghetsprogrammet" asks the programme itself, which utbildningsnämnden never answered
    moved = assistant.ask(
        "och för utbildningsnämnden?", ["Vad ska trafiknämnden ansvara för enligt trygghetsprogrammet?"]
    )
    assert moved.declined and "Utbildningsnämnden om trygghetsprogrammet" in moved.answer, moved.answer
    # a follow-up on a nämnd's own response still moves to the remiss that nämnd answered
    deadline = assistant.ask(
        "Och Älvsjö 2019, när skulle de ha svarat?", ["När skulle trafiknämndens yttrande om trygghetsprogrammet in?"]
    )
    assert not deadline.declined and "4 september 2019" in deadline.answer, deadline.answer


def test_who_leads_and_coordinates_work_is_a_body_and_a_role_ends_at_its_clause(assistant: Assistant) -> None:
    body = assistant.ask("Vem leder och samordnar det brottsförebyggande arbetet i staden, enligt programmet?")
    assert body.citations and "Kommunstyrelsen har det stadsövergripande" in body.citations[0].quote, body.answer
    vice = assistant.ask("Vem var vice ordförande i socialnämnden och skrev först under det särskilda uttalandet?")
    assert not vice.declined and "Alexandra Mattsson Åkerström" in vice.answer, vice.answer


def test_a_when_clause_before_the_question_asks_no_date(assistant: Assistant) -> None:
    assert understand("När svarade trafiknämnden på remissen?").answer_type == "date"
    assert understand("När skickades remissen, och vem svarade?").answer_type == "date"
    where = "När parterna lokalt har enats om inriktningen – var beskrivs det operativa arbetet?"
    assert understand(where).answer_type != "date"
    answer = assistant.ask(where)
    assert answer.citations and "åtgärdsplan där det operativa arbetet beskrivs" in answer.answer, answer.answer


def test_a_governing_documents_budget_is_not_a_nämnds_own_spending(assistant: Assistant) -> None:
    for asked in (
        "Hur mycket pengar avsätts sammanlagt för att genomföra trygghetsprogrammet?",
        "How much money does the safety programme set aside for its focus areas?",
    ):
        assert assistant.ask(asked).declined, asked
    spent = assistant.ask("Hur mycket pengar har trafikkontoret lagt på trygghetsinvesteringar i år?")
    assert not spent.declined and "35,4 miljoner kr" in spent.answer, spent.answer


def test_one_vocabulary_for_a_deadline_and_a_name_asked() -> None:
    for deadline in ("Vilken var svarsdagen för remissen?", "What was the due date for the response?"):
        intent = understand(deadline)
        assert intent.answer_type == "date" and ("senast" in {extra for _, extra in intent.expansions}), intent
    assert understand("What is their name, the two case officers?").answer_type == "person"


def test_money_set_aside_for_vermin_and_a_company_asked_by_name(assistant: Assistant) -> None:
    for asked in (
        "Hur mycket pengar har trafikkontoret lagt undan mot råttor och annan ohyra?",
        "Hur mycket har trafikkontoret budgeterat för att bli av med råttor i år?",
    ):
        answer = assistant.ask(asked)
        assert not answer.declined and "6 miljoner kr" in answer.answer, answer.answer
    # the documents name no company behind the yearly survey; its agreement is no answer
    assert assistant.ask("Vilket företag gör den årliga trygghetsmätningen?").declined
    assert assistant.ask("Which company carries out the yearly safety survey?").declined
