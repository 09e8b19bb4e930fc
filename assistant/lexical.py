"""Swedish lexical search: Snowball stems, Swedish stop words and compound splitting, over BM25.

Snowball alone never lets ``trygghetsinvesteringar`` meet ``trygghet`` or ``investering``; Swedish
writes its domain terms as compounds, so each long word is also split against the corpus's own
vocabulary (``trygghets|investeringar``, with the linking -s) and both the whole word and its parts
are indexed. The same analyser runs on passages and questions.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Iterable
from functools import lru_cache

import bm25s
import numpy as np
import Stemmer
from bm25s.stopwords import STOPWORDS_SWEDISH

from index_build.normalise import model_view

_POSSESSIVE = re.compile(r"['’]s\b", re.IGNORECASE)
_TOKEN = re.compile(r"\d+(?:[.,]\d+)*|[a-zåäöéü]+(?:-[a-zåäöéü]+)*", re.IGNORECASE)
# Question words and fillers that say nothing about the topic (on top of Snowball's list).
_EXTRA_STOPWORDS = frozenset(
    """
    vilka vilken vilket hur vad varför när vem finns fanns funnits säger sägs står tycker anser ska skall också även
    ifrån enligt dokumenten dokumentet ge what which who whom when why how does do did is are was were
    the a an of to in on for and or about say says with it they their there this that from by as be has
    have any much many menas betyder definieras mean means meant definition
    börja börjar började börjat sluta slutar slutade slutat hända händer hände hänt ske sker skedde skett
    starta startar startade startat pågå pågår pågick gå går gick gått göra gör gjorde gjort gjorts få får
    fick fått ta tar tog tagit ge ger gav gett givit komma kommer kom kommit bli blir blev blivit
    vill ville velat kan kunde kunnat bör borde måste skulle räknas räknar räkna klassas datum årtal date
    version versionen mejl mail sitt jämför jämföra jämförs compare beskriver beskrev beskrivit beskrivs
    e-post epost email båda bägge both allra mest most själva självaste egentligen actually really väl alltså
    förklarar förklarade förklara förklarat explain explains explained ordagrant ordagrann verbatim likadant
    likadan likadana identical identically phrase phrased phrasing worded wording formulerat formulerad formulerade
    take takes took taken start starts started begin begins began begun happen happens happened make makes
    made get gets got give gives gave come comes came become becomes became carry carries carried out
    """.split()
)  # the last lines: modal verbs and verbs of happening/doing say nothing of a question's topic ("När börjar …")
STOPWORDS = frozenset(STOPWORDS_SWEDISH) | _EXTRA_STOPWORDS
_UNSTRESSED_E = re.compile(r"[^aeiouyåäö]el$")
MIN_PART = 4  # shorter "parts" (e.g. "kon|toret") are noise, not compounds
_MIN_COMPOUND = 9
_LOOSE_PREFIX = 5
_INFLECTION = 3  # an ending, not a compound: "polis" does not make "polismästare" known
_MIN_HEAD = 6  # "direktör", "ansvar": long enough that a compound ending in it is one of them


class SwedishAnalyzer:
    """Tokenise → drop stop words → stem; long words also yield the stems of their compound parts."""

    def __init__(self, vocabulary: Iterable[str] = ()) -> None:
        self._stemmer = Stemmer.Stemmer("swedish")
        self.vocabulary = frozenset(word for word in vocabulary if len(word) >= MIN_PART)
        # Parts are matched by stem too, so "trygghets|investeringar" splits even if the corpus
        # only ever writes "tryggheten" and "investering".
        self._stems = frozenset(self.stem(word) for word in self.vocabulary)
        self._split = lru_cache(maxsize=200_000)(self._split_uncached)

    def stem(self, word: str) -> str:
        """Snowball, plus the definite neuter ending it leaves alone: programmet → program,
        trygghetsprogrammet → trygghetsprogram (and a doubled final consonant made single), and the
        unstressed -e- that inflection drops: exempel and exemplen both stem to exempl."""
        stem = self._stemmer.stemWord(word)
        if len(stem) > 6 and stem.endswith("et"):
            stem = stem[:-2]
            if stem[-1] == stem[-2] and stem[-1] not in "aeiouyåäö":
                stem = stem[:-1]
        if len(stem) >= 5 and _UNSTRESSED_E.search(stem):  # (not "del", which would become "dl")
            stem = stem[:-2] + stem[-1]  # exempel/exemplen, regel/regler: the unstressed -e- drops when inflected
        return stem

    @staticmethod
    def words(text: str) -> list[str]:
        text = _POSSESSIVE.sub("", model_view(text))  # "committee's" is one word, not "committee" + the party "S"
        return [match.group(0).lower() for match in _TOKEN.finditer(text)]

    def _is_word(self, part: str) -> bool:
        # (a stem itself is a word: Snowball makes "konsekvenser" "konsekvens" but "konsekvens" "konsekven")
        if part in self.vocabulary or part in self._stems or self.stem(part) in self._stems:
            return True
        return part.endswith("s") and self._is_word(part[:-1])

    def _split_uncached(self, word: str) -> tuple[str, ...]:
        """Longest known tail first: 'trygghetsinvesteringar' → ('trygghets', 'investeringar')."""
        if len(word) < _MIN_COMPOUND or "-" in word:
            return tuple(part for part in word.split("-") if len(part) >= MIN_PART) if "-" in word else ()
        for cut in range(MIN_PART, len(word) - MIN_PART + 1):
            head, tail = word[:cut], word[cut:]
            if self._is_word(tail) and self._is_word(head):
                return (head, tail)
            if self._is_word(tail) and self._split(head):
                return (*self._split(head), tail)
        return ()

    def _part_stem(self, part: str) -> str:
        """A compound part as the corpus's own words stem: "konsekvens" is what "konsekvenser" stems
        to, though Snowball stems the bare word to "konsekv"."""
        stem = self.stem(part)
        return part if stem not in self._stems and part in self._stems else stem

    def terms(self, text: str, parts: bool = True) -> list[str]:
        """Stems of the content words, each followed by its compound parts' stems (unless ``parts`` is
        False: a synonym list's "efterfrågar" means asking for, not "frågor")."""
        terms: list[str] = []
        for word in self.words(text):
            if word in STOPWORDS:
                continue
            terms.append(self.stem(word))
            for part in self._split(word) if parts else ():
                if part.endswith("s") and self._is_word(part[:-1]):
                    part = part[:-1]  # the linking -s of "trygghets|investering"
                if part not in STOPWORDS:
                    terms.append(self._part_stem(part))
        return terms


class LexicalIndex:
    """BM25 over analysed passages (context line + text), plus the IDF table the answerer reuses."""

    def __init__(self, texts: list[str]) -> None:
        vocabulary = Counter(word for text in texts for word in SwedishAnalyzer.words(text))
        self.analyzer = SwedishAnalyzer(word for word, count in vocabulary.items() if count >= 1)
        tokenised = [self.analyzer.terms(text) for text in texts]
        self.size = len(texts)
        self._bm25 = bm25s.BM25()
        self._bm25.index(tokenised, show_progress=False)
        document_frequency = Counter(term for terms in tokenised for term in set(terms))
        self._idf = {term: math.log(1 + (self.size - df + 0.5) / (df + 0.5)) for term, df in document_frequency.items()}
        self._max_idf = math.log(1 + (self.size + 0.5) / 0.5)
        self._by_prefix: dict[str, list[str]] = {}
        for term in self._idf:
            self._by_prefix.setdefault(term[:_LOOSE_PREFIX], []).append(term)
        # Terms spelt backwards, sorted: "which known term ends in X" is a binary search, not a scan
        # of the vocabulary (which grows with every document).
        self._reversed = sorted(term[::-1] for term in self._idf)

    def idf(self, term: str) -> float:
        """IDF of a term; a term the corpus never uses gets the maximum."""
        return self._idf.get(term, self._max_idf)

    def known(self, term: str) -> bool:
        return term in self._idf

    def known_as_head(self, term: str) -> bool:
        """Known, or the last part of a known compound: Swedish compounds end in what they are
        ("stadsdelsdirektör" is a direktör), even when the part never stands alone in the corpus."""
        if term in self._idf:
            return True
        if len(term) < _MIN_HEAD:
            return False
        backwards = term[::-1]
        at = bisect.bisect_left(self._reversed, backwards)
        return at < len(self._reversed) and self._reversed[at].startswith(backwards)

    def known_loosely(self, term: str) -> bool:
        """Known as is, or as a longer/shorter form sharing its stem (bedöm ~ bedömd, organis ~ organiser)."""
        if term in self._idf:
            return True
        if term.endswith("s") and len(term) > 6 and self.known_loosely(term[:-1]):
            return True  # a passive the documents write active: föreslås ~ föreslår, behandlas ~ behandlar
        return any(
            (other.startswith(term) or term.startswith(other)) and abs(len(other) - len(term)) <= _INFLECTION
            for other in self._by_prefix.get(term[:_LOOSE_PREFIX], ())
            if min(len(other), len(term)) >= _LOOSE_PREFIX
        )

    def known_compound(self, term: str) -> bool:
        """Made of known words: a user writes "arbetstid" or "trygghetssatsningar" where the documents
        write "tid" and "arbete", "trygghet" and "satsningar". Parts too short for the analyser's own
        compound splitting count here."""
        for cut in range(3, len(term) - 2):
            head, tail = term[:cut], term[cut:]
            head_known = self.known_loosely(head) or (head.endswith("s") and self.known_loosely(head[:-1]))
            if head_known and self.known_loosely(tail):
                return True
        return False

    def scores(self, query: str) -> np.ndarray:
        terms = [term for term in self.analyzer.terms(query) if term in self._idf]
        if not terms or self.size == 0:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(terms), dtype=np.float32)
