"""Query understanding without an LLM: language, nämnder, years, governing document, follow-ups.

Follow-ups ("och utbildningsnämnden då?", "vad efterfrågar de mer konkret?") are rewritten into a
standalone question by carrying the topic and entities of earlier user turns; what the question
itself names always wins over what is carried.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TypeVar

from bm25s.stopwords import STOPWORDS_EN_PLUS

from index_build.domain import (
    ENGLISH_NAMND,
    PARTY,
    canonical_namnd,
    diarienummer_keys,
    find_governing_documents_in_question,
    find_namnder,
    name_governing_document,
    replace_namnder,
    strip_governing_documents,
)
from index_build.models import DocumentMetadata

T = TypeVar("T")

# Bodies that remit and decide rather than answer remisser: naming them is not asking for a remissvar.
GOVERNING_BODIES = frozenset({"Kommunstyrelsen", "Kommunfullmäktige"})

_EN = {
    "what",
    "which",
    "who",
    "how",
    "does",
    "do",
    "is",
    "are",
    "the",
    "of",
    "to",
    "and",
    "about",
    "say",
    "why",
    "when",
    "did",
    "can",
    "in",
    "for",
    "their",
    "they",
    "much",
    "many",
    "there",
    "with",
    # (function words Swedish never spells alike: "Has it been renewed since then?" is English)
    "has",
    "have",
    "had",
    "it",
    "its",
    "been",
    "was",
    "were",
    "since",
    "then",
    "this",
    "that",
    "any",
    "an",
    "will",
    "would",
    "should",
    "them",
    "these",
    "those",
    "after",
    "before",
    "where",
}
_SV = {
    "vad",
    "vilka",
    "vilken",
    "vilket",
    "hur",
    "är",
    "och",
    "om",
    "att",
    "det",
    "som",
    "för",
    "på",
    "säger",
    "har",
    "de",
    "den",
    "när",
    "vem",
    "varför",
    "ska",
    "mer",
    "då",
    "till",
    "sedan",
    "från",
    "enligt",
    "i",
}
# Words that lean on an earlier turn. "den"/"det" are left out: as articles they start ordinary
# standalone questions ("Hur är samverkan organiserad på den lokala nivån?").
_REFERRING = re.compile(
    r"^(och|men|samt|and|but|what about|how about)\b|\b(de|dem|deras|dessa|samma|sådan\w*|"
    r"they|them|their|it|its|those|same|hon|han|hen|henne|honom|hennes|hans|she|he|her|his|him)\b"
    r"|\bdå\s*\??$|\bexempel\b|\bexample\b"
    r"|\b(?:det|detta|den|it|that)\s*\?\s*$"  # "… ställde sig bakom det?": what was just asked about
    # "Vilka råd fick ärendet?": the case just talked about
    r"|\b(ärendet|yttrandet|remissvaret|tjänsteutlåtandet|the case|the matter|the response)\b"
    r"|\b(?:that|this) (?:response|reply|case|matter|document|decision|referral)\b"
    r"|\b(vår|våra|vårt|our)\b"  # "våra egna verksamheter": the user's nämnd, named earlier
    # "Var det fler avdelningar inblandade?": more of what was just asked about
    r"|\b(fler|övriga|another|other|else|additional)\b"
    # "Vad förväntas nämnden göra där?": the nämnd and the place just talked about
    r"|\b(?:där|there)\s*\??\s*$|\b(?:nämnden|förvaltningen|the committee|the administration)\b",
    re.IGNORECASE,
)
# A list is wanted by plural "vilka …", "which/what …s", "jämför …", or asking for a list outright; singular
# "vilken/vilket/which area" asks for one thing.
_LIST_CUE = re.compile(
    r"\bvilka\b|\b(which|what)\s+(?!(?:is|does|was|has)\b)(\w+\s+)?(?!(?:is|does|was|has)\b)\w+s\b"
    r"|\b(?:vilken|vilket|which)\s+(?:one\s+)?(?:av|of)\b"  # picking from a list: "which of the focus areas"
    r"|\b(list|lista|uppräkn\w*|räkna upp|enumerate|what are)\b"
    r"|\b(jämför|compare|differ\w*)\b"  # comparing two lists is reading both
    r"|\b(?:skiljer|skilde)\s+(?:sig\s+)?(?:åt\s+)?(?:de|dessa)\b",  # "vad skiljer de prioriterade områdena"
    re.IGNORECASE,
)
# "call him", not "on-call work" (jour) nor "call for" (efterfråga)
_PHONE_CALL = r"(?<![\w-])call\b(?!\s+for\b)"
# What kind of answer the question wants; retrieval and sentence choice favour passages that have it.
# A person asked for by role ("vilken ersättare …", "which chief …"): the answer type and the role the
# answer must name both read these
# "what KS reference did it carry", "KS-nummer": the ärende number (read by the answer type and the expansion)
_KS_REFERENCE = r"ks[- ]?(?:reference|nummer|number|nr)\b|references?\b(?!\s+to\b)"
ROLE_NOUNS = (
    r"ersättare|ordförande|handläggare|direktör\w*|förvaltningschef\w*|kontaktperson\w*"
    r"|chairs?|directors?|officers?|commanders?|chiefs?|managers?"
)
_ROLE_NOUN = re.compile(rf"\b(?:{ROLE_NOUNS})\b", re.I)
TERSE_WORDS = 5  # a query this short with no question word is a search typed into the chat widget
BODY_ASKED = r"(?:vilken|vilket|which)\s+(?:instans|organ|body|authority)"  # a body is asked for as a who
# A name asked for outright: the person type, and the answerer, which then wants a name and not a body
NAME_ASKED = r"vad (?:heter|hette)|what(?:'s| is| was) (?:the |their |his |her )?names?"
# A deadline asked: the date type, the "senast" synonym, and the answerer, which wants one stated as such
DEADLINE_ASKED = (
    r"\bsista\s+\w*(?:dag|datum)\w*|\bsvars(?:dag|datum|frist)\w*|\bdeadline\w*|\bsenast när\b"
    r"|\bby (?:when|what date|which date)\b|\blast day\b|\bdue date\b"
)
_LOOKS = r"(?:[\wåäö-]+ ){1,6}?ut(?= på| i|\W*$)"  # "(hur ser) samverkansorganisationen ut (på lokal nivå)"
ANSWER_TYPES = {
    "definition": re.compile(
        r"\bvad (menas|avses) med\b|\bvad (betyder|innebär)\b|\bvad (räknas|klassas) som\b|\bwhat counts as\b"
        # (lookaheads: the match is the asking words only, never the term asked about)
        # ("vad är trafikkontorets mejladress?" asks for the address, not what one is)
        r"|^\s*vad är(?= (en |ett )?[\wåäö-]+( [\wåäö-]+)?\s*\?*\s*$)"
        r"(?![^?]*(?:mejl|mail|e-post|epost|telefon|nummer|adress))"
        r"|^\s*what is(?= (a |an )?[\w-]+( [\w-]+)?\s*\?*\s*$)(?![^?]*(?:mail|phone|number|address))"
        r"|\bwhat does(?= .+ mean\b)|\bdefin\w*",
        re.I,
    ),
    "overview": re.compile(r"\b(vilka|which|what) (nämnder|förvaltningar|committees|boards|administrations)\b", re.I),
    # "Ge ett exempel" is answered where the text gives one ("bland annat …", "som exempel kan nämnas …").
    "example": re.compile(
        r"\b(?:ge|nämn|give|name)\s+(?:ett|några|an|some)\s+exemp\w*|\bexempel på\b"
        r"|^\W*(?:\w+\s+){0,2}(?:exempel|examples?)\W*$"  # "konkreta exempel?"
        # "vilka exempel …", "which … are held up as good examples": examples given, not announced
        r"|\b(?:vilka|which|what)\s+(?:\w+\s+)?(?:exempel|examples)\b"
        r"|\b(?:lyfts|lyfts fram|nämns|används|held up|use[sd]?|cited|mentioned)\s+(?:som|as)\s+(?:goda?\s+|good\s+)?"
        r"(?:exempel|examples?|föredömen|förebilder)\b|\bgood practice\b|\bföredöm\w*|\bförebild\w*",
        re.I,
    ),
    "email": re.compile(r"\b(mejl\w*|mail\w*|e-post\w*|epost\w*|e-mail\w*|email\w*)\b", re.I),
    "phone": re.compile(
        r"\b(telefonnummer|telefonnumret|phone number|(?:direkt)?nummer till|ringa)\b|" + _PHONE_CALL, re.I
    ),
    # "Vilka tider har receptionen öppet?": opening hours, which must be stated as times of day
    "hours": re.compile(r"\b(öppettider\w*|vilka tider|när (?:har|är) \w+ öppe\w*|opening hours|open hours)\b", re.I),
    # "Hur är samverkan organiserad?" is answered by what it consists of ("består av styrgrupper, …").
    "composition": re.compile(
        r"\b(organiserad\w*|uppbyggd\w*|strukturerad\w*|består|organi[sz]ed|structured|(?:make|makes|made) up"
        # ("hur ser X ut på lokal nivå?" asks what X looks like; "hur ser X på …" asks a stance)
        rf"|consists?|compris\w*|hur (?:ser|såg)(?= {_LOOKS})"
        r")\b",
        re.I,
    ),
    "reason": re.compile(
        r"\b(varför|av vilken anledning|vad (?:var|är) anledningen|skäl(?:et|en)?|hur motiver\w*|motivering\w*"
        r"|vad (?:gav|ger) upphov till"
        r"|vad (?:ledde|låg bakom)|why|for what reason|justif\w*|what (?:led to|prompted|caused))\b"
        # "vad var bakgrunden till att avtalet kom till?", "what brought about the first agreement?"
        r"|\bbakgrunden till\b|\borsak(?:en|erna)? till\b|\b(?:what|how)\b[^?]*\b(?:brought|came|come|comes) about\b",
        re.I,
    ),
    # A handläggare quoting precedent needs the ärende's number: "KS 2023/740", "Dnr 1.7.1-266/2019".
    "reference": re.compile(
        r"\b(diarie\w*|dnr|ks-num\w*|ärendenum\w*|case number|reference number|registration number"
        rf"|{_KS_REFERENCE})\b",
        re.I,
    ),
    # "Vilket i ordningen är avtalet?": "det andra avtalet"
    "ordinal": re.compile(
        r"\b((?:vilken|vilket|vilka)\s+i\s+ordningen|i ordningen"
        r"|(?:which|what) (?:one|number) in (?:order|sequence|line)|what number)\b",
        re.I,
    ),
    "number": re.compile(r"\b(hur (mycket|många|stor)|hur lång tid|belopp|how (much|many)|what amount)\b", re.I),
    "frequency": re.compile(r"\b(hur ofta|hur regelbundet|how often|how frequently|how regularly)\b", re.I),
    # "Vad visade den senaste trygghetsmätningen?" wants what it found, not that it is carried out.
    "finding": re.compile(
        r"\bvad (?:visade|visar|blev resultatet|var resultatet)"
        r"|\bvad(?= (?:kom|har) (?:[\wåäö-]+ ){1,4}(?:fram till|visat)\b)"
        r"|\bvilk(?:a|et) resultat\b|\bresultat\w* (?:av|från|i) (?:den |det |de )?(?:senaste|förra|årets|fjolårets)\b"
        r"|\bwhat (?:did|does|do|has|have)\b(?=.{0,80}\b(?:show|find|found|reveal)\w*)"
        r"|\bwhat (?:were|was|are|is) the (?:results?|findings?|outcome)|\bresults? of the (?:latest|last|most recent)",
        re.I,
    ),
    # "När …?" and "When …?" open the question; mid-question they are conjunctions ("Vad sa de när …").
    "date": re.compile(
        # ("Och när vi har följt upp det, vem …?": a subject before the verb makes "när" a conjunction)
        # (nor when a later clause asks: "När parterna har enats – var skrivs arbetet ner?")
        r"^\W*(?:och\s+|men\s+|and\s+|but\s+)?(?:när|when)\b(?!\s+(?:vi|jag|man|du|ni|we|i|you)\b)"
        r"(?![^?]*[,–—:]\s*(?:var|vad|vem|vilk\w+|hur|varför|where|what|who|which|how|why)\b)"
        r"|\b(sedan när|från när|från och med när|\w*datum|vilket år|"
        r"vilken dag|vilka dagar|vilka datum|hur länge|since when|how long"
        r"|(?:what|which)(?:\s+(?:is|was))?(?:\s+the)?\s+(?:dates?|days?|year))\b"  # "what is the date on …"
        r"|\b(?:och|and) (?:när|when)\s*\??\s*$"  # "vilka råd tog upp ärendet och när?"
        rf"|{DEADLINE_ASKED}",
        re.I,
    ),
    "person": re.compile(
        rf"\b(vem|vilka personer|who|{NAME_ASKED}|någon (?:mer|ytterligare)|"
        r"anyone else|(?:namn|name)\s+(?:och|and)\s+(?:telefon|phone\s+)?(?:nummer|number))\b"  # "någon mer": who else
        r"|\bnågon annan(?=\s+(?:med|som|än)\b|\s*\?|\s*$)"  # ("höll någon annan med?"; not "någon annan nämnd")
        rf"|\b{BODY_ASKED}\b"
        # "vilken ersättare …", "which substitute member …": a person by their role
        rf"|\b(?:vilken|vilka|which|någon|några|any)\s+(?:[\wåäö-]+\s+)?(?:{ROLE_NOUNS}|ledamot|ledamöter|"
        r"tjänsteperson\w*|tjänstem[aä]n|member|members|officials?|contact persons?)\b",
        re.I,
    ),
    "obligation": re.compile(
        # ("how is the plan supposed to be followed up?" asks how, not whose duty it is)
        r"\b(åta[gr]\w*|commit(?!tee)\w*|ansvar\w*|uppdrag\w*|förväntas|responsib\w*|must|"
        # ("what is the programme supposed to achieve?" asks its goal)
        r"(?:expected|supposed)(?!\s+to\s+be\s+\w+ed\b)(?!\s+to\s+(?:achieve|accomplish|reach|lead\s+to)\b)|"
        r"roll(?:en)?|role)\b"
        # "Vad säger programmet att nämnden ska göra?" asks for a duty from its first word on
        r"|\b(?:vad|what)\b(?=[^?.]*?\b(?:ska|skall|bör|should|shall|must)(?:\s+[\wåäö-]+){0,3}\s+(?:göra|do)\b)"
        # "Måste varje nämnd ha någon kontaktperson?" asks a duty, not who the person is
        r"|^\W*(?:måste|ska|skall|bör|behöver)\b(?=[^?.]*?\bha\s+(?:någon som|nån som|(?:en|någon|nån)\s+"
        rf"(?:[\wåäö]+\s+)?(?:{ROLE_NOUNS}|person|tjänsteperson|samordnare))\b)",
        re.I,
    ),
    # "Vad säger/tycker/anser X om …": the nämnd's own position, not a summary of the remitted text.
    "stance": re.compile(
        r"\b(säger|sa|sade|tycker|tyckte|anser|ansåg|bedömer|bedömde|ställer sig|inställning|synpunkt\w*|"
        r"think|thinks|say|says|said|view|views|position|opinion|assess\w*|för eller emot|for or against|"
        # ("hur såg … på den?")
        rf"in favou?r|hur (?:ser|såg|sett)(?! {_LOOKS})|nöjd\w*|missnöjd\w*|satisfied|happy with"
        r"|(?=syn(?:en)? på\b))\b",  # "sin syn på förslaget": a stance, and "syn" stays a topic word
        re.I,
    ),
}
# How the documents word a duty; "Trafiknämnden ska …" states one without any of these words.
DUTY_WORDS = "ansvar uppdrag åtagande innebär"
# Who signed: a chef/direktör under a tjänsteutlåtande, the members named over a särskilt uttalande.
SIGNATURE_WORDS = "direktör förvaltningschef avdelningschef attesterat godkänts ledamoten ordföranden"
# What a party or document "vill uppnå" is its mål: met by a sentence stating one ("Målet med … är att").
GOAL_WORDS = "mål målet målsättning syfte syftar syftet"
# Domain paraphrases the lexical side cannot bridge on its own ("yttra sig" is answering a remiss).
_EXPANSIONS = {
    re.compile(
        r"\byttra\w*|\byttrande\w*|\bsvarat\b|\bresponded\b|\bcommented\b", re.I
    ): "remiss svar på remissen godkänner tjänsteutlåtandet mottagit",
    re.compile(
        r"\bcommit(?!tee)\w*|\bresponsib\w*|\båta[gr]\w*|\bansvar\w*|\bexpected\b|\bförväntas\b|\broll(?:en)?\b|\brole\b"
        r"|\b(?:ska|skall|bör|should|shall|must)(?=(?:\s+[\wåäö-]+){0,3}\s+(?:göra|do)\b)",
        re.I,
    ): DUTY_WORDS,
    # Who to ask is the handläggare named in the letterhead; who signed is a chef/direktör under it.
    re.compile(
        r"\bkontakt\w*|\bcontact\w*|\bfrågor om\b|\bask about\b|\bringa\b|\bphone\b|\b(?:telefon)?nummer\b|"
        # "vem ska jag höra av mig till?", "who do I get in touch with?"
        r"\bhör\w* av (?:mig|dig|sig|oss)\b|\bvänd\w* (?:mig|dig|sig|oss) till\b|\bget in touch\b|\breach out\b|"
        # "vem skötte ärendet?": the handläggare
        r"\bsköt(?:te|er|t|a)\s+(?:ärendet|svaret|remissen)\b|" + _PHONE_CALL,
        re.I,
    ): ("handläggare telefon"),
    # Signatures (SIGNATURE_WORDS); "the agreement was signed" asks when it was made, not who signed
    re.compile(
        r"\bskr[ie]\w*\s+(?:[\wåäö-]+\s+){0,3}?under\b(?!\s+(?:rubriken|perioden|året|\d))|\bunderteckn\w*"
        r"|\bsign(?:s|ed)?\b(?<!was signed)(?<!were signed)|\bsignat\w*"
        r"|\bst(?:år|od|ått) bakom\b"  # "vilka direktörer står bakom tjänsteutlåtandena?"
        r"|\bput (?:their|his|her) names? (?:to|on)\b|\bsatte (?:sina|sitt) namn\b"
        r"|\bgodkänt\w*|\battester\w*",
        re.I,
    ): SIGNATURE_WORDS,
    re.compile(r"\bledde\b|\bleder\b|\bledare\b|\bchair\w*|\bordförande\b", re.I): "ordföranden ordförande",
    # Who prepared a response: "Ärendet har beretts inom avdelningen för …" (not who drafts a lägesbild)
    re.compile(
        r"\b(?:ta|tar|tog|tagit|utarbeta\w*|sammanställ\w*)\s+(?:fram\s+)?(?:\w+\s+)?"
        r"(?:yttrande\w*|svar\w*|tjänsteutlåtande\w*|remissvar\w*)"
        r"|\b(?:(?:ta|tar|tog|tagit)\s+fram|utarbeta\w*|sammanställ\w*)\s+ärendet\b"  # (not "ta upp ärendet")
        r"|\b(?:draft\w*|prepar\w*|put together|compiled|wrote|written)\s+(?:[\w'’]+\s+){0,3}?"
        r"(?:response|reply|statement)"
        r"|\bbered(?:a|as|er|s|de|des)\b|\bberett\w*"  # "var bereddes svaret?": not a beredningsgrupp
        r"|\bvar med (?:och|att) (?:ta|tog) fram\b",  # "vilka avdelningar var med och tog fram det?"
        re.I,
    ): "beretts beredning",
    re.compile(
        r"\bdiarie\w*|\bks-num\w*|\bärendenum\w*|\bcase number|\breference number|\bregistration number"
        rf"|\b(?:{_KS_REFERENCE})",
        re.I,
    ): "KS dnr",
    # "jobbar staden och polisen ihop med …": what the documents call samverkan
    re.compile(
        r"\b(?:jobba|arbeta)\w*(?:\s+[\wåäö]+){0,3}?\s+ihop\b|\bsamarbeta\w*|\bwork(?:s|ed|ing)? together\b", re.I
    ): "samverkar samverkan",
    # A stadsdelsnämnd's råd are its funktionshinderråd and pensionärsråd; "råd" alone is too short a
    # compound head for the splitter ("funktionshinder|rådet" is never split off)
    re.compile(r"\bråd(?:en|et|s)?\b|(?<!district )(?<!city )\bcouncils?\b", re.I): (  # (a district council is a nämnd)
        "funktionshinderrådet funktionshindersrådet pensionärsrådet"
    ),
    # Who may change the agreement: "Dokumentet kan uppdateras genom beslut av … styrgruppen"
    re.compile(
        r"\bändra[rs]?\b|\bändringar\b|\bmake changes\b|\bchange[sd]?\b|\bamend\w*|\bupdate[sd]?\b"
        # "om överenskommelsen behöver justeras": the agreement adjusted, not a protocol's justering
        r"|(?<=överenskommelsen )(?:\w+\s+){0,2}?juster\w*|\bjuster\w* (?:själva )?(?:överenskommelsen|avtalet)",
        re.I,
    ): ("uppdateras"),
    re.compile(r"\benkl(?:are|ast)\b", re.I): "lättare underlätta",  # what the documents say gets easier
    re.compile(r"\bfackförbund\w*|\bfacket\b|\bfacken\b", re.I): "fackliga organisationerna",  # the unions
    # "det praktiska arbetet", "day-to-day work": what the agreement calls "det operativa arbetet"
    re.compile(r"\bpraktisk[at]?\b|\bpractical\b|\bday[- ]to[- ]day\b|\bhands[- ]on\b", re.I): "operativa",
    # "för hela stan": what the documents call stadsövergripande (the city-wide level, not one district)
    re.compile(r"\bhela sta(?:n|den)s?\b|\b(?:whole|entire) city\b|\bacross the city\b", re.I): "stadsövergripande",
    # Agreeing with a statement is what the protocol calls "instämde i det särskilda uttalandet"
    re.compile(
        r"\bh(?:öll|åller|ålla|ållit)(?=(?:\s+[\wåäö]+){0,2}\s+med\b)"  # ("höll de med?", "höll nån mer med?")
        r"|\bagree[sd]?\b|\bsided with\b|\banslöt sig\b|\bjoin(?:ed|s)?\b"
        r"|\b(?:back(?:ed|s)?|support(?:ed|s)?|endorsed?)\s+(?:that|this|it|them|the statement)\b"
        r"|\bhaka\w* på\b|\bhängde på\b|\bställ\w* sig någon (?:mer|annan|fler) bakom\b"
        r"|\bställ\w* sig bakom (?:dem|uttalandet|det särskilda uttalandet)\b",
        re.I,
    ): ("instämde instämmer"),
    # How two documents relate: "Överenskommelsen kompletterar stadens trygghetsprogram"
    re.compile(
        r"\bhänger\s+(?:[\wåäö-]+\s+){0,6}?ihop\b|\bhör\s+ihop\b|\bsamband\w*|\bförhåll\w* sig\b"
        r"|(?<!-)\brelat(?:e|es|ed|ion|ionship)\b|\bconnect(?:ed|ion)?\b|\bfit together\b",  # (not "safety-related")
        re.I,
    ): "kompletterar koppling kopplas",
    re.compile(r"\bpengar\b|\bkostna\w*|\bkosta[rt]?\b", re.I): "miljoner kr kronor",
    # "vad trygghet bygger på": what it "relaterar till" or "påverkas av"
    re.compile(
        r"\bbygg\w*(?:\s+[\wåäö]+){0,2}\s+på\b|\bgrundar sig på\b|\b(?:is|are) based on\b|\bdepends? on\b", re.I
    ): "relaterar påverkas grundar",
    # "hur var det med pengarna?": what a statement says of money is "avsatta resurser", "finansiering"
    # (not where the money goes: "lägger pengarna på" is what a majority "har valt att satsa på")
    re.compile(r"\b(?:med|om) pengarna\b|\bfunding\b|\bfinansier\w*", re.I): "resurser finansiering medel",
    # Pressure and threats against staff are what the documents call otillåten påverkan.
    re.compile(
        r"\bpåtryck\w*|\bhot\b|\bhotad\w*|\bhotet\b|\butpress\w*|\bpressure\b|\bthreat\w*|\bintimidat\w*", re.I
    ): ("otillåten påverkan"),
    # "From what date does the agreement apply?" ← "gäller från" (but "apply for a permit" is ansöka)
    re.compile(r"\bappl(?:y|ies)\b(?!\s+for\b)|\btakes? effect\b|\bin force\b", re.I): "gäller",
    # Streets, squares and other public places are what the documents call the offentliga miljön.
    re.compile(
        r"\bgator\b|\bgatorna\b|\btorg(?:en)?\b|\ballmänna platser\b|\bstreets?\b|\bsquares?\b"
        r"|\bpublic (?:spaces?|places?)\b",
        re.I,
    ): "offentliga miljön stadsmiljön",
    # Parties sign särskilda uttalanden by their letters: (S), (V), …
    re.compile(r"\bsocial ?democrats?\b|\bsocialdemokrat\w*", re.I): "S",
    re.compile(r"\bleft party\b|\bthe left\b|\bvänsterparti\w*", re.I): "V",
    re.compile(r"\bmoderat\w*|\bmoderates?\b", re.I): "M",
    re.compile(r"\bliberal\w*", re.I): "L",
    re.compile(r"\bcent(?:er|re) ?part\w*", re.I): "C",
    # (the chat's lowercase "kd", "mp", "sd"; uppercase letters are parties already)
    re.compile(r"\bkristdemokrat\w*|\bchristian democrats?\b|(?<![\w-])(?-i:kd)(?![\w-])", re.I): "KD",
    re.compile(r"\bmiljöpartiet\b|\bgreen party\b|\bgreens\b|(?<![\w-])(?-i:mp)(?![\w-])", re.I): "MP",
    re.compile(r"\bsverigedemokrat\w*|\bsweden democrats?\b|(?<![\w-])(?-i:sd)(?![\w-])", re.I): "SD",
    re.compile(r"\bfeministiskt? initiativ\w*|\bfeminist initiative\b", re.I): "Fi",
}
# How remissvar word their positions: a question's "svårt", "saknade", "betonade" or "positiva" is met
# in the text by "utmaning", "efterfrågar", "vikten av", "välkomnar". Used to match answer sentences
# only: as search terms these common words would pull in every passage that states any position.
_SYNONYMS = {
    re.compile(r"\bsvår\w*|\bproblem\w*|\butmaning\w*|\bdifficult\w*|\bchalleng\w*", re.I): (
        "utmaning svårighet problem risk"
    ),
    re.compile(
        r"\bsakna\w*|\bbrist\w*|\bmiss(?:ing|ed)\b|\black\w*|\bask(?:ed|s)? for\b|\befterly\w*|\bcall(?:s|ed)? for\b",
        re.I,
    ): "saknar efterfrågar brist önskar",
    re.compile(
        r"\bbeton\w*|\bpoängter\w*|\blyft\w* fram|\bunderstr\w*|\bframhåll\w*|\btryck\w*(?=[^?.]*\bpå\b)"
        r"|\bemphasi\w*|\bstress\w*",
        re.I,
    ): "betonar vikten poängtera särskilt viktigt",
    re.compile(r"\bgaml\w*|\bförra\b|\bföregående\b|\bold\b|\bprevious\b|\bformer\b", re.I): (
        "tidigare nuvarande gällande förra"
    ),
    re.compile(
        rf"{DEADLINE_ASKED}|\bsenast\b|\bdue\b|\bsubmit\w*|\bhand(?:ed)? in\b|\blämna\w* in\b",
        re.I,
    ): "senast",
    re.compile(r"\bförtydlig\w*|\bclarif\w*|\btydligare\b", re.I): "tydliggörs förtydliganden förtydligas tydligare",
    re.compile(r"\bfördel\w*|\badvantage\w*|\bbenefit\w*|\bbra med\b|\bvinn\w* på\b|\bgain\w*", re.I): (
        "lättare underlätta fördel positivt"
    ),
    re.compile(
        r"\bavsikt\w*|\bsyfte\w*|\bsyftar\b|\bändamål\w*|\bmålsättning\w*|\bpoängen\b"
        r"|\bpurpose\w*|\bintention\w*|\baims?\b|\bgoals?\b|\bobjectives?\b",
        re.I,
    ): GOAL_WORDS,
    # what a nämnd wants done about a problem it names, it words as a wish: "hade det varit positivt med …"
    re.compile(r"\bgöras? åt\b|\blösning\w*|\blösa\b|\bbe done about\b|\bsolutions?\b|\bremed\w*", re.I): (
        "positivt föreslår önskar bör"
    ),
    # what the parties "vill uppnå" is the agreement's mål ("Målet med samverkansöverenskommelsen är …")
    re.compile(r"\buppnå\w*|\båstadkomm\w*|\bleda till\b|\bachiev\w*|\baccomplish\w*", re.I): GOAL_WORDS,
    # having a say is what the documents call answering an enkät or sending synpunkter
    re.compile(r"\btycka till\b|\bsäga sitt\b|\bhave (?:a|their) say\b|\bbe consulted\b", re.I): (
        "medverka besvara enkät synpunkter"
    ),
    re.compile(r"\boro\b|\boroa\w*|\borolig\w*|\bworr\w*", re.I): "oklart osäkert risk utmaning",
    re.compile(r"\binvändning\w*|\bbetänklighet\w*|\bobjection\w*|\bconcern\w*|\breservation\w*", re.I): (
        "utmaning efterfrågar saknar önskar"
    ),
    re.compile(
        r"\bminsk\w*|\bdrag\w* ner|\bskär\w* ne[rd]|\bskur\w* ne[rd]|\bnedskär\w*"
        r"|\bfärre\b|\bkrymp\w*|\bbant\w*|\breduc\w*|\bfewer\b|\bshr[iu]nk\w*|\btrim\w*"
        r"|\bdecreas\w*|\bnarrow\w*",
        re.I,
    ): "minskats minska färre avgränsningen",
    re.compile(
        r"\bdirekt\b|\bgenast\b|\bomgående\b|\bimmediately\b|\bright away\b|\bat once\b|\bwithout delay\b", re.I
    ): "omedelbart",
    re.compile(
        r"\bpositiv\w*|\bvälkomna\w*|\bstödj\w*|\bstöder\b|\bgilla\w*|\bsupport\w*|\bwelcom\w*|\blike[ds]\b"
        r"|(?:\b(?:do|did|does|they|we|you|i|he|she|would|not)|n't)\s+like\b"  # not "places like …"
        # "Hur ställer sig X till …?" asks for or against
        r"|\bställ(?:er|de) sig\b|\bför eller emot\b|\bfor or against\b|\bhåll\w* med\b|\bagree(?:s|d)? with\b",
        re.I,
    ): ("positiv välkomnar stödjer ställer sig bakom"),
    re.compile(r"\bkriti\w*|\bcriti\w*|\bklag\w*|\bcomplain\w*", re.I): "kritik kritiserar nedskärningar",
    # a local agreement is a "lokal samverkansöverenskommelse" ("Älvsjös lokala avtal med polisen")
    re.compile(r"\blokal[at]? avtal\w*", re.I): "överenskommelse samverkansöverenskommelse",
    # an agreement that "gick ut" in the documents' words "löpte ut" (and the other way round)
    re.compile(
        r"\b(?:gick|går|löpte|löper)\s+ut\b|\bexpir\w*|\bran out\b"
        # "när tog avtalet slut?"
        r"|\b(?:tog|tar|ta|tagit)\s+(?:[\wåäö]+\s+){0,8}?slut\b|\bupphörde\b|\b(?:ended|came to an end)\b",
        re.I,
    ): "löpte gick förlängning förlängts",
    # When an agreement applies and for how long: "börja tillämpas", "tidsbegränsad" ← "gäller från … och tillsvidare"
    re.compile(
        r"\btillämp\w*|\bträ(?:d|tt)\w* i kraft|\bbörja\w* gälla|\btakes? effect|\bin force\b|\bappl(?:y|ies)\b", re.I
    ): "gäller gälla",
    re.compile(r"\btidsbegräns\w*|\bexpir\w*|\bupphör\w*|\btime-limited\b|\brun out\b|\bran out\b", re.I): (
        "tillsvidare löpte ut"
    ),
    re.compile(r"\brevider\w*|\brevised\b", re.I): "nya revidering",
    re.compile(r"\bhjälp\w*|\bassist\w*|\bhelp\w*", re.I): "bistå bidra stödja",
    re.compile(r"\bupprustning\w*|\brust\w* upp\b|\brenovat\w*|\brefurbish\w*", re.I): "reinvesteringar reinvestering",
    # What a plan states for each item: "formuleras … med mål, ansvarsfördelning, åtaganden och uppföljning"
    re.compile(r"\bange[rs]?\b|\bangivas\b|\bspecified\b|\bset out\b", re.I): "formuleras anges beskrivs",
    # Money put aside: "reserverat 6 miljoner" is what the documents call "avsatt"
    re.compile(r"\breserver\w*|\bavsätt\w*|\bavsatt\w*|\bset aside\b|\bearmark\w*|\ballocat\w*", re.I): (
        "avsatt avsätta"
    ),
    re.compile(r"\bfå bukt med\b|\bkomma åt\b|\bbekämpa\w*|\bcombat\w*|\btackl\w*|\bfight\w*", re.I): (
        "bekämpa motverka motverkande"
    ),
    re.compile(r"\bråttor\w*|\bmöss\b|\bohyra\b|\bpests?\b|\bvermin\b|\brats?\b", re.I): "skadedjur",
    # A majority's priorities are what it chose to spend on: "har valt att satsa på ordningsvakter"
    re.compile(
        r"\bprioriterat\b(?!\s+\w*område)|\bprioritera[rt]?\b(?!\s+\w*område)|\bsatsa[rt]?\b|\bsatsat\b", re.I
    ): ("satsa satsar satsning prioriterar"),
    re.compile(
        r"\bviktig\w*|\bvärdefull\w*|\bavgörande\b|\bcentral[at]?\b|\bimportant\b|\bvaluable\b|\bcrucial\b|\bkey\b"
        r"|\bessential\b|\bvital\b|\bdecisive\b|\bmatters?(?= most\b)|\bberör\w*(?=\s+(?:\w+\s+)?mest\b)",
        re.I,
    ): ("viktig viktigt centralt avgörande värdefullt"),
    # A body's task is what it "ska ansvara för"; who "håller i" something is responsible for it
    re.compile(
        r"\bhuvud\w*uppgift\w*|\bhuvudsaklig\w* (?:uppgift|roll)\w*|\b(?:main|primary|chief) (?:task|job|role|duty)\b"
        r"|\bh(?:åll|åller|öll|ålla)\s+i\b|\bin charge of\b|\bsköt(?:er|te|a)\b",
        re.I,
    ): "ansvara ansvarar ansvar",
    re.compile(r"\bsärskild person\b|\bdedicated (?:person|officer)\b|\bdesignated\b", re.I): "utsedd tjänsteperson",
    # The head of a förvaltning signs as its direktör or förvaltningschef
    re.compile(
        r"\b(?:högsta )?chef(?:en)?\b|\bhead of\b|\btop (?:boss|manager)\b|\bhighest[- ]ranking\b"
        r"|\bwho (?:heads|headed|runs|ran|manages|managed)\b",
        re.I,
    ): ("direktör förvaltningschef"),
    re.compile(r"\bg(?:å|år|ick|ått) ut med\b|\binformer\w*|\bcommunicat\w*|\bgo public\b", re.I): "kommunicera",
    re.compile(r"\btillsammans\b|\btogether\b|\bjointly\b", re.I): "gemensamt gemensamma",
    # A remissvar proposes in its own words: "hade det varit positivt med …", "önskar", "bör".
    # (active only: "de områden som föreslås" are the agreement's, not a nämnd's proposal)
    re.compile(r"\bföreslå(?:r)?\b|\bföreslog\b|\bföreslagit\b|\bpropose[sd]?\b|\bsuggest\w*|\brecommend\w*", re.I): (
        "föreslår önskar bör positivt"
    ),
    # A council "går igenom" an ärende where the documents say it "behandlas" there
    re.compile(
        r"\bg(?:å|år|ick|ått)\w* igenom\b|\bgransk\w*|\breview\w*|\b(?:go|goes|went|gone) through\b|\btitta\w* på\b",
        re.I,
    ): ("behandlas behandla behandlade"),
    re.compile(r"\bhåll\w* ihop|\bsamordn\w*|\bcoordinat\w*|\bkoordiner\w*", re.I): "samordna samordning samordnar",
    re.compile(r"\bvarje nämnd\b|\balla nämnder\w*|\bevery committee\b|\ball committees\b", re.I): "samtliga nämnder",
    # "Var de nöjda med utkastet eller ville de ändra något?": positive about the förslag, or förtydliganden
    re.compile(r"\bnöjd\w*|\bsatisfied\b|\bhappy with\b", re.I): "positiv bra välkomnar",
    re.compile(r"\butkast\w*|\bdraft\w*", re.I): "förslag förslaget",
    re.compile(r"\bbifog\w*|\battach\w*|\benclos\w*", re.I): "bilaga bilagor",
    re.compile(r"\butlåtande\w*", re.I): "tjänsteutlåtande",  # what a förvaltning writes to its nämnd
    re.compile(r"\bskrev\b|\bskrivit\b|\bskriva\b", re.I): "skriver skrivs",
    # "lägger pengarna på" is what a majority "har valt att satsa på"
    re.compile(r"\blägg\w* (?:\w+ )?pengar\w*|\bspend\w*", re.I): "satsa satsar satsning",
    re.compile(r"\bändr\w*|\bchang\w*|\bamend\w*", re.I): "förtydliganden tillägg ändringar revidering uppdateras",
}
# Idioms whose words would otherwise be read as topics or question words: "på det stora hela" is not
# about "stora resurser", and "när det gäller" (regarding) does not ask when.
_IDIOMS = re.compile(
    r"\bpå det stora hela\b|\bi stort sett\b|\bi det stora hela\b|\bsom helhet\b|\bin general\b|\ball in all\b"
    r"|\b(?:rent\s+)?generellt(?: sett)?\b|\bi allmänhet\b|\böverlag\b|\bi stort\b|\boverall\b|\bon the whole\b"
    r"|\bgenerally\b|\bi så fall\b|\bin that case\b|\bif so\b"
    r"|\b(?:take|takes|took|taken|taking) place\b|\b(?:äger|ägde|ägt) rum\b"  # happening, not a place
    r"|\bnär det gäller\b|\bnär det kommer till\b|\bvad gäller\b|\bwhen it comes to\b"
    r"|\b(?:ta|tar|tog|tagit) ställning till\b"  # "när de tog ställning till …": when they decided on it
    # A comparison's own frame: "vad är nytt och vad har fallit bort?" asks what differs, no topic of its own
    r"|\bvad (?:är|blir) nytt\b|\bvad har (?:fallit|tagits|strukits|försvunnit) bort\b|\bvad har tillkommit\b"
    r"|\bwhat(?:'s| is) new\b|\bwhat (?:has|was) (?:been )?(?:dropped|removed|added)\b",
    re.IGNORECASE,
)
# Intranet chat shorthand, read as the words it stands for: "vad tycker TK o utbf", "TN:s yttrande",
# "utbn-ärendet", "hur mkt". A Swedish genitive is "TN:s", an English one "TN's".
_ACRONYMS = {
    "TK": "trafikkontoret",
    "TN": "trafiknämnden",
    "KS": "kommunstyrelsen",
    "KF": "kommunfullmäktige",
    "SDN": "stadsdelsnämnden",
    "SDF": "stadsdelsförvaltningen",
    "SN": "socialnämnden",
    "SOF": "socialförvaltningen",
    "UBN": "utbildningsnämnden",
    "UBF": "utbildningsförvaltningen",
    "TU": "tjänsteutlåtandet",
}
_ABBREVIATIONS = {
    "utbn": "utbildningsnämnden",
    "utbf": "utbildningsförvaltningen",
    "utbförv": "utbildningsförvaltningen",
    "socn": "socialnämnden",
    "socförv": "socialförvaltningen",
    "trafikn": "trafiknämnden",
    "sdn": "stadsdelsnämnden",
    "sdf": "stadsdelsförvaltningen",
    "förv": "förvaltningen",
    "diarienr": "diarienummer",
    "dnr": "diarienummer",
    "o": "och",
    "enl": "enligt",
    "ngn": "någon",
    "ngt": "något",
    "nån": "någon",
    "nåt": "något",
    "mkt": "mycket",
    "resp": "respektive",
    "ang": "angående",
    "ordf": "ordförande",
    "stan": "staden",
    "dom": "de",
    "ppl": "people",
    "acc": "according",
    "yr": "year",
    "jmf": "jämfört",
    "bla": "bland annat",
    "tex": "till exempel",
}
_GENITIVE = r"(?:(?P<genitive>:s|'s|-(?=[a-zåäö]))|(?![\wåäöÅÄÖ:]|(?<=\bo)\.))"  # ("o.s.v." is no "och")
# ("KS 2019/656", "its KS number": the letters are part of a diarienummer)
_ACRONYM = re.compile(
    rf"\b(?P<word>{'|'.join(_ACRONYMS)}){_GENITIVE}(?!\s*(?:\d{{4}}/|-?n(?:umme)?r\b|number|diar|case))"
)
_ABBREVIATION = re.compile(rf"(?<![\w-])(?P<word>{'|'.join(_ABBREVIATIONS)}){_GENITIVE}")
_M_FOR_MED = re.compile(r"(?<=[a-zåäö] )m(?= [a-zåäö])")  # "avtalet m polisen"; the party is "M"
_CONTRACTION = re.compile(r"\b(who|what|where|when|how|that|it|which)'s\b", re.I)  # "who's ordförande"


def expand_shorthand(text: str) -> str:
    """Chat shorthand spelled out, so that nämnd detection, question types and the lexical index
    read what the user meant."""

    def spelled(match: re.Match[str], full: str) -> str:
        return {None: full, ":s": f"{full}s", "-": f"{full}s ", "'s": f"{full}'s"}[match.group("genitive")]

    text = _ACRONYM.sub(lambda m: spelled(m, _ACRONYMS[m.group("word")]), text)
    text = _ABBREVIATION.sub(lambda m: spelled(m, _ABBREVIATIONS[m.group("word").lower()]), text)
    return _CONTRACTION.sub(r"\1 is", _M_FOR_MED.sub("med", text))


_OWN_NAMND = re.compile(
    r"\b(?:vår|min|vårt|mitt)\s+(?:nämnd|förvaltning|kontor)\b|\b(?:our|my)\s+(?:committee|administration|office|board)\b",
    re.IGNORECASE,
)
# "what did the other side criticise?": the parties just asked about are the ones not meant
_OTHER_SIDE = re.compile(
    r"\b(?:the )?other (?:side|part(?:y|ies)|group)\b|\bthe others\b|\b(?:andra|motsatta) sidan\b|\bde andra\b"
    r"|\b(?:annat|andra|övriga) parti\w*|\bopposition\w*|\bmotsidan\b",
    re.IGNORECASE,
)
_ACROSS_DOCUMENTS = re.compile(
    r"\bde olika (?:[\wåäö]+ )?(?:remissvar\w*|yttrande\w*|svaren|tjänsteutlåtande\w*|nämndernas|förvaltningarnas)"
    r"|\b(?:varje|respektive) (?:remissvar|yttrande|tjänsteutlåtande)\b|\balla (?:remissvar(?:en)?|yttrandena|svaren)\b"
    r"|\beach (?:administration|response|reply)\b|\b(?:across|in) (?:all )?the (?:committee )?(?:responses|replies)\b"
    r"|\ball (?:the )?(?:committee )?(?:responses|replies)\b"
    r"|\bthe different (?:committees|administrations|responses)\b"
    r"|\b(?:tjänsteutlåtandena|remissvaren|yttrandena)\b",  # the plural: every one of them
    re.IGNORECASE,
)
DEPUTY_MEMBER = re.compile(r"\bdeputy members?\b", re.IGNORECASE)
_COMPARING = re.compile(r"\b(?:jämför\w*|compar\w*|skiljer|skilde|skillnad\w*|differ\w*)\b", re.IGNORECASE)
NEWEST = re.compile(r"\b(?:nya|nyaste|senaste|reviderade|new|newest|latest|revised|current)\b", re.IGNORECASE)
_YEAR = re.compile(r"\b(19[89]\d|20\d\d)\b")
# "trygghetsprogrammet 2024–2027": a programme period is part of its name, not a year asked about.
PERIOD = re.compile(r"\b(?:19|20)\d\d\s*[–—-]\s*(?:19|20)?\d\d\b")
_CONTENT = re.compile(r"[a-zåäöé]{4,}", re.IGNORECASE)


@dataclass(frozen=True)
class QueryIntent:
    question: str  # as asked
    standalone: str  # what retrieval searches for
    language: str  # "sv" | "en"
    namnder: tuple[str, ...] = ()  # canonical names the question is about
    governing_documents: tuple[str, ...] = ()  # those named, most named first
    # The words that say what kind of answer is wanted ("hur motiverade", "vilket datum"): they ask
    # for the answer, they are not its topic, so they neither make a sentence relevant nor unknown.
    type_phrase: str = ""
    years: tuple[int, ...] = ()
    diarienummer: tuple[str, ...] = ()  # "KS 2019/656" as its number, "2019/656": the ärende asked about
    # "och för remissen 2019 då?": the year is all the follow-up changes, so it picks the documents
    # as firmly as a nämnd would (elsewhere "2019" may be the old agreement a 2023 answer describes).
    year_switch: bool = False
    newest: bool = False  # "den nya överenskommelsen": ``years`` is the latest year the documents answer
    parties: tuple[str, ...] = ()  # "S och V", "the Social Democrats": who signed the statement asked about
    wants_list: bool = False
    answer_type: str = ""  # a key of ANSWER_TYPES, or "" when the question names no particular kind
    carried_from_history: bool = False
    # The question with what it carried from earlier turns, before glossary and paraphrase words:
    # what a later follow-up leans on ("Var det någon ersättare som ställde sig bakom dem?" after
    # "Vad skrev S och V?" after a question about socialnämnden's 2019 protocol).
    resolved: str = ""
    unknown_namnder: tuple[str, ...] = field(default=())  # named, but no document of theirs is indexed
    # "Hur många … under 2022?": a year no document is from must be stated with the fact itself
    undocumented_years: tuple[int, ...] = field(default=())
    # "Vad säger de olika remissvaren om …", "vilka direktörer står under de olika förvaltningarnas
    # remissvar?": the same thing asked of every document in scope, each read for it
    across_documents: bool = False
    # Words added to ``standalone`` by the glossary and domain paraphrases, as (what the question
    # said, what the documents may say instead): alternatives for one question word ("crime" →
    # "brott brottslighet", "skrivit under" → "direktör …"), not extra topics.
    expansions: tuple[tuple[str, str], ...] = ()
    # The stance the question is about, as the remissvar word it ("saknades" → "saknar efterfrågar …"):
    # a sentence expressing it answers "fanns det något de saknade?" better than one on the topic only.
    concepts: tuple[str, ...] = ()

    @property
    def reads_every_document(self) -> bool:
        """ "Vilka nämnder …?" or a question asked of every response: one passage per document first."""
        return self.answer_type == "overview" or self.across_documents

    def facet(self, metadata: DocumentMetadata) -> object | None:
        """For a question comparing years, nämnder or governing documents ("mellan 2019 och 2023",
        "trafiknämnden och utbildningsnämnden", "både programmet och överenskommelsen"): which of the
        compared ones a document speaks for; None otherwise."""
        if len(self.years) >= 2:
            return metadata.year if metadata.year in self.years else None
        if len(self.namnder) >= 2:
            return metadata.namnd if metadata.namnd in self.namnder else None
        if len(self.governing_documents) >= 2:
            if len(self.namnder) == 1 and metadata.namnd != self.namnder[0]:
                return None  # "trafiknämndens båda yttranden": the other nämnder's responses are no side
            document = metadata.governing_document
            return document if document in self.governing_documents else None
        return None

    def names_ärende(self, metadata: DocumentMetadata) -> bool:
        """The question names this document's diarienummer ("remissen KS 2019/656")."""
        return bool(set(self.diarienummer) & set(diarienummer_keys(" ".join(metadata.diarienummer))))

    def in_scope(self, metadata: DocumentMetadata) -> bool:
        """A document the question's named year, ärende and governing document all allow: "which
        committees … in 2023" lists 2023's answers only."""
        return (
            (not self.years or metadata.year in self.years)
            and (not self.diarienummer or self.names_ärende(metadata))
            and (not self.governing_document or metadata.governing_document == self.governing_document)
        )

    def first_of_each_side(
        self, items: Iterable[T], metadata: Callable[[T], DocumentMetadata], depth: int = 1
    ) -> list[T]:
        """The best ``depth`` items of each compared side, taken in turns (A1, B1, A2, B2, …); empty
        unless the question compares."""
        sides: dict[object, list[T]] = {}
        for item in items:
            if (side := self.facet(metadata(item))) is not None and len(sides.setdefault(side, [])) < depth:
                sides[side].append(item)
        return [side[rank] for rank in range(depth) for side in sides.values() if rank < len(side)]

    @property
    def governing_document(self) -> str:
        """The governing document the question is mainly about (the most named), or ""."""
        return self.governing_documents[0] if self.governing_documents else ""


# English questions meet Swedish text through e5; this glossary lets the lexical side join in.
_ENGLISH_TO_SWEDISH = {
    "police": "polis polisen",
    "local": "lokal lokala",
    "area": "område",
    "areas": "områden",
    "cooperate": "samverkar samverkan",
    "cooperation": "samverkan",
    "collaboration": "samverkan",
    "agreement": "överenskommelse",
    "safety": "trygghet",
    "security": "trygghet säkerhet",
    "crime": "brott brottslighet",
    "prevention": "förebyggande",
    "preventive": "förebyggande",
    "programme": "program",
    "program": "program",
    "young": "unga",
    "youth": "unga",
    "children": "barn",
    "victims": "brottsoffer",
    "victim": "brottsoffer",
    "school": "skolan",
    "schools": "skolor",
    "graffiti": "klotter",
    "money": "miljoner kr",
    "cost": "kostnad",
    "costs": "kostnader",
    "invest": "satsa satsningar investera",
    "invested": "satsade satsat investerat",
    "investing": "satsa satsningar investera",
    "conservative": "borgerliga",
    "chosen": "valt",
    "investments": "investeringar",
    "investment": "investering",
    "meetings": "möten",
    "meeting": "möten",
    "working": "arbetsgrupper",
    "groups": "grupper",
    "group": "grupp",
    "challenge": "utmaning",
    "challenges": "utmaningar",
    "staff": "personal bemanna",
    "staffing": "bemanna",
    "priority": "prioriterade",
    "priorities": "prioriterade",
    "prioritised": "prioriterade",
    "prioritized": "prioriterade",
    "focus": "fokusområden",
    "public": "offentliga",
    "environment": "miljö",
    "spaces": "platser",
    "places": "platser",
    "unsafe": "otrygga",
    "welfare": "välfärdsbrott",
    "fraud": "välfärdsbrott",
    "influence": "otillåten påverkan",
    "bribery": "mutor",
    "guidelines": "riktlinjer",
    "follow-up": "uppföljning",
    "follow": "följa följs uppföljning",
    "followed": "följas följs uppföljning",
    "survey": "trygghetsmätning",
    "annual": "varje år årligen",
    "decision": "beslut",
    "proposal": "förslag",
    "statement": "uttalande",
    "special": "särskilt särskilda",  # "the special statements": särskilda uttalanden
    "summary": "sammanfattning",
    "responsible": "ansvar",
    "officer": "handläggare",
    "valid": "gäller",
    "since": "sedan",
    "two": "två",
    "three": "tre",
    "five": "fem",
    "especially": "särskilt",
    "important": "viktig viktiga",
    "gang": "gängkriminalitet gäng",
    "gangs": "gängkriminalitet gäng",
    "consider": "bedömer anser",
    "considers": "bedömer anser",
    "handled": "handläggare",
    "prepared": "beretts beredning",
    "draft": "tagit fram framtagandet",
    "dealt": "behandlade behandlades",
    "deal": "behandla",
    "discussed": "behandlade behandlades",
    "treated": "behandlade behandlades",
    "processed": "behandlade behandlades",
    "reviewed": "behandlade granskat",
    "preparation": "beredning beretts",
    "unit": "avdelning enhet",
    "team": "avdelning enhet arbetsgrupp",
    "department": "avdelning förvaltning",
    "division": "avdelning",
    "approve": "godkänner attesterat",
    "handler": "handläggare",
    "response": "svar remissvar yttrande",
    "answer": "svar",
    "examples": "exempel",
    "example": "exempel",
    "good": "goda",
    "education": "utbildning skolan",
    "district": "stadsdel stadsdelsområde",
    "plan": "handlingsplan",
    "action": "åtgärder handlingsplan",
    "lighting": "belysning",
    "littering": "nedskräpning",
    "vandalism": "skadegörelse",
    "pests": "skadedjur",
    "political": "politisk",
    "parties": "partier",
    "criminal": "kriminella",
    "networks": "nätverk miljöer",
    "effect": "gäller",
    "commit": "ansvar uppdrag åtagande",
    "commits": "ansvar uppdrag åtagande",
    "committed": "ansvar uppdrag åtagande",
    "new": "nya",
    "often": "varje år årligen",
    "spend": "avsatt kostnad",
    "spent": "avsatt kostnad",
    "extremism": "extremism",
    "violence": "våld",
    "trafficking": "människohandel",
    "goal": "mål",
    "goals": "mål",
    "aim": "mål syfte",
    "majority": "majoriteten",
    "ruling": "majoriteten",
    "spending": "satsningar resurser",
    "resources": "resurser",
    "cuts": "nedskärningar",
    "activities": "verksamheter",
    "operations": "verksamheter",
    "services": "verksamheter tjänster",
    "key": "viktiga",
    "stop": "förebygga motverka",
    "prevent": "förebygga motverka",
    "counteract": "motverka",
    "drawn": "involveras",
    "involved": "involveras",
    "women": "kvinnor",
    "guards": "ordningsvakter",
    "surveillance": "kameraövervakning",
    "cameras": "kameraövervakning",
    "leisure": "fritidsverksamheter",
    "support": "stöd",
    "reduce": "minska",
    "increase": "öka",
    "organisation": "organisation",
    "organization": "organisation",
    "organised": "organiseras organisation",
    "organized": "organiseras organisation",
    "steering": "styrgrupp",
    "authorities": "myndigheter",
    "agencies": "myndigheter",
    "digitally": "digitalt",
    "digital": "digitalt",
    "approved": "godkänts godkänner",
    "approval": "godkänts godkänner",
    "switchboard": "växel",
    "disability": "funktionshinderrådet funktionshindersrådet",
    "pensioners": "pensionärsrådet",
    "union": "fackliga",
    "trade": "fackliga",
    "unions": "fackliga",
    "case": "ärendet",
    "level": "nivå",
    "levels": "nivå",
    # Roles, rights and the handling of an ärende: words a newcomer uses in English for what the
    # remissvar and protocols say in Swedish.
    "chair": "ordförande",
    "chairman": "ordförande",
    "chairperson": "ordförande",
    "director": "direktör",
    "head": "chef",
    "chief": "chef",
    "commander": "chef",
    "manager": "chef",
    "member": "ledamot",
    "substitute": "ersättare",
    "alternate": "ersättare",
    "alternates": "ersättare",
    "deputy": "ersättare vice",
    "rights": "rättigheter",
    "gender": "jämställdhet",
    "equality": "jämställdhet",
    "analyse": "analys",
    "analyze": "analys",
    "analysed": "analys",
    "analyzed": "analys",
    "analysis": "analys",
    "consequences": "konsekvenser",
    "impact": "konsekvenser",
    "affects": "konsekvenser",
    "squares": "torg",
    "square": "torg",
    "upgrading": "reinvesteringar",
    "upgrade": "reinvesteringar",
    "year": "år",
    "yearly": "årligen",
    "deadline": "senast",
    "immediately": "omedelbart",
    "fewer": "färre",
    "better": "bättre lättare underlätta",
    "easier": "lättare underlätta",
    "directly": "omedelbart",
    # general words of remissvar, by what the documents write
    "remit": "ansvarsområde uppdrag",
    "city-wide": "stadsövergripande",
    "citywide": "stadsövergripande",
    "showcased": "lyfts",
    "highlighted": "lyfts",
    "highlight": "lyfter",
    "reply": "svar",
    "replies": "svar",
    "responses": "svar remissvar",
    "respond": "svara",
    "residents": "boende stockholmarna",
    "measures": "åtgärder insatser",
    "measure": "åtgärd insats",
    "partners": "parter",
    "parties'": "parter",
    "joint": "gemensamma",
    "fund": "fonden",
    "cleaning": "sanering städning",
    "members": "ledamöter",
    "officials": "tjänstepersoner",
    "decisions": "beslut",
    "views": "synpunkter yttrande",  # "submit their views": yttra sig
    "opinion": "synpunkter yttrande",
    "opinions": "synpunkter yttrande",
    "submit": "yttrande",
    "comments": "synpunkter yttrande",
    "factors": "faktorer",
    "features": "faktorer",
    "perceived": "upplevd upplevda",
    "feel": "upplever känner",
    "ambition": "ambition",
    "difficulty": "svårighet utmaning",
    "difficulties": "svårigheter utmaningar",
    "total": "totalt sammanlagt",
    "number": "antal",
    "time": "tid",
    "times": "gånger gång",  # "how many times": a count of occasions, not of time
    "attachments": "bilagor",
    "attachment": "bilaga",
    "appendix": "bilaga",
    "actors": "aktörer",
    "transport": "trafik",
    "renewed": "förnyats",
    "extended": "förlängts förlängning",
    "expired": "löpte ut gick ut",
    "signed": "tecknades undertecknat slöts",
    "referral": "remiss",
    "outreach": "uppsökande",
    "on-call": "jour",
    "drug": "drogscen narkotika",
    "update": "uppdateras uppdatera",
    "updated": "uppdateras uppdaterats",
    "centrally": "centralt",
    "central": "central centrala övergripande",  # "den övergripande (centrala) nivån"
    "referred": "remitterat remiss",
    "consultation": "remiss",
    "perspective": "perspektiv",
    "perspectives": "perspektiv",
    "agency": "myndighet",
    "authority": "myndighet",
    "shooting": "skjutningar",
    "shootings": "skjutningar",
    "explosions": "sprängningar",
    "bombings": "sprängningar",
    "wording": "formuleringar formulering",
    "worded": "formuleras",
    "phrased": "formuleras",
    "practice": "exempel",  # "good practice": goda exempel
    "practices": "exempel",
    "situational": "situationell",
    "managers": "chef",
    # words fresh English questions used that the glossary lacked
    "minutes": "protokoll protokollsutdrag",
    "document": "dokument",
    "paragraph": "§ paragraf",
    "registry": "registrator",
    "extract": "utdrag protokollsutdrag",
    "first": "första",
    "latest": "senaste",
    "recent": "senaste",
    "report": "tjänsteutlåtande",
    "value": "värde",
    "project": "investering",
    "position": "tjänst heltidstjänster",
    "assessment": "analys bedömning",
    "background": "bakgrund",
    "kid": "barn",
    "company": "bolag bolagsstyrelser",
    "outcome": "mål",
    "target": "mål",
    "power": "mandat",
    "sign-off": "godkänts attesterat",
    "adopt": "antog antogs",
    "adopted": "antogs antog",
    "endorsed": "instämde",
    "associated": "instämde",
    "signing": "undertecknat",
    "lead": "leda",
    "leading": "leda",
    "show": "visar visade",
    "reported": "redovisas rapporteras",
    "completed": "genomfört",
    "combined": "sammanlagt totalt",
    "recorded": "protokollfört",
    "party": "parti partier",
    "initiative": "insatser exempel",
    "government": "statliga myndigheter",
    "player": "aktörer",
    "safe": "trygg trygga",
    "rise": "ökat ökning",
    "worth": "värde",
    "deliver": "genomfört",
    "picture": "bild lägesbild",
    "insecurity": "otrygghet",
    "direction": "inriktning",
    "mandate": "mandat",
    "reporting": "återrapportering rapportering",
    "locally": "lokalt",
    "full-time": "heltidstjänster",
    "right": "rättigheter",
    "small": "små",
    "january": "januari",
    "february": "februari",
    "march": "mars",
    "april": "april",
    "june": "juni",
    "july": "juli",
    "august": "augusti",
    "september": "september",
    "october": "oktober",
    "november": "november",
    "december": "december",
}


# "trafiknämndens båda yttranden", "its two responses": every response of the one nämnd named
BOTH_RESPONSES = re.compile(
    r"\b(?:båda|bägge|två|both|two)\s+(?:[\wåäö-]+\s+){0,3}?(?:yttranden\w*|remissvar\w*|svar(?:en)?"
    r"|tjänsteutlåtanden\w*|responses|replies)\b",
    re.IGNORECASE,
)
# ("the other statement" is the English "det andra uttalandet": the second, as in Swedish)
_ORDINALS = {"första": 0, "first": 0, "andra": 1, "second": 1, "other": 1, "tredje": 2, "third": 2}
_ORDINAL_STATEMENT = re.compile(
    r"\b(första|andra|tredje|first|second|other|third)\s+(?:särskilda\s+|special\s+)?"
    r"(uttalande\w*|statement|reservation\w*|ersättaryttrande\w*)",
    re.IGNORECASE,
)
_STATEMENT_KINDS = {
    "utt": "särskilt uttalande",
    "sta": "särskilt uttalande",
    "res": "reservation",
    "ers": "ersättaryttrande",
}


def ordinal_statement(question: str) -> tuple[int, str] | None:
    """ "det andra särskilda uttalandet", "the first statement": which one, counted in the protocol's
    order, and the kind of section it is ("särskilt uttalande", "reservation")."""
    match = _ORDINAL_STATEMENT.search(question)
    if match is None:
        return None
    return _ORDINALS[match.group(1).lower()], _STATEMENT_KINDS[match.group(2)[:3].lower()]


def _glossary(word: str) -> str | None:
    """The glossary's Swedish for an English word, also for its plural ("statements", "committees")
    and, failing that, for any form sharing its stem ("preparing" as "prepared", "drafted" as "draft")."""
    word = word.lower()
    for singular in (word, word[:-3] + "y" if word.endswith("ies") else "", word[:-1] if word.endswith("s") else ""):
        if singular in _ENGLISH_TO_SWEDISH:
            return _ENGLISH_TO_SWEDISH[singular]
    return _GLOSSARY_BY_STEM.get(_english_stem(word))


def _english_stem(word: str) -> str:
    """A crude English stem: enough to meet a glossary word in another form, never shorter than 5 letters."""
    for suffix in ("ations", "ation", "ings", "ing", "ed", "es", "s", "e"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 5:
            return word[: -len(suffix)]
    return word


def _by_stem(glossary: dict[str, str]) -> dict[str, str]:
    words: dict[str, dict[str, None]] = {}
    for english, swedish in glossary.items():
        words.setdefault(_english_stem(english), {}).update(dict.fromkeys(swedish.split()))
    return {stem: " ".join(swedish) for stem, swedish in words.items()}


_GLOSSARY_BY_STEM = _by_stem(_ENGLISH_TO_SWEDISH)


def translate(word: str) -> str:
    """The glossary's Swedish for an English word, or the word itself."""
    return _glossary(word) or word


# English function words and verbs that carry no topic ("Which other authorities does X want …"):
# that the corpus lacks them says nothing about whether it answers the question.
_ENGLISH_FILLERS = frozenset(STOPWORDS_EN_PLUS) | {
    "want", "wants", "wanted", "think", "thinks", "thought", "say", "says", "said", "see", "sees", "seen",
    "work", "works", "according", "describe", "described", "describes", "mention", "mentioned", "single",
    "tell", "told", "like", "also", "still", "well", "really", "actually", "exactly", "currently", "would",
    "could", "might", "must", "shall", "what's", "whats", "kind", "sort", "thing", "things",
    # how a question is put, not what it is about
    "named", "need", "send", "sent", "copy", "item", "accompany", "cited", "behind", "dated", "hold", "keep",
    "place", "done", "identified", "bring", "instead", "runs", "point", "points", "aside", "charge", "overall",
    "settle", "inside", "existing", "spelled", "back", "given", "issue", "paper", "supposed", "roughly",
    "long", "running", "pull", "side", "plain", "terms", "counts", "uses", "past", "differ", "round",
    "versus", "ones", "flagged", "overlap", "chose", "fine", "finally", "mentions", "getting", "pulled",
    "dealing", "went", "last", "carrying", "behalf", "today", "across", "whole", "drafting", "sending",
    "filed", "compared", "held", "practical", "listed", "among", "answered", "express", "file",
    "respectively", "stated", "heads", "earlier", "put", "set", "gets", "took", "keeping", "attempts", "lots",
    "cover", "swedish", "feeling", "headache", "address", "e-mail", "bodies",
    # words that name a body ("traffic committee", "city executive board") or stand for one
    "city", "committee", "committees", "board", "boards", "office", "administration", "administrations",
}  # fmt: skip


def untranslated_share(intent: QueryIntent, known: Callable[[str], bool]) -> float:
    """Share of an English question's content words that neither the glossary, a domain phrase
    ("Social Democrats" → S), a nämnd name nor the corpus itself covers ("weather", "tomorrow"):
    a sign the documents are about something else."""
    question = intent.question
    mentions = mention_words(question)
    phrases = {word for source, _ in intent.expansions for word in source.lower().split()}
    words = [
        word
        for word in dict.fromkeys(re.findall(r"[a-zåäöé][a-zåäöé-]{3,}", question.lower()))
        if word not in _EN and word not in _ENGLISH_FILLERS and word not in mentions
    ]
    unknown = [word for word in words if _glossary(word) is None and word not in phrases and not known(word)]
    return len(unknown) / len(words) if words else 0.0


# A capitalised word inside a sentence names something: a place, a body, a person ("Does Solna have …").
_PROPER_NAME = re.compile(r"(?<![.?!:]\s)(?<![\"”(\[])\b[A-ZÅÄÖ][a-zåäöé]{2,}\b")
_MONTHS_EN = {"january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
              "november", "december"}  # fmt: skip


def proper_names(intent: QueryIntent) -> list[str]:
    """The names the user's question says (capitalised inside a sentence) that are not a nämnd, a
    party, a glossary word or an English function word: what the corpus must mention to answer."""
    question = intent.question
    known = (
        mention_words(question)
        | {word for source, _ in intent.expansions for word in re.findall(r"[\wåäö-]+", source.lower())}
        | _EN
        | _ENGLISH_FILLERS
        | _MONTHS_EN
    )
    return [
        match.group(0)
        for match in _PROPER_NAME.finditer(question)
        if match.start() > 0 and match.group(0).lower() not in known and not _glossary(match.group(0).lower())
    ]


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zåäöé]+", text.lower())
    english = sum(word in _EN for word in words)
    swedish = sum(word in _SV for word in words)
    return "en" if english > swedish else "sv"


def _content_words(text: str, exclude: set[str]) -> list[str]:
    stop = (
        _EN
        | _SV
        | {
            "tycker",
            "anser",
            "säger",
            "nämnden",
            "nämnd",
            "also",
            "more",
            "också",
            "mer",
            "sådant",
            "sådan",
            "sådana",
            "such",
        }
    )
    return [w for w in _CONTENT.findall(text.lower()) if w not in stop and w not in exclude]


def mention_words(text: str) -> set[str]:
    """The words of every nämnd mention ("traffic", "committee", "trafikkontorets")."""
    return {word for mention in find_namnder(text) for word in re.findall(r"[\wåäö-]+", mention.surface.lower())}


_DIRECTOR_OF = re.compile(r"\b([a-zåäö]{4,}?)s?direktör\w*", re.I)


def _entities(text: str) -> tuple[list[str], list[str], list[int]]:
    namnder = list(dict.fromkeys(mention.canonical for mention in find_namnder(text)))
    # "utbildningsdirektör", "socialdirektör": the head of that nämnd's förvaltning names the nämnd
    # (one of the city's facknämnder, as ENGLISH_NAMND lists them: "förvaltningsdirektör" names none)
    for match in _DIRECTOR_OF.finditer(text):
        canonical = canonical_namnd(f"{match.group(1)}snämnden") or canonical_namnd(f"{match.group(1)}nämnden")
        if canonical in ENGLISH_NAMND.values() and canonical not in namnder:
            namnder.append(canonical)
    return namnder, find_governing_documents_in_question(text), stated_years(text)


def stated_years(text: str) -> list[int]:
    """The years the text names, not a programme period ("2024–2027" is part of a name)."""
    return [int(year) for year in _YEAR.findall(PERIOD.sub(" ", text))]


def _matched(table: dict[re.Pattern[str], str], text: str) -> list[tuple[str, str]]:
    """(what the text said, its alternatives) for every match: "ringa … nummer" are both contact words."""
    return [(match.group(0), extra) for pattern, extra in table.items() for match in pattern.finditer(text)]


def _answer_type(question: str) -> tuple[str, str]:
    """The type whose cue comes first, and the words that cue it: the interrogative leads ("Vem var
    ordförande … när …" asks for a person; the later "när" is a conjunction). Ties go to the more
    specific type (dict order)."""
    found = [
        (match.start(), order, name, match.group(0))
        for order, (name, pattern) in enumerate(ANSWER_TYPES.items())
        if (match := pattern.search(question))
    ]
    if not found:
        # a chat-widget query without a question word: "socialnämnden 2019 ordförande?" asks who it was
        # (the role stays a topic word: no question word cued the type)
        terse = len(question.split()) <= TERSE_WORDS and _ROLE_NOUN.search(question)
        return ("person", "") if terse else ("", "")
    first = min(found)
    # "what do they say brought about …?": saying frames the question, the cause is what it asks
    reason = next((f for f in found if f[2] == "reason"), None)
    return (reason if first[2] == "stance" and reason else first)[2:]


_NAMED_RESPONSE = re.compile(
    # ("involved in drafting its response" does not name one)
    r"\b(?:enligt|according to|in)\s+(?![a-z]+ing\s)(?:[\wåäö'’-]+\s+){0,4}?"
    r"(?:yttrande\w*|svar\w*|responses?|replies|reply)\b"
    # "i Älvsjös yttrande" (not "i Älvsjö tog fram yttrandet")
    r"|\bi\s+(?:(?:sitt|sina|deras|dess|[\wåäö]+s)\s+){1,2}(?:yttrande\w*|svar\w*|remissvar\w*)\b",
    re.I,
)


# The two levels the agreement organises: a follow-up naming one asks the earlier question of it.
_LEVELS = {
    "lokal": re.compile(r"\blokal[at]?\b|\blocal(?:ly)?\b", re.I),
    "övergripande": re.compile(r"\b(?:central(?:a|t|ly)?|(?:stads)?övergripande|city-?wide)\b", re.I),
}
_LEVEL_WORDS = re.compile(r"\b(?:på|i|at|on|the)?\s*(?:nivå\w*|levels?)\b", re.I)


def _switched_level(question: str, previous: str) -> str:
    """The level a follow-up asks of, when it asks nothing else ("och centralt?", "och på lokal nivå
    då?") and the previous question named the other level; otherwise ""."""
    for level, pattern in _LEVELS.items():
        other = _LEVELS[_other_level(level)]
        rest = _LEVEL_WORDS.sub(" ", pattern.sub(" ", question))
        if pattern.search(question) and other.search(previous) and not _content_words(rest, set()):
            return level
    return ""


def _other_level(level: str) -> str:
    return next(name for name in _LEVELS if name != level)


def _switched_level_in(previous: str, level: str) -> str:
    """The previous question with its level word replaced by the one switched to."""
    return _LEVELS[_other_level(level)].sub(level, previous)


def _previous_turn(
    history: list[str], known_namnder: Mapping[str, Collection[int]] | None
) -> tuple[str, list[str], list[str], list[int]]:
    """The latest earlier turn as it was understood, with its nämnder, governing documents and years:
    when it leaned on the turn before it, what it carried comes along too, so a chain of follow-ups
    keeps the nämnd, year and topic it started from."""
    earlier = understand(history[-1], history[:-1], known_namnder) if len(history) >= 2 else None
    if earlier is None or not earlier.carried_from_history:
        return (history[-1], *_entities(history[-1]))
    return earlier.resolved, list(earlier.namnder), list(earlier.governing_documents), list(earlier.years)


def understand(
    question: str, history: list[str] | None = None, known_namnder: Mapping[str, Collection[int]] | None = None
) -> QueryIntent:
    """Read what the question asks about; resolve it against earlier turns when it leans on them.
    ``known_namnder``: the nämnder with documents in the index, and the years of those documents."""
    history = [_IDIOMS.sub(" ", expand_shorthand(turn)) for turn in (history or []) if turn.strip()]
    question = _IDIOMS.sub(" ", expand_shorthand(question))
    namnder, governing, years = _entities(question)
    if not namnder and _OWN_NAMND.search(question):
        # "Vad ska vår nämnd göra?" after "Jag jobbar på trafikkontoret": the user's own nämnd,
        # said in any earlier turn (the latest mention wins).
        own = [n for turn in history for n in _entities(turn)[0]]
        if own:
            namnder = [own[-1]]
            question = _OWN_NAMND.sub(own[-1], question)
    standalone = question
    carried = year_switch = newest = asked_again = False
    if history and (_REFERRING.search(question) or len(_content_words(question, set())) <= 2):
        previous, prev_namnder, prev_governing, prev_years = _previous_turn(history, known_namnder)
        # (the nämnd or governing document a follow-up switches to is no topic of its own)
        own_topic = _content_words(strip_governing_documents(question, question=True), mention_words(question))
        year_switch = bool(years) and not namnder and set(years) != set(prev_years) and len(own_topic) <= 1
        if namnder and prev_namnder and len(own_topic) <= 1:
            # "och utbildningsnämnden då?": the previous question, asked about the new nämnd.
            standalone = f"{replace_namnder(previous, namnder[0])} {question}"
            asked_again = True
        elif governing and prev_governing and governing != prev_governing and not namnder and len(own_topic) <= 1:
            # "och för samverkansöverenskommelsen?": the previous question, about the other document.
            standalone = f"{name_governing_document(previous, governing[0])} {question}"
            asked_again = True
        elif level := _switched_level(question, previous):
            # "och centralt?" after "… på lokal nivå?": the previous question, asked of the other level
            standalone = f"{_switched_level_in(previous, level)} {question}"
            asked_again = True
        elif year_switch and prev_years:
            # "och i 2023 års version?": the previous question, asked about the other year
            standalone = f"{_YEAR.sub(' ', previous)} {question}"
            asked_again = True
        else:
            extra: list[str] = []
            if not namnder and prev_namnder:
                extra += prev_namnder
            # The earlier question's topic comes along: a follow-up is about the same thing.
            extra += _content_words(previous, mention_words(previous))
            if not PARTY.search(question) and not _OTHER_SIDE.search(question):
                extra += PARTY.findall(previous)  # "höll nån mer med dem?" after "vad sa S och V …?"
            standalone = " ".join(dict.fromkeys([question, *extra]))
        if years and not namnder and known_namnder:
            # "och i 2023 års version?" after a question about Älvsjö's 2019 answer: a nämnd with no
            # document from the new year is not carried along (the question has moved on from it).
            for dropped in [n for n in prev_namnder if not set(years) & set(known_namnder.get(n, ()))]:
                prev_namnder.remove(dropped)
                standalone = replace_namnder(standalone.replace(dropped, " "), only=[dropped])
        namnder = namnder or prev_namnder
        governing = governing or prev_governing
        years = years or prev_years
        carried = True
    # the latest year the documents answer: "den nya överenskommelsen", whatever year they call it
    # "ny" in ("den nya överenskommelsen" of a 2019 response is the 2019 one)
    latest = max((year for nämnd_years in (known_namnder or {}).values() for year in nämnd_years), default=None)
    if not years and governing and latest and (NEWEST.search(question) or (carried and NEWEST.search(history[-1]))):
        years = [latest]
        newest = True
    elif len(years) == 1 and governing and latest and NEWEST.search(question) and _COMPARING.search(question):
        # "Hur skiljer sig 2019 års prioriteringar från den nya överenskommelsen?": both are compared
        years = years if latest in years else [*years, latest]
    known = set(known_namnder or ())
    unknown = tuple(name for name in namnder if known and name not in known and name not in GOVERNING_BODIES)
    # ("enligt trafiknämndens yttrande" names where to read, it does not ask about the yttrande)
    expansions = _matched(_EXPANSIONS, _NAMED_RESPONSE.sub(" ", standalone))
    synonyms = _matched(_SYNONYMS, standalone)
    language = detect_language(question)
    if language == "en":
        # (a "deputy member" is an ersättare, though "deputy" alone is a vice ordförande's title)
        words = dict.fromkeys(re.findall(r"[a-z-]+", DEPUTY_MEMBER.sub(" ersättare ", standalone.lower())))
        expansions += [(word, swedish) for word in words if (swedish := _glossary(word))]
    # "Och för utbildningsnämnden då?" asks what the earlier question asked (a person, a date …).
    answer_type, type_phrase = _answer_type(question)
    if not answer_type and carried:
        answer_type = _answer_type(history[-1])[0]
    return QueryIntent(
        question=question,
        standalone=" ".join([standalone, *dict.fromkeys(extra for _, extra in expansions)]),
        expansions=tuple(expansions + synonyms),
        concepts=tuple(dict.fromkeys(extra for _, extra in synonyms)),
        answer_type=answer_type,
        type_phrase=type_phrase,
        language=language,
        namnder=tuple(name for name in namnder if not known or name in known),
        governing_documents=tuple(governing),
        years=tuple(dict.fromkeys(years)),
        diarienummer=diarienummer_keys(standalone),
        year_switch=year_switch,
        newest=newest,
        parties=tuple(dict.fromkeys(PARTY.findall(standalone + " " + " ".join(extra for _, extra in expansions)))),
        # "och utbildningsnämnden då?" after "vilka …": the earlier question's list is asked for again
        wants_list=bool(_LIST_CUE.search(question) or (asked_again and _LIST_CUE.search(history[-1]))),
        carried_from_history=carried,
        resolved=standalone,
        across_documents=bool(_ACROSS_DOCUMENTS.search(question)),
        unknown_namnder=unknown,
        undocumented_years=tuple(
            year
            for year in dict.fromkeys(years)
            if known_namnder and all(year not in nämnd_years for nämnd_years in known_namnder.values())
        ),
    )
