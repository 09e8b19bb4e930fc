"""`python -m eval.synth`: a synthetic corpus of remissvar-like Swedish documents, for scale benchmarks.

Real sentences from ``documents/`` are recombined into new tjänsteutlåtanden from 30 nämnder,
2015–2026 and several governing documents, with the sender's names, numbers, dates and
diarienummer swapped. The letter template (Handläggare, Till <nämnd>, ISO date, "Svar på remiss
från kommunstyrelsen", KS dnr, Sammanfattning/Bakgrund/Ärendet/<förvaltning>s synpunkter, a
letterhead block) follows the real exports, glued header fields included, so the loaders,
normaliser, metadata extraction and chunker do the same work per document as on real input.

Deterministic: document ``i`` depends only on ``--seed`` and ``i``, so the first 100 documents of
a 1,000-document corpus are the 100-document corpus.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from tqdm import tqdm

from index_build.chunk import split_sentences
from index_build.load import discover, load_document
from index_build.models import BlockKind
from index_build.normalise import normalise

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Sender:
    """A nämnd and its förvaltning. Central nämnder are common nouns (lower-case inside a sentence)."""

    namnd: str
    forvaltning: str
    address: str

    def name(self, capital: bool) -> str:
        return _capitalised(self.namnd) if capital else self.namnd

    def office(self, capital: bool) -> str:
        return _capitalised(self.forvaltning) if capital else self.forvaltning


def _capitalised(name: str) -> str:
    return name[:1].upper() + name[1:]


def _district(area: str, address: str) -> Sender:
    return Sender(f"{area} stadsdelsnämnd", f"{area} stadsdelsförvaltning", address)


SENDERS: tuple[Sender, ...] = (
    Sender("trafiknämnden", "trafikkontoret", "Fleminggatan 4\nBox 8311\n104 20 Stockholm"),
    Sender("utbildningsnämnden", "utbildningsförvaltningen", "Hantverkargatan 2F\nBox 22049\n104 22 Stockholm"),
    Sender("socialnämnden", "socialförvaltningen", "Swedenborgsgatan 20\nBox 44\n104 20 Stockholm"),
    Sender("kulturnämnden", "kulturförvaltningen", "Hornsgatan 1\nBox 16113\n103 22 Stockholm"),
    Sender("idrottsnämnden", "idrottsförvaltningen", "Fleminggatan 4\nBox 8313\n104 20 Stockholm"),
    Sender("miljö- och hälsoskyddsnämnden", "miljöförvaltningen", "Fleminggatan 4\nBox 8136\n104 20 Stockholm"),
    Sender("stadsbyggnadsnämnden", "stadsbyggnadskontoret", "Fleminggatan 4\nBox 8314\n104 20 Stockholm"),
    Sender("exploateringsnämnden", "exploateringskontoret", "Fleminggatan 4\nBox 8189\n104 20 Stockholm"),
    Sender("fastighetsnämnden", "fastighetskontoret", "Fleminggatan 4\nBox 8312\n104 20 Stockholm"),
    Sender("äldrenämnden", "äldreförvaltningen", "Swedenborgsgatan 20\nBox 38066\n100 64 Stockholm"),
    Sender("arbetsmarknadsnämnden", "arbetsmarknadsförvaltningen", "Swedenborgsgatan 20\nBox 38066\n104 20 Stockholm"),
    Sender("servicenämnden", "serviceförvaltningen", "Hantverkargatan 3\nBox 8316\n104 20 Stockholm"),
    Sender("kyrkogårdsnämnden", "kyrkogårdsförvaltningen", "Sandsborgsvägen 50\nBox 6061\n122 06 Enskede"),
    Sender("överförmyndarnämnden", "överförmyndarförvaltningen", "Kungsholmsgatan 19\nBox 8317\n104 20 Stockholm"),
    Sender("valnämnden", "valkansliet", "Ragnar Östbergs plan 1\nBox 8314\n105 35 Stockholm"),
    _district("Rinkeby-Kista", "Kista Allé 4\nBox 7049\n164 07 Kista"),
    _district("Spånga-Tensta", "Tensta Allé 6\nBox 4005\n163 04 Spånga"),
    _district("Hässelby-Vällingby", "Vällingbyplan 2\nBox 2088\n162 02 Vällingby"),
    _district("Bromma", "Brommaplan 420\nBox 15035\n167 15 Bromma"),
    _district("Kungsholmen", "Lindhagensgatan 74\nBox 49039\n100 28 Stockholm"),
    _district("Norrmalm", "Tulegatan 15\nBox 3124\n103 62 Stockholm"),
    _district("Östermalm", "Karlavägen 104\nBox 24156\n104 51 Stockholm"),
    _district("Södermalm", "Medborgarplatsen 25\nBox 4210\n102 65 Stockholm"),
    _district("Enskede-Årsta-Vantör", "Slakthusplan 6\nBox 81\n121 22 Johanneshov"),
    _district("Skarpnäck", "Skarpnäcks allé 37\nBox 5043\n121 05 Johanneshov"),
    _district("Farsta", "Farsta torg 8\nBox 93\n123 22 Farsta"),
    _district("Älvsjö", "Götalandsvägen 224\nBox 27\n125 21 Älvsjö"),
    _district("Hägersten-Liljeholmen", "Svandammsplan 4\nBox 4\n126 25 Stockholm"),
    _district("Skärholmen", "Skärholmsvägen 2\nBox 9021\n127 09 Skärholmen"),
    _district("Hägersten-Älvsjö", "Svandammsplan 4\nBox 4\n126 25 Stockholm"),
)

# Governing documents a remiss can be about; {a}/{b} are filled with years after the letter's year.
TOPICS = (
    "Stockholms stads trygghetsprogram {a}-{b}",
    "Övergripande samverkansöverenskommelse mellan Stockholms stad och Polisregion Stockholm",
    "Stockholms stads program mot våld i nära relationer {a}-{b}",
    "Strategi för att motverka otillåten påverkan och välfärdsbrott",
    "Handlingsplan mot klotter och skadegörelse {a}",
    "Program för ett tryggt och levande nattliv {a}-{b}",
    "Riktlinjer för trygghetsinvesteringar i stadsmiljön",
    "Strategi mot hedersrelaterat våld och förtryck {a}-{b}",
)
FIRST_NAMES = ("Anna", "Erik", "Maria", "Johan", "Sara", "Mikael", "Fatima", "Lars", "Elin", "Ahmed", "Karin",
               "Oskar", "Lina", "Per", "Ida", "Mohammed", "Eva", "Jonas", "Sofia", "Kristoffer")  # fmt: skip
LAST_NAMES = ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson", "Svensson",
              "Gustafsson", "Lindberg", "Hassan", "Bengtsson", "Falk", "Nyström", "Berg", "Holm")  # fmt: skip
YEARS = range(2015, 2027)
SOURCE_YEAR = 2023  # the real documents are from 2019 and 2023; their years are shifted relative to this

_CONTACT = re.compile(r"@|\bTelefon\b|\bVäxel\b|\bBox \d|\b08-\d|\bOrg nr\b|start\.stockholm", re.IGNORECASE)
# One pass over a sentence; alternatives are tried left to right, so dates win over years and numbers.
_SWAPPABLE = re.compile(
    r"(?P<date>\b(?:19|20)\d\d-\d\d-\d\d\b)|(?P<dnr>\bKS \d{4}/\d+\b)|(?P<year>\b(?:19|20)\d\d\b)"
    r"|(?P<number>\b\d+(?:,\d+)?\b)"
)
_SENDER_NAMES = re.compile(
    "|".join(
        sorted(
            (re.escape(name) for s in SENDERS for name in (s.namnd, s.forvaltning)),
            key=len,
            reverse=True,
        )
    )
    + r"|\bkontoret\b|\bförvaltningen\b",
    re.IGNORECASE,
)


_OFFICES = frozenset({"kontoret", "förvaltningen", *(s.forvaltning.lower() for s in SENDERS)})
_PROPER_NAMES = frozenset(name.lower() for s in SENDERS if s.namnd[:1].isupper() for name in (s.namnd, s.forvaltning))


@dataclass(frozen=True)
class SentencePools:
    """Real sentences by the kind of section they came from, plus real bullet-list items."""

    summary: tuple[str, ...]
    background: tuple[str, ...]
    opinion: tuple[str, ...]
    bullets: tuple[str, ...]


def _pool_of(heading: str) -> str:
    heading = heading.lower()
    if "synpunkter" in heading or "bedömning" in heading or "uttalande" in heading:
        return "opinion"
    return "summary" if "sammanfattning" in heading else "background"


def load_pools(source_dir: Path) -> SentencePools:
    """Split the real documents into sentences, keeping prose only (no letterheads, names or lists)."""
    pools: dict[str, list[str]] = {"summary": [], "background": [], "opinion": [], "bullets": []}
    paths, _ = discover(source_dir)
    for path in paths:
        normalised = normalise(load_document(path, path.name, 60_000_000).raw_text)
        heading = ""
        for block in normalised.blocks:
            text = normalised.text[block.start : block.end]
            if block.kind is BlockKind.HEADING:
                heading = text
            elif block.kind is BlockKind.LIST_ITEM:
                if not text[:1].isdigit() and not _CONTACT.search(text):
                    pools["bullets"].append(text.lstrip("-•* ").strip())
            elif "\n" not in text.strip() and not _CONTACT.search(text):
                pools[_pool_of(heading)].extend(
                    sentence
                    for start, end in split_sentences(text)
                    if 40 <= len(sentence := text[start:end].strip()) <= 400 and sentence.endswith((".", "?", "!"))
                )
    everything = tuple(s for key in ("summary", "background", "opinion") for s in pools[key])
    if not everything:
        raise ValueError(f"no usable sentences in {source_dir}")
    return SentencePools(
        summary=tuple(dict.fromkeys(pools["summary"])) or everything,
        background=tuple(dict.fromkeys(pools["background"])) or everything,
        opinion=tuple(dict.fromkeys(pools["opinion"])) or everything,
        bullets=tuple(dict.fromkeys(pools["bullets"])),
    )


@dataclass(frozen=True)
class Letter:
    """Who writes, when, about what: everything a document's text is derived from."""

    sender: Sender
    year: int
    date: str
    deadline: str
    dnr: str
    topic: str
    handlaggare: str
    phone: str
    chief: str


def _iso_date(rng: random.Random, year: int, first_month: int = 1) -> str:
    return f"{year}-{rng.randint(first_month, 12):02d}-{rng.randint(1, 28):02d}"


def _person(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"


def make_letter(rng: random.Random, number: int) -> Letter:
    year = rng.choice(YEARS)
    date = _iso_date(rng, year, first_month=2)
    deadline = f"{year}-{int(date[5:7]):02d}-{min(28, int(date[8:]) + rng.randint(3, 20)):02d}"
    return Letter(
        sender=SENDERS[number % len(SENDERS)],
        year=year,
        date=date,
        deadline=deadline,
        dnr=f"KS {year}/{rng.randint(100, 1999)}",
        topic=rng.choice(TOPICS).format(a=year + 1, b=year + 4),
        handlaggare=_person(rng),
        phone=f"08-508 {rng.randint(10, 99)} {rng.randint(100, 999)}",
        chief=_person(rng),
    )


def _same_digits(rng: random.Random, number: str) -> str:
    """A different number of the same shape: '19,4' → '27,1', '5' → '8'."""
    whole, _, decimals = number.partition(",")
    low = 10 ** (len(whole) - 1) if len(whole) > 1 else 1
    value = str(rng.randint(low, 10 ** len(whole) - 1))
    return value + ("," + "".join(str(rng.randint(0, 9)) for _ in decimals) if decimals else "")


def personalise(sentence: str, letter: Letter, rng: random.Random) -> str:
    """The sentence as this letter's sender would write it: own names, own numbers, own years."""

    def sender(match: re.Match[str]) -> str:
        found = match.group(0).lower()
        # A district's name is capitalised anywhere; a central nämnd's only where a sentence starts.
        capital = match.start() == 0 or (match.group(0)[:1].isupper() and found not in _PROPER_NAMES)
        return letter.sender.office(capital) if found in _OFFICES else letter.sender.name(capital)

    def number(match: re.Match[str]) -> str:
        if match.group("date"):
            return _iso_date(rng, letter.year)
        if match.group("dnr"):
            return letter.dnr
        if match.group("year"):
            return str(int(match.group("year")) + letter.year - SOURCE_YEAR)
        return _same_digits(rng, match.group("number"))

    return _SWAPPABLE.sub(number, _SENDER_NAMES.sub(sender, sentence))


def _paragraphs(rng: random.Random, pool: tuple[str, ...], letter: Letter, count: int) -> list[str]:
    return [
        " ".join(personalise(s, letter, rng) for s in rng.sample(pool, k=min(len(pool), rng.randint(2, 4))))
        for _ in range(count)
    ]


def _header(rng: random.Random, letter: Letter) -> str:
    """One of the three header layouts seen in the real exports (clean, glued fields, dnr first)."""
    namnd = letter.sender.name(capital=True)
    subject = f"{letter.topic}. Svar på remiss från kommunstyrelsen"
    layouts = (
        f"Handläggare\n{letter.handlaggare}\nTelefon: {letter.phone}\n\nTill\n{namnd}\n{letter.date}\n\n"
        f"{letter.topic}\n\nSvar på remiss från kommunstyrelsen, {letter.dnr}",
        f"Handläggare{letter.handlaggare}\n{letter.phone}**Till**{namnd}\n{letter.date}\n\n{subject}\n\n{letter.dnr}",
        f"{namnd}\n{letter.dnr}\nSida 1 (4)\n{letter.date}\n\nHandläggare\n{letter.handlaggare}\n"
        f"Telefon: {letter.phone}\n\nTill\n{namnd}\n\n{subject}, {letter.dnr}",
    )
    return rng.choice(layouts)


def _letterhead(letter: Letter) -> str:
    office = letter.sender.office(capital=True)
    email = unicodedata.normalize("NFKD", letter.handlaggare.lower().replace(" ", ".")).encode("ascii", "ignore")
    return (
        f"{office}\n{letter.sender.address}\nTelefon {letter.phone}\nVäxel 08-508 00 000\n"
        f"{email.decode()}@stockholm.se\nstart.stockholm"
    )


def render(letter: Letter, pools: SentencePools, rng: random.Random) -> str:
    namnd, office = letter.sender.name(capital=True), letter.sender.office(capital=True)
    sections: list[str] = [
        _header(rng, letter),
        "Förslag till beslut",
        f"1. {namnd} godkänner förvaltningens tjänsteutlåtande och överlämnar det till kommunstyrelsen "
        "som svar på remissen.\n2. Beslutet justeras omedelbart.",
        f"{letter.chief}\nFörvaltningschef",
        "Sammanfattning",
        f"{namnd} har mottagit ”{letter.topic}” på remiss från kommunstyrelsen för yttrande senast {letter.deadline}.",
        *_paragraphs(rng, pools.summary, letter, rng.randint(1, 2)),
        _letterhead(letter),
        "Bakgrund",
        *_paragraphs(rng, pools.background, letter, rng.randint(1, 3)),
    ]
    if pools.bullets and rng.random() < 0.5:
        items = rng.sample(pools.bullets, k=min(len(pools.bullets), rng.randint(3, 5)))
        sections.append("\n".join(f"- {personalise(item, letter, rng)}" for item in items))
    sections += [
        "Ärendet",
        *_paragraphs(rng, pools.background, letter, rng.randint(2, 4)),
        f"{office}s synpunkter",
        *_paragraphs(rng, pools.opinion, letter, rng.randint(3, 5)),
        f"Mot bakgrund av ovanstående föreslår {letter.sender.office(capital=False)} att "
        f"{letter.sender.name(capital=False)} godkänner förvaltningens tjänsteutlåtande som svar på remissen.",
    ]
    return "\n\n".join(sections) + "\n"


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


def documents(count: int, seed: int, pools: SentencePools) -> Iterator[tuple[str, str]]:
    """``(file name, text)`` for documents 0..count-1; each has its own generator (prefix-stable)."""
    for number in range(count):
        rng = random.Random(f"{seed}-{number}")
        letter = make_letter(rng, number)
        topic = _slug(letter.topic.split(" mellan ")[0])[:40].rstrip("-")
        yield f"{letter.date}_{_slug(letter.sender.namnd)}_{topic}_{number:05d}.txt", render(letter, pools, rng)


def write_corpus(out_dir: Path, count: int, seed: int = 0, source_dir: Path = REPO / "documents") -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    pools = load_pools(source_dir)
    written: list[Path] = []
    for name, text in tqdm(documents(count, seed, pools), total=count, desc="synthesising", unit="doc"):
        path = out_dir / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m eval.synth",
        description=__doc__.splitlines()[0],
        epilog="example:\n  python -m eval.synth --out /tmp/synth100 --documents 100 --seed 1",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--out", type=Path, required=True, help="folder to write the .txt documents into")
    parser.add_argument("--documents", type=int, required=True, help="how many documents")
    parser.add_argument("--seed", type=int, default=0, help="same seed, same corpus (default 0)")
    parser.add_argument("--source", type=Path, default=REPO / "documents", help="real documents to recombine")
    args = parser.parse_args(argv)
    if args.documents < 1:
        parser.error("--documents must be at least 1")
    written = write_corpus(args.out, args.documents, args.seed, args.source)
    size = sum(path.stat().st_size for path in written)
    print(f"wrote {len(written)} documents ({size / 1e6:.1f} MB) to {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
